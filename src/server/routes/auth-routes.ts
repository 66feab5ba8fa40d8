import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { normalizePhone } from '@/shared/domain/common';
import { roleSchema } from '@/shared/domain/user';
import { currentUser } from '../auth/middleware';
import { dummyPasswordHash, verifyPassword } from '../auth/password';
import { createSession, revokeSession } from '../auth/sessions';
import { organisations, users } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';
import { audit } from '../audit';
import { clientAddress } from '../client-address';

export const sessionUserResponseSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: roleSchema,
    username: z.string(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    businessId: z.uuid().nullable(),
  })
  .openapi('SessionUser');

const loginBodySchema = z
  .strictObject({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, { message: 'validation.required' })
      .max(40, { message: 'validation.username' }),
    // Only length is checked at login: old accounts may predate today's password rules.
    password: z
      .string()
      .min(1, { message: 'validation.required' })
      .max(200, { message: 'validation.tooLong' }),
  })
  .openapi('LoginRequest');

export const loginResponseSchema = z
  .object({ token: z.string(), expiresAt: z.iso.datetime(), user: sessionUserResponseSchema })
  .openapi('LoginResponse');

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in with username (owners: phone number) and password',
  description:
    'Returns an opaque bearer token for `Authorization: Bearer …`. Attempts are limited per account and per address (429 with Retry-After).',
  request: { body: { required: true, content: { 'application/json': { schema: loginBodySchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: loginResponseSchema } } },
    ...errorResponses(400, 401, 413, 429),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Revoke the current session',
  security: [{ bearerAuth: [] }],
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401) },
});

export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** Opens a session for `user` and answers what a sign-in answers (the login and an activated invite). */
export async function signIn(
  deps: AppDeps,
  c: Context<AppEnv>,
  user: typeof users.$inferSelect & { organisationName: string },
): Promise<LoginResponse> {
  const { token, expiresAt } = await createSession(deps.database.db, user.id, {
    days: deps.sessionDays,
    userAgent: c.req.header('user-agent'),
    now: deps.now(),
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    user: {
      id: user.id,
      name: user.name,
      role: user.role,
      username: user.username,
      organisationId: user.organisationId,
      organisationName: user.organisationName,
      businessId: user.businessId,
    },
  };
}

export function authRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const now = deps.now().getTime();
    const address = clientAddress(c, deps.trustProxy) ?? 'unknown';
    // Owners sign in with their phone number, stored as their username in +62 form: `0812…` and
    // `+62812…` are one account (and one lockout).
    const accountKey = normalizePhone(username) ?? username;
    const wait = Math.max(
      await deps.loginLimiter.perAccount.retryAfter(accountKey, now),
      await deps.loginLimiter.perAddress.retryAfter(address, now),
    );
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header('Retry-After', String(seconds));
      fail(c, 429, 'too_many_attempts', 'api.tooManyAttempts', { seconds });
    }
    await deps.loginLimiter.perAddress.record(address, now);

    const rows = await db
      .select({ user: users, organisationName: organisations.name })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.username, accountKey))
      .limit(1);
    const row = rows[0];
    // Verify against a dummy hash for unknown names so response time does not reveal who exists.
    const valid = await verifyPassword(password, row?.user.passwordHash ?? (await dummyPasswordHash()));
    if (!row || !valid) {
      await deps.loginLimiter.perAccount.record(accountKey, now);
      // An unknown name is not logged: it is often a password typed into the wrong box.
      deps.logger?.info(
        { event: 'login_failed', username: row ? row.user.username : null, known: Boolean(row), address },
        'login failed',
      );
      fail(c, 401, 'invalid_credentials', 'api.invalidCredentials');
    }
    if (!row.user.active) fail(c, 401, 'account_inactive', 'api.accountInactive');
    await deps.loginLimiter.perAccount.reset(accountKey);

    await audit(db, {
      organisationId: row.user.organisationId,
      userId: row.user.id,
      action: 'login',
      detail: { address },
    });
    return c.json(await signIn(deps, c, { ...row.user, organisationName: row.organisationName }), 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const user = currentUser(c);
    await revokeSession(db, user.sessionId, deps.now());
    return c.body(null, 204);
  });

  return app;
}
