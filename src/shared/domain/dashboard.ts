/**
 * The coordinator's dashboard (issue 5): the query, the answer, and the definitions its figures
 * are computed by. The server computes them in SQL for speed (server/dashboard/*); the functions
 * here are the same definitions written on top of progress.ts, so the business page, the owner's
 * page and the tests can check the server against them.
 *
 * Shared rules of every figure:
 * - Deleted rows never count; a draft visit is not a visit yet (it counts nowhere).
 * - A business that is `tutup` (closed) is out of coverage, not-visited, adoption and movement;
 *   it still counts in the status counts.
 * - Weeks start on Monday and months on the 1st in the city's own time zone (WIB, WITA or WIT).
 */
import { z } from 'zod';
import { currentTemplate } from '../checklists';
import { itemsFor, type ChecklistKind } from '../checklists/checklist-template';
import type { Business } from './business';
import { coachingStatusSchema } from './business';
import type { ChecklistState } from './checklist-state';
import { districtCodeSchema, idSchema, isoDateSchema, isoDateTimeSchema } from './common';
import {
  checklistProgressSeries,
  datedStates,
  liveVisitsChronological,
  monthlySalesSeries,
  naikKelasSignals,
  salesTrend,
} from './progress';
import type { Visit } from './visit';

// ---- the query ----

