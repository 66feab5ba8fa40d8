import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { businessSchema } from '@/shared/domain/business';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpSchema } from '@/shared/domain/follow-up';
import { photoSchema } from '@/shared/domain/photo';
import { visitSchema } from '@/shared/domain/visit';
import { currentUser } from '../auth/middleware';
import type { AppDeps } from '../deps';
import { errorResponses, type AppEnv } from '../errors';
import { changesSince, parseCursor, START_CURSOR } from '../sync/changes-since';

export const PULL_PAGE_DEFAULT = 500;
export const PULL_PAGE_MAX = 2000;

const changesQuerySchema = z.strictObject({
  cursor: z
    .string()
    .default(START_CURSOR)
    .refine((value) => parseCursor(value) !== null, { message: 'validation.cursor' })
    .openapi({ description: 'The cursor of the previous page, as received; `0` (or absent) for everything' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PULL_PAGE_MAX)
    .default(PULL_PAGE_DEFAULT)
    .openapi({ description: `Rows per page over all tables (1–${PULL_PAGE_MAX})` }),
});

const changesResponseSchema = z.object({
  changes: z.object({
    businesses: z.array(businessSchema),
    visits: z.array(visitSchema),
    followUps: z.array(followUpSchema),
    checklistStates: z.array(checklistStateSchema),
    photos: z.array(photoSchema),
  }),
  cursor: z.string(),
  hasMore: z.boolean(),
  serverTime: z.iso.datetime(),
});

const changesRoute = createRoute({
  method: 'get',
  path: '/api/sync/changes',
  tags: ['sync'],
  summary: 'Rows the caller may read that changed after a cursor (the pull half of sync)',
  description:
    'Pages through businesses, visits, follow-ups, checklist states and photo metadata in commit order. Deleted rows come as tombstones (`deletedAt` set). Keep calling with the returned cursor while `hasMore` is true.',
  security: [{ bearerAuth: [] }],
  request: { query: changesQuerySchema },
  responses: {
    200: {
      description: 'A page of changes',
      content: { 'application/json': { schema: changesResponseSchema } },
    },
    ...errorResponses(400, 401),
  },
});

export function syncRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(changesRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const cursor = parseCursor(query.cursor);
    if (!cursor) throw new Error('cursor validated above');
    const page = await changesSince(deps.database.db, user, cursor, query.limit);
    c.header('Cache-Control', 'no-store');
    return c.json({ ...page, serverTime: deps.now().toISOString() }, 200);
  });
  return app;
}
