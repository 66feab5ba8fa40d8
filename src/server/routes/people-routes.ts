import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, count, eq, inArray, isNull, max } from 'drizzle-orm';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { randomUUID } from 'node:crypto';
import { idSchema } from '@/shared/domain/common';
import {
  accountCreatedSchema,
  accountListSchema,
  accountStatusChangedSchema,
  createAccountSchema,
  passwordResetSchema,
  type Account,
} from '@/shared/domain/people';
import { audit } from '../audit';
import { currentUser, requireRole } from '../auth/middleware';
import { hashPassword } from '../auth/password';
import { deactivateAccount, revokeAllSessions, type AuthenticatedUser } from '../auth/sessions';
import { temporaryPassword } from '../auth/temporary-password';
import type { Db } from '../db/connect';
import { businesses, organisations, sessions, users } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponseSchema, errorResponses, fail, sendError, type AppEnv } from '../errors';
import { translate } from '@/shared/i18n';
import { sessionUserResponseSchema } from './auth-routes';

const organisationSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    regionCode: z.string(),
    isDemo: z.boolean(),
    coverageTarget: z.number().int().nullable(),
  })
  .openapi('OrganisationSummary');

const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['auth'],
  summary: 'The signed-in user and their organisation',
  security: [{ bearerAuth: [] }],
  responses: {
    200: {
      description: 'Current user',
      content: {
        'application/json': {
          schema: z.object({ user: sessionUserResponseSchema, organisation: organisationSummarySchema }),
        },
      },
    },
    ...errorResponses(401),
  },
});

const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['people'],
  summary: "Accounts of the coordinator's organisation",
  description:
    'Every account of the organisation (coordinators, coaches, owners) with the last time any of its sessions reached the server and, for coaches, how many businesses are assigned to them.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  responses: {
    200: { description: 'Accounts', content: { 'application/json': { schema: accountListSchema } } },
    ...errorResponses(401, 403),
  },
});

const noStore = { 'Cache-Control': { schema: { type: 'string' as const }, description: 'no-store' } };

const createUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['people'],
  summary: 'Create a coach or coordinator account',
  description:
    'The server makes a readable temporary password (three words and four digits) and returns it in this answer only; hand it to the person. Owners are not created here (they are invited). Usernames are unique across the installation.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { body: { content: { 'application/json': { schema: createAccountSchema } }, required: true } },
  responses: {
    201: {
      description: 'Created; `temporaryPassword` is shown this once',
      headers: noStore,
      content: { 'application/json': { schema: accountCreatedSchema } },
    },
    409: {
      description: 'The username is taken (`username_taken`, with `fields[0].path` = `username`)',
      content: { 'application/json': { schema: errorResponseSchema } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const idParams = z.object({ id: idSchema });

const resetPasswordRoute = createRoute({
  method: 'post',
  path: '/api/users/{id}/password',
  tags: ['people'],
  summary: 'Reset an account’s password',
  description:
    'Sets a new temporary password (returned in this answer only) and signs the account out everywhere at once. A coordinator cannot reset their own password here.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: idParams },
  responses: {
    200: {
      description: 'Reset; `temporaryPassword` is shown this once',
      headers: noStore,
      content: { 'application/json': { schema: passwordResetSchema } },
    },
    409: {
      description: 'The coordinator’s own account (`own_account`)',
      content: { 'application/json': { schema: errorResponseSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const deactivateRoute = createRoute({
  method: 'post',
  path: '/api/users/{id}/deactivate',
  tags: ['people'],
  summary: 'Deactivate an account',
  description:
    'The account can no longer sign in and its sessions are closed at once: each of them gets 401 `account_inactive`, except that its phone may still push what it saved offline (POST /api/sync answers `signOut: true`) until the session would have expired. `assignedBusinesses` says how many businesses the coach still has, to give to another coach. Deactivating an inactive account changes nothing. A coordinator cannot deactivate themselves.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: idParams },
  responses: {
    200: {
      description: 'Deactivated',
      content: { 'application/json': { schema: accountStatusChangedSchema } },
    },
    409: {
      description: 'The coordinator’s own account (`own_account`)',
      content: { 'application/json': { schema: errorResponseSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const activateRoute = createRoute({
  method: 'post',
  path: '/api/users/{id}/activate',
  tags: ['people'],
  summary: 'Activate a deactivated account again',
  description:
    'The person signs in again with their password (reset it if they no longer have it). Activating an active account changes nothing.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: idParams },
  responses: {
    200: { description: 'Active', content: { 'application/json': { schema: accountStatusChangedSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Accounts of one organisation as the People screen shows them (optionally just one). */
async function listAccounts(db: Db, organisationId: string, userId?: string): Promise<Account[]> {
  const lastSeen = db
    .select({ userId: sessions.userId, at: max(sessions.lastSeenAt).as('last_seen_at') })
    .from(sessions)
    .where(
      inArray(
        sessions.userId,
        db.select({ id: users.id }).from(users).where(eq(users.organisationId, organisationId)),
      ),
    )
    .groupBy(sessions.userId)
    .as('last_seen');
  const caseload = db
    .select({ coachId: businesses.assignedCoachId, assigned: count().as('assigned') })
    .from(businesses)
    .where(and(eq(businesses.organisationId, organisationId), isNull(businesses.deletedAt)))
    .groupBy(businesses.assignedCoachId)
    .as('caseload');
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      role: users.role,
      active: users.active,
      phone: users.phone,
      businessId: users.businessId,
      createdAt: users.createdAt,
      lastSeenAt: lastSeen.at,
      assigned: caseload.assigned,
    })
    .from(users)
    .leftJoin(lastSeen, eq(lastSeen.userId, users.id))
    .leftJoin(caseload, eq(caseload.coachId, users.id))
    .where(
      userId
        ? and(eq(users.organisationId, organisationId), eq(users.id, userId))
        : eq(users.organisationId, organisationId),
    )
    .orderBy(asc(users.role), asc(users.name), asc(users.username));
  return rows.map(({ assigned, lastSeenAt, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    lastSeenAt: lastSeenAt ? new Date(lastSeenAt).toISOString() : null,
    assignedBusinesses: row.role === 'coach' ? Number(assigned ?? 0) : null,
  }));
}

/** One account of the caller's organisation; another organisation's is 404, as if it did not exist. */
async function accountOf(c: Context<AppEnv>, db: Db, user: AuthenticatedUser, id: string): Promise<Account> {
  const [account] = await listAccounts(db, user.organisationId, id);
  if (!account) fail(c, 404, 'not_found', 'api.notFound');
  return account;
}

/** 409 with the field it is about, so the form can put the message under it. */
function conflictOnField(c: Context<AppEnv>, code: 'username_taken', key: string, path: string): never {
  const lang = c.get('lang') ?? 'id';
  throw new HTTPException(409, {
    res: sendError(c, 409, code, key, {}, [{ path, message: translate(lang, key) }]),
  });
}

export function peopleRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(meRoute, async (c) => {
    const user = currentUser(c);
    const rows = await db
      .select()
      .from(organisations)
      .where(eq(organisations.id, user.organisationId))
      .limit(1);
    const organisation = rows[0];
    if (!organisation) fail(c, 401, 'unauthenticated', 'api.unauthenticated');
    const { sessionId: _sessionId, ...publicUser } = user;
    return c.json(
      {
        user: publicUser,
        organisation: {
          id: organisation.id,
          name: organisation.name,
          regionCode: organisation.regionCode,
          isDemo: organisation.isDemo,
          coverageTarget: organisation.coverageTarget,
        },
      },
      200,
    );
  });

  app.openapi(listUsersRoute, async (c) => {
    const user = currentUser(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ users: await listAccounts(db, user.organisationId) }, 200);
  });

  app.openapi(createUserRoute, async (c) => {
    const user = currentUser(c);
    const body = c.req.valid('json');
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    const id = randomUUID();
    const now = deps.now();
    const created = await db.transaction(async (tx) => {
      // The unique index decides between two coordinators choosing the same name at once.
      const inserted = await tx
        .insert(users)
        .values({
          id,
          organisationId: user.organisationId,
          username: body.username,
          name: body.name,
          role: body.role,
          passwordHash,
          phone: body.phone,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: users.username })
        .returning({ id: users.id });
      if (inserted.length === 0) return false;
      await audit(tx as unknown as Db, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'user.create',
        entity: 'user',
        entityId: id,
        detail: { username: body.username, role: body.role },
      });
      return true;
    });
    if (!created) conflictOnField(c, 'username_taken', 'api.usernameTaken', 'username');
    c.header('Cache-Control', 'no-store');
    return c.json({ user: await accountOf(c, db, user, id), temporaryPassword: password }, 201);
  });

  app.openapi(resetPasswordRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    await accountOf(c, db, user, id);
    if (id === user.id) fail(c, 409, 'own_account', 'api.ownAccountReset');
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    const now = deps.now();
    const revokedSessions = await db.transaction(async (tx) => {
      const txDb = tx as unknown as Db;
      await txDb.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
      const revoked = await revokeAllSessions(txDb, id, now);
      await audit(txDb, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'user.password_reset',
        entity: 'user',
        entityId: id,
        detail: { revokedSessions: revoked },
      });
      return revoked;
    });
    c.header('Cache-Control', 'no-store');
    return c.json(
      { user: await accountOf(c, db, user, id), temporaryPassword: password, revokedSessions },
      200,
    );
  });

  app.openapi(deactivateRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    await accountOf(c, db, user, id);
    if (id === user.id) fail(c, 409, 'own_account', 'api.ownAccountDeactivate');
    const now = deps.now();
    const revokedSessions = await db.transaction(async (tx) => {
      const txDb = tx as unknown as Db;
      const closed = await deactivateAccount(txDb, id, now);
      if (closed === null) return 0;
      await audit(txDb, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'user.deactivate',
        entity: 'user',
        entityId: id,
        detail: { revokedSessions: closed },
      });
      return closed;
    });
    const account = await accountOf(c, db, user, id);
    return c.json(
      { user: account, revokedSessions, assignedBusinesses: account.assignedBusinesses ?? 0 },
      200,
    );
  });

  app.openapi(activateRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    await accountOf(c, db, user, id);
    const now = deps.now();
    await db.transaction(async (tx) => {
      const txDb = tx as unknown as Db;
      const changed = await txDb
        .update(users)
        .set({ active: true, updatedAt: now })
        .where(and(eq(users.id, id), eq(users.active, false)))
        .returning({ id: users.id });
      if (changed.length === 0) return;
      await audit(txDb, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'user.activate',
        entity: 'user',
        entityId: id,
      });
    });
    const account = await accountOf(c, db, user, id);
    return c.json(
      { user: account, revokedSessions: 0, assignedBusinesses: account.assignedBusinesses ?? 0 },
      200,
    );
  });

  return app;
}
