/**
 * Activating an owner invite (issue 6): public routes, since the owner has no account yet. Failed
 * lookups count against the caller's address like failed sign-ins (auth/rate-limit.ts), so codes
 * cannot be swept.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { invitePreviewSchema, ownerSecretSchema } from '@/shared/domain/owner';
import { translate } from '@/shared/i18n';
import { organisations, users } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';
import { acceptInvite, previewInvite, type InviteProblem } from '../owner/invites';
import { clientAddress } from '../client-address';
import { loginResponseSchema, signIn } from './auth-routes';

const codeSchema = z
  .string()
  .max(64, { message: 'validation.tooLong' })
  .openapi({ example: 'K7QM-2D9X-H4RT-W8NC', description: 'The code from the invite link (`#kode=…`)' });

const previewBodySchema = z.strictObject({ code: codeSchema }).openapi('InvitePreviewRequest');
const acceptBodySchema = z
  .strictObject({
    code: codeSchema,
    /** A 6-digit PIN or a password of 8+ characters. */
    secret: ownerSecretSchema,
    phone: z
      .string()
      .max(40, { message: 'validation.tooLong' })
      .optional()
      .openapi({ description: 'Only when the business has no phone number on file' }),
  })
  .openapi('InviteAcceptRequest');

const previewRoute = createRoute({
  method: 'post',
  path: '/api/invites/preview',
  tags: ['owners'],
  summary: 'What an invite code opens: the business and whether an account exists',
  description:
    'No session needed. 404 `invite_unknown` also when the coach’s phone has not yet synced the invite.',
  request: { body: { required: true, content: { 'application/json': { schema: previewBodySchema } } } },
  responses: {
    200: {
      description: 'The invite is valid',
      content: { 'application/json': { schema: invitePreviewSchema } },
    },
    ...errorResponses(400, 404, 410, 429),
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/api/invites/accept',
  tags: ['owners'],
  summary: 'Activate an invite: set the owner’s password (or PIN) and sign in',
  description:
    'Creates the owner’s account (username = their phone number in +62 form), or sets a new password for the existing one and closes its sessions. The invite can be used once.',
  request: { body: { required: true, content: { 'application/json': { schema: acceptBodySchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: loginResponseSchema } } },
    ...errorResponses(400, 404, 409, 410, 429),
  },
});

export function inviteRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  const throttle = async (c: Context<AppEnv>) => {
    const address = clientAddress(c, deps.trustProxy) ?? 'unknown';
    const now = deps.now().getTime();
    const wait = await deps.loginLimiter.perAddress.retryAfter(address, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header('Retry-After', String(seconds));
      fail(c, 429, 'too_many_attempts', 'api.tooManyAttempts', { seconds });
    }
    return () => deps.loginLimiter.perAddress.record(address, now);
  };
  const refuse = (c: Context<AppEnv>, problem: InviteProblem): never => {
    if (problem === 'unknown') fail(c, 404, 'invite_unknown', 'api.inviteUnknown');
    if (problem === 'expired') fail(c, 410, 'invite_expired', 'api.inviteExpired');
    return fail(c, 410, 'invite_used', 'api.inviteUsed');
  };

  app.openapi(previewRoute, async (c) => {
    const recordFailure = await throttle(c);
    const outcome = await previewInvite(db, c.req.valid('json').code, deps.now());
    if (!outcome.ok) {
      await recordFailure();
      return refuse(c, outcome.problem);
    }
    return c.json(outcome.preview, 200);
  });

  app.openapi(acceptRoute, async (c) => {
    const recordFailure = await throttle(c);
    const outcome = await acceptInvite(db, c.req.valid('json'), deps.now());
    if (!outcome.ok) {
      if (outcome.problem === 'phoneRequired') {
        fail(c, 400, 'invalid_input', 'api.invalidInput', {}, [
          { path: 'phone', message: translate(c.get('lang'), 'api.phoneRequired') },
        ]);
      }
      if (outcome.problem === 'phoneTaken') fail(c, 409, 'phone_taken', 'api.phoneTaken');
      await recordFailure();
      return refuse(c, outcome.problem as InviteProblem);
    }
    const [row] = await db
      .select({ user: users, organisationName: organisations.name })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, outcome.userId))
      .limit(1);
    if (!row) return fail(c, 404, 'invite_unknown', 'api.inviteUnknown');
    return c.json(await signIn(deps, c, { ...row.user, organisationName: row.organisationName }), 200);
  });

  return app;
}
