/**
 * The two calls of the invite page: look at an invite (who it is for) and accept it (set the owner's
 * password or PIN, get a session). Public: no token. Like the sign-in call, these never throw: every
 * outcome, the network's absence included, is a value the page turns into a sentence.
 */
import { z } from 'zod';
import { invitePreviewSchema, type InvitePreview } from '@/shared/domain/owner';
import { sessionUserSchema, type SessionUser } from '@/shared/domain/user';
import type { Language } from '@/shared/i18n';

const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type InviteApiError = z.infer<typeof apiErrorSchema>['error'];

const acceptResponseSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  user: sessionUserSchema,
});

/** Why an invite cannot be used, or why the server could not be asked. */
export type InviteFailure =
  | { kind: 'unknown' | 'expired' | 'used' | 'network' | 'tooMany' }
  /** Anything else the server refused (bad input with field paths, a server error), with its message. */
  | { kind: 'refused'; error: InviteApiError };

export type PreviewResult = { kind: 'ok'; preview: InvitePreview } | InviteFailure;
export type AcceptResult =
  { kind: 'ok'; token: string; expiresAt: string; user: SessionUser } | InviteFailure;

async function post(path: string, body: unknown, language: Language): Promise<Response | null> {
  try {
    return await fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Accept-Language': language,
      },
      body: JSON.stringify(body),
    });
  } catch {
    return null;
  }
}

async function failureOf(response: Response): Promise<InviteFailure> {
  if (response.status === 429) return { kind: 'tooMany' };
  let error: InviteApiError | null = null;
  try {
    const parsed = apiErrorSchema.safeParse(await response.json());
    error = parsed.success ? parsed.data.error : null;
  } catch {
    error = null;
  }
  if (error?.code === 'invite_unknown') return { kind: 'unknown' };
  if (error?.code === 'invite_expired') return { kind: 'expired' };
  if (error?.code === 'invite_used') return { kind: 'used' };
  // A proxy with no server behind it answers 502/504 without our error shape: unreachable.
  if (!error)
    return response.status >= 500
      ? { kind: 'network' }
      : { kind: 'refused', error: { code: 'unexpected', message: '' } };
  return { kind: 'refused', error };
}

/** POST /api/invites/preview: whose invite this is, before anything is set. */
export async function previewInvite(code: string, language: Language): Promise<PreviewResult> {
  const response = await post('/api/invites/preview', { code }, language);
  if (!response) return { kind: 'network' };
  if (!response.ok) return failureOf(response);
  const parsed = invitePreviewSchema.safeParse(await response.json().catch(() => null));
  return parsed.success
    ? { kind: 'ok', preview: parsed.data }
    : { kind: 'refused', error: { code: 'unexpected', message: '' } };
}

/** POST /api/invites/accept: sets the owner's secret (and phone when the business has none); answers like sign-in. */
export async function acceptInvite(
  input: { code: string; secret: string; phone?: string },
  language: Language,
): Promise<AcceptResult> {
  const response = await post('/api/invites/accept', input, language);
  if (!response) return { kind: 'network' };
  if (!response.ok) return failureOf(response);
  const parsed = acceptResponseSchema.safeParse(await response.json().catch(() => null));
  return parsed.success
    ? { kind: 'ok', ...parsed.data }
    : { kind: 'refused', error: { code: 'unexpected', message: '' } };
}