export const dashboardQuerySchema = z.strictObject({
  /** Only this kecamatan (coverage against the target stays city-wide: the target is the city's). */
  districtCode: districtCodeSchema.optional(),
  /** "Not visited in N days": no counted visit since the start of the city's day N days ago. */
  notVisitedDays: z.coerce.number().int().min(1).max(365).default(60),
  /** Weeks of the visits-per-coach chart, the current week included. */
  weeks: z.coerce.number().int().min(1).max(52).default(12),
  /** Months of the checklist-adoption chart, the current month included. */
  months: z.coerce.number().int().min(1).max(24).default(12),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const COVERAGE_TARGET_MAX = 1_000_000;
export const coverageTargetRequestSchema = z.strictObject({
  /** null clears the target. */
  target: z.number().int().min(0).max(COVERAGE_TARGET_MAX).nullable(),
});
export type CoverageTargetRequest = z.infer<typeof coverageTargetRequestSchema>;

// ---- the answer ----

const count = z.number().int().nonnegative();

export const districtCountSchema = z.object({ districtCode: z.string(), count });
export type DistrictCount = z.infer<typeof districtCountSchema>;

function adoptionItemSchema() {
  return z.object({
    item: z.string(),
    label: z.object({ id: z.string(), en: z.string() }),
    points: z.array(
      z.object({
        month: z.string(),
        /** done / applies, 0 when it applies to nobody yet. */
        share: z.number().min(0).max(1),
        done: count,
        applies: count,
      }),
    ),
  });
}
export const dashboardSchema = z.object({
  /** When the figures were computed, and the city's time zone they use. */
  generatedAt: isoDateTimeSchema,
  timeZone: z.string(),
  districtCode: districtCodeSchema.nullable(),
  coverage: z.object({
    target: count.nullable(),
    /** City-wide, whatever the kecamatan filter. */
    underCoaching: count,
    byDistrict: z.array(districtCountSchema),
  }),
  visitsPerCoachPerWeek: z.object({
    /** Mondays (city time), oldest first; every coach has one entry per week, zeros included. */
    weekStarts: z.array(isoDateSchema),
    coaches: z.array(
      z.object({
        coachId: idSchema,
        name: z.string(),
        weeks: z.array(z.object({ weekStart: isoDateSchema, count })),
        total: count,
      }),
    ),
  }),
  notVisited: z.object({
    days: z.number().int(),
    count,
    byDistrict: z.array(districtCountSchema),
    /** Never visited first, then the longest ago. */
    sample: z.array(
      z.object({
        id: idSchema,
        name: z.string(),
        districtCode: z.string(),
        lastVisitAt: isoDateTimeSchema.nullable(),
      }),
    ),
  }),
  checklistAdoption: z.object({
    /** `YYYY-MM`, oldest first. */
    months: z.array(z.string()),
    packaging: z.array(adoptionItemSchema()),
    digital: z.array(adoptionItemSchema()),
  }),
  movement: z.object({
    naikKelas: z.object({ count, byDistrict: z.array(districtCountSchema) }),
    stagnan: z.object({ count, byDistrict: z.array(districtCountSchema) }),
    /** Businesses with at least one counted visit (the ones that can be judged). */
    assessed: count,
    definitions: z.object({ lastVisits: z.number().int(), flatWithin: z.number() }),
  }),
  /** One row per kecamatan with businesses, for the table under everything. */
  byDistrict: z.array(
    z.object({
      districtCode: z.string(),
      businesses: count,
      underCoaching: count,
      notVisited: count,
      naikKelas: count,
      stagnan: count,
      visits: count,
    }),
  ),
  statusCounts: z.record(coachingStatusSchema, count),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export type AdoptionItem = Dashboard['checklistAdoption']['packaging'][number];

// ---- the map ----

export const mapQuerySchema = z.strictObject({
  districtCode: districtCodeSchema.optional(),
  /** Visits of the last N days. */
  days: z.coerce.number().int().min(1).max(365).default(30),
});
export type MapQuery = z.infer<typeof mapQuerySchema>;

/** Most visits drawn on the map (newest first); the businesses are all drawn. */
export const MAP_VISITS_MAX = 20_000;
export const MAP_BUSINESSES_MAX = 50_000;

/**
 * Compact rows, one array per point, so 22,000 businesses stay a few hundred kilobytes:
 * business `[id, name, lat, lng, status, lastVisitAt | null]`, visit `[id, businessId, lat, lng,
 * visitedAt]`. Coordinates are rounded to 5 decimals (about a metre).
 */
export const mapPointsSchema = z.object({
  businesses: z.array(
    z.tuple([idSchema, z.string(), z.number(), z.number(), coachingStatusSchema, z.string().nullable()]),
  ),
  visits: z.array(z.tuple([idSchema, idSchema, z.number(), z.number(), z.string()])),
  /** True when more visits matched than MAP_VISITS_MAX (the newest are drawn). */
  visitsTruncated: z.boolean(),
  days: z.number().int(),
});
export type MapPoints = z.infer<typeof mapPointsSchema>;

// ---- the definitions ----

/** Movement is judged over each business's last visits (3: about a quarter at monthly visits). */
export const MOVEMENT_LAST_VISITS = 3;
/** salesTrend calls a change within ±2 % flat. */
export const SALES_FLAT_WITHIN = 0.02;

export type Movement = 'naik_kelas' | 'stagnan';

/** The visits every dashboard figure counts: not deleted, not a draft; oldest first. */
export function countedVisits(visits: readonly Visit[]): Visit[] {
  return liveVisitsChronological(visits).filter((visit) => visit.reviewState !== 'draft');
}

/**
 * Whether a business is moving up or stagnating, judged over its last visits (the window: its
 * MOVEMENT_LAST_VISITS latest counted visits, from the first of them on):
 * - **naik kelas**: at least one naik-kelas signal (progress.ts naikKelasSignals: a licence gained,
 *   QRIS started, a larger size class, status set to naik kelas) dated within the window;
 * - **stagnan**: no such signal, no checklist progress (no visit in the window where the share of
 *   applicable items done, packaging or digital marketing, rose above the checklist's previous
 *   visit), and sales (progress.ts salesTrend over the window's monthly figures) flat or falling.
 *   Fewer than two months of figures in the window: not judged stagnant (no evidence).
 * - otherwise, or with no counted visit, or closed (tutup): neither (null).
 */
export function businessMovement(input: {
  business: Business;
  visits: readonly Visit[];
  checklistStates: readonly ChecklistState[];
}): Movement | null {
  const { business, checklistStates } = input;
  if (business.deletedAt || business.status === 'tutup') return null;
  const visits = countedVisits(input.visits);
  const window = visits.slice(-MOVEMENT_LAST_VISITS);
  const since = window[0]?.visitedAt;
  if (since === undefined) return null;
  const signals = naikKelasSignals({ business, visits, checklistStates });
  if (signals.some((signal) => signal.at >= since)) return 'naik_kelas';

  const inWindow = new Set(window.map((visit) => visit.id));
  for (const kind of ['packaging', 'digital_marketing'] as const) {
    const series = checklistProgressSeries(checklistStates, visits, kind, business.isFood);
    const rose = series.some((point, i) => {
      const previous = series[i - 1];
      return previous !== undefined && inWindow.has(point.visitId) && point.share > previous.share;
    });
    if (rose) return null;
  }
  const trend = salesTrend(monthlySalesSeries(window));
  return trend && trend.direction !== 'up' ? 'stagnan' : null;
}

/** One item's adoption at an instant. */
export type AdoptionCount = { item: string; done: number; applies: number };

/**
 * Adoption of each item of the current template at an instant: among open businesses whose
 * checklist of this kind was ever filled before then, how many had the item ticked at their latest
 * visit before the instant, out of those it applies to (food-only items: food businesses).
 */
export function checklistAdoptionAt(
  rows: ReadonlyArray<{
    business: Business;
    visits: readonly Visit[];
    checklistStates: readonly ChecklistState[];
  }>,
  kind: ChecklistKind,
  before: Date,
): AdoptionCount[] {
  const template = currentTemplate(kind);
  const counts = new Map(template.items.map((item) => [item.id, { item: item.id, done: 0, applies: 0 }]));
  const limit = before.getTime();
  for (const { business, visits, checklistStates } of rows) {
    if (business.deletedAt || business.status === 'tutup') continue;
    const dated = datedStates(checklistStates, countedVisits(visits), kind).filter(
      (entry) => Date.parse(entry.visitedAt) < limit,
    );
    const latest = dated[dated.length - 1];
    if (!latest) continue;
    for (const item of itemsFor(template, business.isFood)) {
      const entry = counts.get(item.id);
      if (!entry) continue;
      entry.applies += 1;
      if (latest.state.items[item.id]?.done === true) entry.done += 1;
    }
  }
  return [...counts.values()];
}
