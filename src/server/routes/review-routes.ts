import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { idSchema } from '@/shared/domain/common';
import { followUpSchema } from '@/shared/domain/follow-up';
import { photoSchema } from '@/shared/domain/photo';
import {
  reviewEventSchema,
  reviewPageSchema,
  reviewQuerySchema,
  reviewRequestSchema,
  type ReviewQuery,
} from '@/shared/domain/review';
import { nextDay, startOfDay, timeZoneOfRegion } from '@/shared/domain/time-zone';
import { visitSchema, type ReviewState, type Visit } from '@/shared/domain/visit';
import { translate } from '@/shared/i18n';
import { currentUser, requireRole } from '../auth/middleware';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import {
  businesses,
  checklistStates,
  followUps,
  organisations,
  photos,
  users,
  visitReviews,
  visits,
} from '../db/schema';
import type { AppDeps } from '../deps';
import { errorBody, errorResponses, fail, type AppEnv } from '../errors';
import { reviewVisit } from '../review/visit-review';
import { checklistStateToWire, followUpToWire, photoToWire, visitToWire } from '../sync/wire';

/** `before`/`next`: the last row's visit time and id, `2026-11-23T02:15:00.000Z_<uuid>`. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

const queueQuerySchema = reviewQuerySchema
  .extend({
    before: z
      .string()
      .regex(CURSOR, { message: 'validation.cursorFormat' })
      .optional()
      .openapi({ description: 'The `next` of the previous page' }),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.dateRange' });
    }
  });

const queueRoute = createRoute({
  method: 'get',
  path: '/api/review/visits',
  tags: ['review'],
  summary: 'The review queue: synced visits, newest first, filtered',
  description:
    'Coordinators only, their own organisation. Dates are calendar days in the city’s time zone (WIB, WITA or WIT), both ends included. Drafts are never listed.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { query: queueQuerySchema },
  responses: {
    200: { description: 'A page of visits', content: { 'application/json': { schema: reviewPageSchema } } },
    ...errorResponses(400, 401, 403),
  },
});

const visitDetailSchema = z
  .object({
    visit: visitSchema,
    business: z.object({
      id: idSchema,
      name: z.string(),
      ownerName: z.string(),
      districtCode: z.string(),
      villageCode: z.string(),
    }),
    coach: z.object({ id: idSchema, name: z.string() }),
    followUps: z.array(followUpSchema),
    /** The checklists as this visit left them (their state after the visit). */
    checklistStates: z.array(checklistStateSchema),
    photos: z.array(photoSchema),
    history: z.array(reviewEventSchema),
  })
  .openapi('VisitDetail');

