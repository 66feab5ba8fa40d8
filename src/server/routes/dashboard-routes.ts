import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import { currentTemplate } from '@/shared/checklists';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import { coachingStatusSchema, type CoachingStatus } from '@/shared/domain/business';
import {
  coverageTargetRequestSchema,
  dashboardQuerySchema,
  dashboardSchema,
  MAP_BUSINESSES_MAX,
  MAP_VISITS_MAX,
  mapPointsSchema,
  mapQuerySchema,
  MOVEMENT_LAST_VISITS,
  SALES_FLAT_WITHIN,
  type Dashboard,
  type DistrictCount,
  type MapPoints,
} from '@/shared/domain/dashboard';
import {
  startOfDay,
  timeZoneOfRegion,
  UTC_OFFSET_HOURS,
  type IndonesianTimeZone,
} from '@/shared/domain/time-zone';
import { audit } from '../audit';
import { currentUser, requireRole } from '../auth/middleware';
import {
  adoption,
  businessFacts,
  readDashboard,
  weeklyVisits,
  type DistrictFacts,
} from '../dashboard/dashboard-queries';
import { rowsOf, type Db } from '../db/connect';
import { organisations, syncState, users } from '../db/schema';
import type { AppDeps } from '../deps';
import { refreshDashboardFacts } from '../dashboard/dashboard-facts';
import { errorResponses, fail, type AppEnv } from '../errors';

const NOT_VISITED_SAMPLE = 50;

