/**
 * One JSON error shape for every failure: `{error: {code, message, fields?: [{path, message}]}}`.
 * Messages come from the shared catalogues in the caller's language (Indonesian unless the
 * request prefers English), so a coach's phone can show them as they are.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { translate, type Language } from '@/shared/i18n';
import { fieldErrors, type FieldError } from '@/shared/i18n/zod-issues';

export const errorCodeSchema = z.enum([
  'invalid_input',
  'malformed_json',
  'invalid_credentials',
  'account_inactive',
  'unauthenticated',
  'forbidden',
  'not_found',
  'payload_too_large',
  'too_many_attempts',
  'sync_gap',
  'cursor_expired',
  'stale_review',
  'invalid_state',
  'username_taken',
  'own_account',
  'stale_business',
  'invite_unknown',
  'invite_expired',
  'invite_used',
  'phone_taken',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      /** With `sync_gap`: the last mutation the server applied for this device; resend from the next. */
      lastMutationId: z.number().int().optional(),
    }),
  })
  .openapi('Error');
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export function errorBody(code: ErrorCode, message: string, fields?: FieldError[]): ErrorResponse {
  return { error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

export type AppEnv = {
  Variables: {
    lang: Language;
    user: import('./auth/sessions').AuthenticatedUser | null;
    /** The session was closed by the account's deactivation: it may only hand over (auth/middleware.ts). */
    accountClosed: boolean;
    requestId: string;
  };
};

export function sendError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  messageKey: string,
  values: Record<string, string | number> = {},
  fields?: FieldError[],
): Response {
  const lang = c.get('lang') ?? 'id';
  // A plain Response: error bodies are documented per route via errorResponses(), not typed per handler.
  return c.json(errorBody(code, translate(lang, messageKey, values), fields), status) as unknown as Response;
}

export function validationError(c: Context<AppEnv>, error: z.ZodError): Response {
  const lang = c.get('lang') ?? 'id';
  const fields = fieldErrors(error, lang);
  const first = fields[0];
  const summary = first
    ? `${translate(lang, 'api.invalidInput')} ${first.path ? `${first.path}: ` : ''}${first.message}`
    : translate(lang, 'api.invalidInput');
  return c.json(errorBody('invalid_input', summary, fields), 400) as unknown as Response;
}

/** Common error responses for the OpenAPI document. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 410 | 413 | 429>) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input; `fields` lists each problem with its path',
    401: 'Not signed in, or the session expired or was revoked',
    403: 'Signed in, but this role or organisation may not do this',
    404: 'Not found (also for rows of other organisations)',
    409: 'Out of order: `error.lastMutationId` says where to resume',
    410: 'The cursor is older than the tombstone horizon: push the outbox with cursor `0` and pull everything again',
    413: 'Body too large',
    429: 'Too many attempts; see Retry-After',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: descriptions[s] ?? 'Error',
        content: { 'application/json': { schema: errorResponseSchema } },
      },
    ]),
  );
}

/**
 * Ends a route handler with an error response. Thrown (as an HTTPException carrying the response)
 * so handlers' return types stay the documented success shapes; app.onError returns it as is.
 */
export function fail(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  messageKey: string,
  values: Record<string, string | number> = {},
  fields?: FieldError[],
): never {
  throw new HTTPException(status, { res: sendError(c, status, code, messageKey, values, fields) });
}
