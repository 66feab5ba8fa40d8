import { z } from 'zod';
import { sessionUserSchema, type SessionUser } from '@/shared/domain/user';
import type { Language } from '@/shared/i18n';
import { storedOrganisationSchema, type StoredOrganisation } from '@/client/data/session-schema';

const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>['error'];

const loginResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), user: sessionUserSchema });
const meResponseSchema = z.object({ user: sessionUserSchema, organisation: storedOrganisationSchema });
const publicConfigSchema = z.object({
  demo: z.boolean(),
  demoAccounts: z.array(z.string()).nullable(),
  demoPassword: z.string().nullable(),
  version: z.string(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

/** `network`: no answer at all (offline, server down). Distinct from a refusal, which carries a message. */
export type LoginResult =
  | { kind: 'ok'; token: string; expiresAt: string; user: SessionUser }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'network' };

async function readApiError(response: Response): Promise<ApiError | null> {
  try {
    const parsed = apiErrorSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.error : null;
  } catch {
    return null;
  }
}

export async function login(username: string, password: string, language: Language): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Accept-Language': language,
      },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { kind: 'network' };
  }
  if (response.ok) {
    const parsed = loginResponseSchema.safeParse(await response.json().catch(() => null));
    if (parsed.success) return { kind: 'ok', ...parsed.data };
    return { kind: 'refused', error: { code: 'internal', message: '' } };
  }
  const error = await readApiError(response);
  // A proxy with no server behind it answers 502/504 without our error shape: treat as unreachable.
  if (!error)
    return response.status >= 500
      ? { kind: 'network' }
      : { kind: 'refused', error: { code: 'unexpected', message: '' } };
  return { kind: 'refused', error };
}

export async function logout(token: string): Promise<void> {
  try {
    await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch {
    // Offline: the server session expires on its own; the phone forgets the token now.
  }
}

export type MeResult =
  | { kind: 'ok'; user: SessionUser; organisation: StoredOrganisation }
  /** `accountClosed`: the account was deactivated (the phone may still hand over what it saved). */
  | { kind: 'unauthorized'; accountClosed: boolean }
  | { kind: 'unavailable' };

/** Revalidates a stored token. Only a 401 means "signed out"; anything else leaves the session alone. */
export async function fetchMe(token: string, language: Language): Promise<MeResult> {
  try {
    const response = await fetch('/api/me', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Accept-Language': language },
    });
    if (response.status === 401) {
      const error = await readApiError(response);
      return { kind: 'unauthorized', accountClosed: error?.code === 'account_inactive' };
    }
    if (!response.ok) return { kind: 'unavailable' };
    const parsed = meResponseSchema.safeParse(await response.json());
    return parsed.success ? { kind: 'ok', ...parsed.data } : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}

export async function fetchPublicConfig(): Promise<PublicConfig | null> {
  try {
    const response = await fetch('/api/public/config', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const parsed = publicConfigSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
