import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  assignmentRequestSchema,
  assignmentResultSchema,
  caseloadSchema,
  deskBusinessPageSchema,
  statusChangeSchema,
} from '@/shared/domain/assignment';
import { businessSchema } from '@/shared/domain/business';
import { businessListQuerySchema } from '@/shared/domain/business-filter';
import { mergeRequestSchema } from '@/shared/domain/business-merge';
import { idSchema } from '@/shared/domain/common';
import { translate } from '@/shared/i18n';
import { currentUser, requireRole } from '../auth/middleware';
import type { AppDeps } from '../deps';
import { assignBusinesses, caseloads, changeStatus, listBusinesses } from '../desk/business-desk';
import { mergeBusinesses } from '../desk/business-merge';
import { errorBody, errorResponses, fail, type AppEnv } from '../errors';

const listRoute = createRoute({
  method: 'get',
  path: '/api/desk/businesses',
  tags: ['desk'],
  summary: "The city's businesses for the coordinator, filtered, in name order",
  description:
    'Coordinators only, their own organisation. `q` matches every word against name, brand, owner and phone. `coachId=none` lists businesses no coach holds. `total` counts every match; `next` is the last id of the page.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { query: businessListQuerySchema },
  responses: {
    200: {
      description: 'A page of businesses',
      content: { 'application/json': { schema: deskBusinessPageSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const caseloadRoute = createRoute({
  method: 'get',
  path: '/api/desk/caseloads',
  tags: ['desk'],
  summary: 'Each coach’s caseload, and the businesses no coach holds (coachId null)',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  responses: {
    200: {
      description: 'Caseloads',
      content: { 'application/json': { schema: z.object({ caseloads: z.array(caseloadSchema) }) } },
    },
    ...errorResponses(401, 403),
  },
});

const assignRoute = createRoute({
  method: 'post',
  path: '/api/assignments',
  tags: ['desk'],
  summary: 'Assign businesses to a coach: a selection, or every business a filter matches',
  description:
    '`coachId: null` takes the businesses off every coach. The new coach’s phone receives each business with its history on its next sync; the previous coach’s phone removes it once nothing of it is waiting to be sent. All or nothing: an id not in the organisation changes nothing (404).',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    body: { content: { 'application/json': { schema: assignmentRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'How many changed',
      content: { 'application/json': { schema: assignmentResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const statusRoute = createRoute({
  method: 'post',
  path: '/api/businesses/{id}/status',
  tags: ['desk'],
  summary: 'Set a business’s coaching status (baru, berkembang, stagnan, naik_kelas, tutup)',
  description:
    '`expectedUpdatedAt` is the business’s `updatedAt` as the coordinator saw it: when it changed since, nothing is written and the answer is 409 `stale_business` with the current business.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    params: z.object({ id: idSchema }),
    body: { content: { 'application/json': { schema: statusChangeSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The business after the change',
      content: { 'application/json': { schema: z.object({ business: businessSchema }) } },
    },
    409: {
      description: 'The business changed since it was opened; `business` is the current one',
      content: {
        'application/json': {
          schema: z.object({
            error: z.object({ code: z.string(), message: z.string() }),
            business: businessSchema,
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/api/businesses/{id}/merge',
  tags: ['desk'],
  summary: 'Merge a duplicate into this business, field by field',
  description:
    '`take` lists the field groups whose value comes from the duplicate; every other group keeps this business’s value. The duplicate’s visits, follow-ups, checklists and photos move to this business; the duplicate becomes a tombstone and both are kept as they were in the merge record. Phones learn it on their next sync; a phone still writing to the duplicate has its writes land here. 409 `stale_business` when either business changed since it was compared.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    params: z.object({ id: idSchema }),
    body: { content: { 'application/json': { schema: mergeRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The kept business after the merge, and how many rows moved',
      content: {
        'application/json': {
          schema: z.object({ business: businessSchema, moved: z.record(z.string(), z.number().int()) }),
        },
      },
    },
    409: {
      description: 'One of the businesses changed since they were compared; both current ones are included',
      content: {
        'application/json': {
          schema: z.object({
            error: z.object({ code: z.string(), message: z.string() }),
            business: businessSchema,
            duplicate: businessSchema,
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function deskBusinessRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(listRoute, async (c) => {
    const page = await listBusinesses(db, currentUser(c), c.req.valid('query'));
    if (!page) fail(c, 404, 'not_found', 'api.notFound');
    return c.json(page, 200);
  });

  app.openapi(caseloadRoute, async (c) => {
    return c.json({ caseloads: await caseloads(db, currentUser(c), deps.now()) }, 200);
  });

  app.openapi(assignRoute, async (c) => {
    const request = c.req.valid('json');
    const outcome = await assignBusinesses(db, currentUser(c), request, deps.now());
    if (outcome.ok) return c.json({ changed: outcome.changed, unchanged: outcome.unchanged }, 200);
    const lang = c.get('lang') ?? 'id';
    if (outcome.reason === 'coach') {
      fail(c, 400, 'invalid_input', 'api.assignCoach', {}, [
        { path: 'coachId', message: translate(lang, 'api.assignCoach') },
      ]);
    }
    const asked = request.target.kind === 'selection' ? request.target.businessIds : [];
    const message = translate(lang, 'api.assignMissing', { count: outcome.missing.length });
    fail(
      c,
      404,
      'not_found',
      'api.assignMissing',
      { count: outcome.missing.length },
      outcome.missing
        .slice(0, 20)
        .map((id) => ({ path: `target.businessIds.${asked.indexOf(id)}`, message })),
    );
  });

  app.openapi(statusRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const outcome = await changeStatus(db, user, id, c.req.valid('json'), deps.now());
    if (outcome.ok) return c.json({ business: outcome.business }, 200);
    if (outcome.reason === 'notFound') fail(c, 404, 'not_found', 'api.notFound');
    const { error } = errorBody('stale_business', translate(c.get('lang') ?? 'id', 'api.staleBusiness'));
    return c.json({ error, business: outcome.business }, 409);
  });

  app.openapi(mergeRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const outcome = await mergeBusinesses(db, user, id, c.req.valid('json'), deps.now());
    if (outcome.ok) return c.json({ business: outcome.business, moved: outcome.moved }, 200);
    const lang = c.get('lang') ?? 'id';
    if (outcome.reason === 'stale') {
      const { error } = errorBody('stale_business', translate(lang, 'api.staleBusiness'));
      return c.json({ error, business: outcome.business, duplicate: outcome.duplicate }, 409);
    }
    if (outcome.reason === 'notFound') fail(c, 404, 'not_found', 'api.notFound');
    const [key, path] =
      outcome.reason === 'self'
        ? ['validation.mergeSelf', 'duplicateId']
        : outcome.reason === 'coach'
          ? ['api.assignCoach', 'take']
          : [outcome.message, outcome.path];
    fail(c, 400, 'invalid_input', key, {}, [{ path, message: translate(lang, key) }]);
  });

  return app;
}