const detailRoute = createRoute({
  method: 'get',
  path: '/api/visits/{id}',
  tags: ['review'],
  summary: 'One visit with what a reviewer needs: follow-ups, checklists, photos and review history',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: z.object({ id: idSchema }) },
  responses: {
    200: { description: 'The visit', content: { 'application/json': { schema: visitDetailSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/api/visits/{id}/review',
  tags: ['review'],
  summary: 'Approve a visit, or return it to its coach with a comment',
  description:
    'The decision reaches the coach’s phone through sync. `expectedUpdatedAt` is the visit’s `updatedAt` when it was opened: when the visit changed since, nothing is written and the answer is 409 with the current visit.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    params: z.object({ id: idSchema }),
    body: { content: { 'application/json': { schema: reviewRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The visit after the decision',
      content: { 'application/json': { schema: z.object({ visit: visitSchema }) } },
    },
    409: {
      description:
        'The visit changed since it was opened (`stale_review`), or the decision does not apply to its state (`invalid_state`); `visit` is the current one',
      content: {
        'application/json': {
          schema: z.object({
            error: z.object({ code: z.string(), message: z.string() }),
            visit: visitSchema,
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

async function organisationZone(db: Db, organisationId: string) {
  const [row] = await db
    .select({ regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .limit(1);
  return timeZoneOfRegion(row?.regionCode ?? '');
}

async function queueConditions(db: Db, user: AuthenticatedUser, query: ReviewQuery): Promise<SQL[]> {
  const conditions: SQL[] = [
    eq(visits.organisationId, user.organisationId),
    isNull(visits.deletedAt),
    query.state ? eq(visits.reviewState, query.state) : ne(visits.reviewState, 'draft'),
  ];
  if (query.coachId) conditions.push(eq(visits.coachId, query.coachId));
  if (query.villageCode) conditions.push(eq(businesses.villageCode, query.villageCode));
  else if (query.districtCode) conditions.push(eq(businesses.districtCode, query.districtCode));
  if (query.topic) conditions.push(sql`${visits.topics} @> ${JSON.stringify([query.topic])}::jsonb`);
  if (query.from || query.to) {
    const zone = await organisationZone(db, user.organisationId);
    if (query.from) conditions.push(gte(visits.visitedAt, startOfDay(query.from, zone)));
    if (query.to) conditions.push(lt(visits.visitedAt, startOfDay(nextDay(query.to), zone)));
  }
  const cursor = query.before ? CURSOR.exec(query.before) : null;
  if (cursor) {
    const at = new Date(cursor[1] ?? '');
    const id = cursor[2] ?? '';
    conditions.push(or(lt(visits.visitedAt, at), and(eq(visits.visitedAt, at), lt(visits.id, id))) as SQL);
  }
  return conditions;
}

const SUMMARY_CHARS = 160;

export function reviewRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(queueRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const conditions = await queueConditions(db, user, query);
    const rows = await db
      .select({
        id: visits.id,
        visitedAt: visits.visitedAt,
        kind: visits.kind,
        topics: visits.topics,
        reviewState: visits.reviewState,
        reviewComment: visits.reviewComment,
        coachReply: visits.coachReply,
        summary: sql<string>`left(${visits.notes}, ${SUMMARY_CHARS})`,
        businessId: visits.businessId,
        businessName: businesses.name,
        districtCode: businesses.districtCode,
        villageCode: businesses.villageCode,
        coachId: visits.coachId,
        coachName: users.name,
        photoCount: sql<number>`(select count(*)::int from ${photos} where ${photos.businessId} = ${visits.businessId} and ${photos.visitId} = ${visits.id} and ${photos.deletedAt} is null)`,
        updatedAt: visits.updatedAt,
      })
      .from(visits)
      .innerJoin(businesses, eq(businesses.id, visits.businessId))
      .innerJoin(users, eq(users.id, visits.coachId))
      .where(and(...conditions))
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const next = rows.length > query.limit && last ? `${last.visitedAt.toISOString()}_${last.id}` : null;
    return c.json(
      {
        visits: page.map((row) => ({
          ...row,
          kind: row.kind as Visit['kind'],
          topics: row.topics as Visit['topics'],
          reviewState: row.reviewState as ReviewState,
          photoCount: Number(row.photoCount),
          visitedAt: row.visitedAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        next,
      },
      200,
    );
  });

  app.openapi(detailRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const [row] = await db
      .select({ visit: visits, business: businesses, coachName: users.name })
      .from(visits)
      .innerJoin(businesses, eq(businesses.id, visits.businessId))
      .innerJoin(users, eq(users.id, visits.coachId))
      .where(and(eq(visits.id, id), eq(visits.organisationId, user.organisationId), isNull(visits.deletedAt)))
      .limit(1);
    if (!row) fail(c, 404, 'not_found', 'api.notFound');
    const underVisit = <T extends typeof followUps | typeof checklistStates | typeof photos>(table: T) =>
      and(eq(table.businessId, row.visit.businessId), eq(table.visitId, id), isNull(table.deletedAt));
    const [followUpRows, checklistRows, photoRows, historyRows] = await Promise.all([
      db.select().from(followUps).where(underVisit(followUps)).orderBy(asc(followUps.dueOn)),
      db.select().from(checklistStates).where(underVisit(checklistStates)),
      db.select().from(photos).where(underVisit(photos)).orderBy(asc(photos.createdAt)),
      db
        .select({ event: visitReviews, byName: users.name })
        .from(visitReviews)
        .leftJoin(users, eq(users.id, visitReviews.byUserId))
        .where(eq(visitReviews.visitId, id))
        .orderBy(asc(visitReviews.at)),
    ]);
    return c.json(
      {
        visit: visitToWire(row.visit),
        business: {
          id: row.business.id,
          name: row.business.name,
          ownerName: row.business.ownerName,
          districtCode: row.business.districtCode,
          villageCode: row.business.villageCode,
        },
        coach: { id: row.visit.coachId, name: row.coachName },
        followUps: followUpRows.map(followUpToWire),
        checklistStates: checklistRows.map(checklistStateToWire),
        photos: photoRows.map(photoToWire),
        history: historyRows.map(({ event, byName }) => ({
          id: event.id,
          visitId: event.visitId,
          fromState: event.fromState as ReviewState | null,
          toState: event.toState as ReviewState,
          comment: event.comment,
          byUserId: event.byUserId,
          byName,
          at: event.at.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(reviewRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const request = c.req.valid('json');
    const result = await reviewVisit(db, user, id, request, deps.now());
    if (result.ok) return c.json({ visit: result.visit }, 200);
    if (result.reason === 'notFound') fail(c, 404, 'not_found', 'api.notFound');
    const stale = result.reason === 'stale';
    const message = translate(c.get('lang') ?? 'id', stale ? 'api.staleReview' : 'api.reviewTransition', {
      state: result.visit.reviewState,
    });
    const { error } = errorBody(stale ? 'stale_review' : 'invalid_state', message);
    return c.json({ error, visit: result.visit }, 409);
  });

  return app;
}
