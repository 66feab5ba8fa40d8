import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { businessSchema } from '@/shared/domain/business';
import { idSchema } from '@/shared/domain/common';
import { currentUser } from '../auth/middleware';
import { businessScope } from '../auth/scope';
import { businesses } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';
import { businessToWire } from '../sync/wire';

/**
 * The shared schema itself, not a copy: the wire, the phone and the server validate with one
 * definition. (Shared schemas import plain zod, so they are not given `.openapi()` names; the
 * generator inlines them.)
 */
const businessResponseSchema = businessSchema;

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'Page size (1–500)' }),
  after: idSchema
    .optional()
    .openapi({ description: 'Return businesses whose id sorts after this one (keyset paging)' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/businesses',
  tags: ['businesses'],
  summary: 'Businesses the caller may see, in id order',
  description:
    'Coordinators see their whole organisation, coaches the businesses assigned to or created by them, owners only their own. NIK is returned only to staff roles.',
  security: [{ bearerAuth: [] }],
  request: { query: listQuerySchema },
  responses: {
    200: {
      description: 'A page of businesses',
      content: {
        'application/json': {
          schema: z.object({ businesses: z.array(businessResponseSchema), next: idSchema.nullable() }),
        },
      },
    },
    ...errorResponses(400, 401),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/businesses/{id}',
  tags: ['businesses'],
  summary: 'One business',
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ id: idSchema }) },
  responses: {
    200: { description: 'The business', content: { 'application/json': { schema: businessResponseSchema } } },
    ...errorResponses(400, 401, 404),
  },
});

export function businessRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(listRoute, async (c) => {
    const user = currentUser(c);
    const { limit, after } = c.req.valid('query');
    const conditions = [businessScope(user), isNull(businesses.deletedAt)];
    if (after) conditions.push(gt(businesses.id, after));
    const rows = await db
      .select()
      .from(businesses)
      .where(and(...conditions))
      .orderBy(asc(businesses.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
    return c.json({ businesses: page.map((row) => businessToWire(row, user)), next }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const rows = await db
      .select()
      .from(businesses)
      .where(and(businessScope(user), eq(businesses.id, id)))
      .limit(1);
    const row = rows[0];
    if (!row) fail(c, 404, 'not_found', 'api.notFound');
    return c.json(businessToWire(row, user), 200);
  });

  return app;
}