const dashboardRoute = createRoute({
  method: 'get',
  path: '/api/dashboard',
  tags: ['dashboard'],
  summary:
    'The coordinator’s dashboard: coverage, visits per coach, not visited, checklist adoption, movement',
  description:
    'Coordinators only, their own organisation. Weeks start on Monday and months on the 1st in the city’s time zone. `districtCode` narrows every figure to one kecamatan except coverage against the target, which is the city’s. Definitions: under coaching = not closed (tutup), a coach assigned and at least one visit; naik kelas and stagnan are judged over each business’s last 3 visits (see `movement.definitions` and shared/domain/dashboard.ts). Draft visits count nowhere.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { query: dashboardQuerySchema },
  responses: {
    200: {
      description: 'The figures',
      content: { 'application/json': { schema: dashboardSchema } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const targetRoute = createRoute({
  method: 'put',
  path: '/api/organisation/coverage-target',
  tags: ['dashboard'],
  summary: 'Set the number of businesses the office aims to have under coaching (null clears it)',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    body: { content: { 'application/json': { schema: coverageTargetRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The stored target',
      content: { 'application/json': { schema: z.object({ target: z.number().int().nullable() }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const mapRoute = createRoute({
  method: 'get',
  path: '/api/map/points',
  tags: ['dashboard'],
  summary: 'Businesses with a GPS point, and visits of the last N days with one, as compact rows',
  description: `Coordinators only. Businesses: \`[id, name, lat, lng, status, lastVisitAt]\` (at most ${MAP_BUSINESSES_MAX}); visits: \`[id, businessId, lat, lng, visitedAt]\`, newest first (at most ${MAP_VISITS_MAX}; \`visitsTruncated\` says when more matched).`,
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { query: mapQuerySchema },
  responses: {
    200: {
      description: 'The points',
      content: { 'application/json': { schema: mapPointsSchema } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
function localDay(at: Date, zone: IndonesianTimeZone): string {
  return new Date(at.getTime() + UTC_OFFSET_HOURS[zone] * 3_600_000).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Mondays of the last `weeks` weeks (the current one last), in the zone. */
function weekStarts(now: Date, zone: IndonesianTimeZone, weeks: number): string[] {
  const today = localDay(now, zone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const monday = addDays(today, -((weekday + 6) % 7));
  return Array.from({ length: weeks }, (_, i) => addDays(monday, -7 * (weeks - 1 - i)));
}

/** The last `count` months (`YYYY-MM`, the current one last) with the instant each ends, in the zone. */
function monthEnds(now: Date, zone: IndonesianTimeZone, count: number) {
  const [year = 0, month = 1] = localDay(now, zone).split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - 1 - i);
    const label = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const next = index + 1;
    const nextFirst = `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-01`;
    return { month: label, end: startOfDay(nextFirst, zone) };
  });
}

async function organisationOf(db: Db, organisationId: string) {
  const [row] = await db
    .select({ regionCode: organisations.regionCode, coverageTarget: organisations.coverageTarget })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .limit(1);
  return row ?? null;
}

function byDistrict(rows: readonly DistrictFacts[], pick: (row: DistrictFacts) => number): DistrictCount[] {
  return rows.map((row) => ({ districtCode: row.districtCode, count: pick(row) }));
}

const sum = (rows: readonly DistrictFacts[], pick: (row: DistrictFacts) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

/**
 * Figures already computed, by what they depend on: the organisation's sync version (every write
 * to a business, visit or checklist takes the next one: sync.md), its users (names, who is an
 * active coach), the city's calendar day (weeks, months and "not visited since" are calendar
 * days) and the query. Computing them from 100,000 visits costs about a second on the embedded
 * database; a coordinator switching kecamatan back and forth, or a second coordinator, gets them
 * at once until something changes. The target is read fresh every time (it is not in the key).
 */
type CachedFigures = Omit<Dashboard, 'coverage'> & { coverage: Omit<Dashboard['coverage'], 'target'> };
const CACHE_ENTRIES = 64;

async function figuresKey(db: Db, organisationId: string, day: string, query: object): Promise<string> {
  const [state] = await db
    .select({ version: syncState.version })
    .from(syncState)
    .where(eq(syncState.organisationId, organisationId));
  const [people] = await db
    .select({
      count: sql<number>`count(*)::int`,
      changed: sql<string | null>`max(${users.updatedAt})::text`,
    })
    .from(users)
    .where(eq(users.organisationId, organisationId));
  return JSON.stringify([
    organisationId,
    state?.version ?? 0,
    people?.count ?? 0,
    people?.changed ?? '',
    day,
    query,
  ]);
}

export function dashboardRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;
  const cache = new Map<string, CachedFigures>();

  app.openapi(dashboardRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const now = deps.now();
    const organisation = await organisationOf(db, user.organisationId);
    const zone = timeZoneOfRegion(organisation?.regionCode ?? '');
    const districtCode = query.districtCode ?? null;
    const weeks = weekStarts(now, zone, query.weeks);
    const months = monthEnds(now, zone, query.months);
    const computeFigures = async (): Promise<CachedFigures> => {
      const firstWeek = weeks[0] ?? localDay(now, zone);
      const lastWeek = weeks[weeks.length - 1] ?? firstWeek;

      // The per-business tables first catch up with what was written since they last did.
      await refreshDashboardFacts(db, user.organisationId);
      // One read-only transaction: one snapshot for every figure. The statements run one after the
      // other (the embedded database runs one at a time anyway).
      const { facts, weekly, packaging, digital, coachRows } = await readDashboard(db, async (tx) => {
        const facts = await businessFacts(tx, {
          organisationId: user.organisationId,
          cutoff: startOfDay(addDays(today, -query.notVisitedDays), zone),
          districtCode,
          sampleSize: NOT_VISITED_SAMPLE,
        });
        const weekly = await weeklyVisits(tx, {
          organisationId: user.organisationId,
          from: startOfDay(firstWeek, zone),
          to: startOfDay(addDays(lastWeek, 7), zone),
          offsetHours: UTC_OFFSET_HOURS[zone],
        });
        const adoptionOf = async (kind: ChecklistKind) => {
          const rows = await adoption(tx, {
            organisationId: user.organisationId,
            kind,
            months,
            districtCode,
            offsetHours: UTC_OFFSET_HOURS[zone],
          });
          return currentTemplate(kind).items.map((item) => ({
            item: item.id,
            label: item.label,
            points: rows
              .filter((row) => row.item === item.id)
              .map((row) => ({
                month: row.month,
                share: row.applies === 0 ? 0 : row.done / row.applies,
                done: row.done,
                applies: row.applies,
              })),
          }));
        };
        const packaging = await adoptionOf('packaging');
        const digital = await adoptionOf('digital_marketing');
        const coachRows = await tx
          .select({ id: users.id, name: users.name, role: users.role, active: users.active })
          .from(users)
          .where(eq(users.organisationId, user.organisationId))
          .orderBy(users.name);
        return { facts, weekly, packaging, digital, coachRows };
      });

      const all = facts.districts;
      const scoped = districtCode ? all.filter((row) => row.districtCode === districtCode) : all;
      const scopedWeekly = districtCode ? weekly.filter((row) => row.districtCode === districtCode) : weekly;

      // Every active coach, and anyone else who made a counted visit in the period.
      const visitors = new Set(scopedWeekly.map((row) => row.coachId));
      const coaches = coachRows
        .filter((row) => (row.role === 'coach' && row.active) || visitors.has(row.id))
        .map((row) => {
          const counts = new Map<string, number>();
          for (const entry of scopedWeekly) {
            if (entry.coachId === row.id)
              counts.set(entry.weekStart, (counts.get(entry.weekStart) ?? 0) + entry.count);
          }
          const perWeek = weeks.map((weekStart) => ({ weekStart, count: counts.get(weekStart) ?? 0 }));
          return {
            coachId: row.id,
            name: row.name,
            weeks: perWeek,
            total: perWeek.reduce((total, week) => total + week.count, 0),
          };
        });

      const visitsByDistrict = new Map<string, number>();
      for (const entry of weekly) {
        visitsByDistrict.set(
          entry.districtCode,
          (visitsByDistrict.get(entry.districtCode) ?? 0) + entry.count,
        );
      }
      const statusCounts = Object.fromEntries(
        coachingStatusSchema.options.map((status) => [
          status,
          sum(scoped, (row) => row.statusCounts[status]),
        ]),
      ) as Record<CoachingStatus, number>;

      const figures: CachedFigures = {
        generatedAt: now.toISOString(),
        timeZone: zone,
        districtCode,
        coverage: {
          underCoaching: sum(all, (row) => row.underCoaching),
          byDistrict: byDistrict(all, (row) => row.underCoaching),
        },
        visitsPerCoachPerWeek: { weekStarts: weeks, coaches },
        notVisited: {
          days: query.notVisitedDays,
          count: sum(scoped, (row) => row.notVisited),
          byDistrict: byDistrict(scoped, (row) => row.notVisited),
          sample: facts.sample,
        },
        checklistAdoption: { months: months.map((m) => m.month), packaging, digital },
        movement: {
          naikKelas: {
            count: sum(scoped, (row) => row.naikKelas),
            byDistrict: byDistrict(scoped, (row) => row.naikKelas),
          },
          stagnan: {
            count: sum(scoped, (row) => row.stagnan),
            byDistrict: byDistrict(scoped, (row) => row.stagnan),
          },
          assessed: sum(scoped, (row) => row.assessed),
          definitions: { lastVisits: MOVEMENT_LAST_VISITS, flatWithin: SALES_FLAT_WITHIN },
        },
        byDistrict: scoped.map((row) => ({
          districtCode: row.districtCode,
          businesses: row.businesses,
          underCoaching: row.underCoaching,
          notVisited: row.notVisited,
          naikKelas: row.naikKelas,
          stagnan: row.stagnan,
          visits: visitsByDistrict.get(row.districtCode) ?? 0,
        })),
        statusCounts,
      };
      return figures;
    };
    const today = localDay(now, zone);
    const key = await figuresKey(db, user.organisationId, today, query);
    let figures = cache.get(key);
    if (!figures) {
      figures = await computeFigures();
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, figures);
    }
    const answer: Dashboard = {
      ...figures,
      coverage: { ...figures.coverage, target: organisation?.coverageTarget ?? null },
    };
    return c.json(answer, 200);
  });

  app.openapi(targetRoute, async (c) => {
    const user = currentUser(c);
    const { target } = c.req.valid('json');
    const saved = await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ target: organisations.coverageTarget })
        .from(organisations)
        .where(eq(organisations.id, user.organisationId))
        .for('update');
      if (!before) return null;
      await tx
        .update(organisations)
        .set({ coverageTarget: target })
        .where(eq(organisations.id, user.organisationId));
      await audit(tx, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'organisation.coverage_target',
        entity: 'organisation',
        entityId: user.organisationId,
        detail: { from: before.target, to: target },
      });
      return { target };
    });
    if (!saved) fail(c, 404, 'not_found', 'api.notFound');
    return c.json(saved, 200);
  });

  app.openapi(mapRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const since = new Date(deps.now().getTime() - query.days * DAY_MS);
    const district = query.districtCode ? sql`AND b.district_code = ${query.districtCode}` : sql``;
    const businessRows = await db.execute(sql`
      SELECT b.id, b.name,
             round((b.location ->> 'lat')::numeric, 5)::float8 AS lat,
             round((b.location ->> 'lng')::numeric, 5)::float8 AS lng,
             b.status,
             lv.last_at
      FROM businesses b
      LEFT JOIN (
        SELECT business_id, max(visited_at) AS last_at FROM visits
        WHERE organisation_id = ${user.organisationId} AND deleted_at IS NULL AND review_state <> 'draft'
        GROUP BY business_id
      ) lv ON lv.business_id = b.id
      WHERE b.organisation_id = ${user.organisationId} AND b.deleted_at IS NULL
        AND jsonb_typeof(b.location -> 'lat') = 'number' AND jsonb_typeof(b.location -> 'lng') = 'number'
        ${district}
      ORDER BY b.id
      LIMIT ${MAP_BUSINESSES_MAX}`);
    const visitRows = await db.execute(sql`
      SELECT v.id, v.business_id,
             round((v.location ->> 'lat')::numeric, 5)::float8 AS lat,
             round((v.location ->> 'lng')::numeric, 5)::float8 AS lng,
             v.visited_at
      FROM visits v JOIN businesses b ON b.id = v.business_id
      WHERE v.organisation_id = ${user.organisationId} AND v.deleted_at IS NULL AND v.review_state <> 'draft'
        AND v.visited_at >= ${since.toISOString()}::timestamptz
        AND jsonb_typeof(v.location -> 'lat') = 'number' AND jsonb_typeof(v.location -> 'lng') = 'number'
        AND b.deleted_at IS NULL ${district}
      ORDER BY v.visited_at DESC, v.id DESC
      LIMIT ${MAP_VISITS_MAX + 1}`);
    type BusinessRow = {
      id: string;
      name: string;
      lat: number;
      lng: number;
      status: string;
      last_at: Date | string | null;
    };
    type VisitRow = { id: string; business_id: string; lat: number; lng: number; visited_at: Date | string };
    const iso = (at: Date | string) => new Date(at).toISOString();
    const visitList = rowsOf<VisitRow>(visitRows);
    const answer: MapPoints = {
      businesses: rowsOf<BusinessRow>(businessRows).map((row) => [
        row.id,
        row.name,
        Number(row.lat),
        Number(row.lng),
        coachingStatusSchema.catch('baru').parse(row.status),
        row.last_at === null ? null : iso(row.last_at),
      ]),
      visits: visitList
        .slice(0, MAP_VISITS_MAX)
        .map((row) => [row.id, row.business_id, Number(row.lat), Number(row.lng), iso(row.visited_at)]),
      visitsTruncated: visitList.length > MAP_VISITS_MAX,
      days: query.days,
    };
    return c.json(answer, 200);
  });

  return app;
}
