import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { roleSchema } from '@/shared/domain/user';
import { currentUser, requireRole } from '../auth/middleware';
import { organisations, users } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';
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

const userListItemSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
    phone: z.string().nullable(),
    businessId: z.uuid().nullable(),
  })
  .openapi('UserListItem');

const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['people'],
  summary: "Accounts of the coordinator's organisation",
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  responses: {
    200: {
      description: 'Accounts',
      content: { 'application/json': { schema: z.object({ users: z.array(userListItemSchema) }) } },
    },
    ...errorResponses(401, 403),
  },
});

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
    const rows = await db
      .select({
        id: users.id,
        username: users.username,
        name: users.name,
        role: users.role,
        active: users.active,
        phone: users.phone,
        businessId: users.businessId,
      })
      .from(users)
      .where(eq(users.organisationId, user.organisationId))
      .orderBy(asc(users.role), asc(users.username));
    return c.json({ users: rows }, 200);
  });

  return app;
}
