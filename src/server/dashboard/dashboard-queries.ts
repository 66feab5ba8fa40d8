/**
 * The dashboard's figures as SQL aggregates (issue 5): the database groups and counts, and only
 * per-kecamatan rows, per-coach-week counts and per-month item counts come back, never the 100,000
 * visits. Four statements, each one pass over the organisation's rows:
 *
 * - businessFacts: every business's last visit, movement (naik kelas / stagnan) and coverage,
 *   counted per kecamatan for the whole city, plus the not-visited sample;
 * - weeklyVisits: visits per coach, kecamatan and week (city time);
 * - adoption: per month end and checklist item, businesses with the item ticked at their latest
 *   visit before then, out of those it applies to.
 *
 * The movement and adoption definitions are those of shared/domain/dashboard.ts (written on top of
 * progress.ts); this SQL is their fast equivalent, checked against them in
 * tests/server/routes/dashboard-routes.test.ts. Keep the two in step.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { CHECKLIST_TEMPLATES, currentTemplate } from '@/shared/checklists';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import { coachingStatusSchema, type CoachingStatus } from '@/shared/domain/business';
import { MOVEMENT_LAST_VISITS, SALES_FLAT_WITHIN } from '@/shared/domain/dashboard';
import { rowsOf, type Db } from '../db/connect';

/** Item ids are `[a-z0-9_]+` (checklist-template.ts), so they can be written into SQL as literals. */
function itemLiteral(id: string): SQL {
  if (!/^[a-z0-9_]+$/.test(id)) throw new Error(`checklist item id ${id} is not a plain identifier`);
  return sql.raw(`'${id}'`);
}

/** `items.<id>.done === true` (a missing item is not done). */
function itemDone(items: SQL, id: string): SQL {
  return sql`coalesce((${items} -> ${itemLiteral(id)} -> 'done') = 'true'::jsonb, false)`;
}

/** The number of `ids` ticked, as SQL. */
function doneCount(items: SQL, ids: readonly string[]): SQL {
  if (ids.length === 0) return sql`0`;
  return sql.join(
    ids.map((id) => sql`${itemDone(items, id)}::int`),
    sql` + `,
  );
}

/**
 * progress.ts checklistProgressSeries's share: applicable items done / applicable items, read
 * against the template version the state names (the current one when unknown), food-only items
 * only for food businesses; 0 when nothing applies. Computed as float8, like JavaScript's numbers.
 */
function shareExpression(kind: SQL, version: SQL, items: SQL, isFood: SQL): SQL {
  const shareOf = (template: (typeof CHECKLIST_TEMPLATES)[number]): SQL => {
    const all = template.items.filter((item) => item.appliesTo === 'all').map((item) => item.id);
    const food = template.items.filter((item) => item.appliesTo === 'food').map((item) => item.id);
    const forAll =
      all.length === 0
        ? sql`0::float8`
        : sql`(${doneCount(items, all)})::float8 / ${sql.raw(String(all.length))}`;
    const forFood = sql`(${doneCount(items, [...all, ...food])})::float8 / ${sql.raw(String(all.length + food.length))}`;
    return sql`CASE WHEN ${isFood} THEN ${forFood} ELSE ${forAll} END`;
  };
  const branches = CHECKLIST_TEMPLATES.map(
    (template) =>
      sql`WHEN ${kind} = ${sql.raw(`'${template.kind}'`)} AND ${version} = ${sql.raw(String(template.version))} THEN ${shareOf(template)}`,
  );
  const fallbacks = (['packaging', 'digital_marketing'] as const).map(
    (k) => sql`WHEN ${kind} = ${sql.raw(`'${k}'`)} THEN ${shareOf(currentTemplate(k))}`,
  );
  return sql`(CASE ${sql.join([...branches, ...fallbacks], sql` `)} ELSE 0::float8 END)`;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const NODE_CHARS = `${BASE36}ABCDEFGHIJKLMNOPQRSTUVWXYZ_-`;

/**
 * hlc.ts HLC_PATTERN (`^[0-9a-z]{11}-[0-9a-z]{5}-[0-9A-Za-z_-]{1,64}$`) without a regular
 * expression: the embedded database's regex engine took half a second for 22,000 clocks, `ltrim`
 * with a character set (empty when every character is in the set) a few milliseconds.
 */
function isClock(clock: SQL): SQL {
  return sql`(length(${clock}) BETWEEN 19 AND 82
    AND ltrim(substr(${clock}, 1, 11), ${sql.raw(`'${BASE36}'`)}) = ''
    AND substr(${clock}, 12, 1) = '-'
    AND ltrim(substr(${clock}, 13, 5), ${sql.raw(`'${BASE36}'`)}) = ''
    AND substr(${clock}, 18, 1) = '-'
    AND ltrim(substr(${clock}, 19), ${sql.raw(`'${NODE_CHARS}'`)}) = '')`;
}

/**
 * The wall-clock milliseconds of a hybrid logical clock (shared/sync/hlc.ts: 11 base-36 digits
 * first), or NULL when the text is not a clock — progress.ts fieldChangedAt, in SQL.
 */
function clockMillis(clock: SQL): SQL {
  const digits = Array.from(
    { length: 11 },
    (_, i) =>
      sql`(strpos(${sql.raw(`'${BASE36}'`)}, substr(${clock}, ${sql.raw(String(i + 1))}, 1)) - 1)::bigint * ${sql.raw(
        (36n ** BigInt(10 - i)).toString(),
      )}`,
  );
  return sql`(CASE WHEN ${isClock(clock)} THEN ${sql.join(digits, sql` + `)} END)`;
}

/** Milliseconds since the epoch of a timestamptz, exact (numeric), truncated like toISOString. */
function millisOf(at: SQL): SQL {
  return sql`floor(extract(epoch FROM ${at}) * 1000)`;
}

/** PP 7/2021 annual-sales thresholds (size-class.ts), on monthly sales × 12: 0 mikro … 3 besar. */
const SIZE_CLASS_OF_SALES = (sales: SQL) => sql`CASE
  WHEN ${sales} * 12 <= 2000000000 THEN 0
  WHEN ${sales} * 12 <= 15000000000 THEN 1
  WHEN ${sales} * 12 <= 50000000000 THEN 2
  ELSE 3 END`;

/** An edit counts as after registration more than a minute after it (progress.ts). */
const REGISTRATION_SLACK_MS = 60_000;

export type DistrictFacts = {
  districtCode: string;
  businesses: number;
  statusCounts: Record<CoachingStatus, number>;
  underCoaching: number;
  notVisited: number;
  naikKelas: number;
  stagnan: number;
  assessed: number;
};

export type NotVisitedRow = { id: string; name: string; districtCode: string; lastVisitAt: string | null };

/** `AND column IN (ids)`, or nothing when every business is meant (ids null). */
export function amongBusinesses(column: SQL | PgColumn, ids: readonly string[] | null): SQL {
  if (ids === null) return sql``;
  if (ids.length === 0) return sql`AND false`;
  return sql`AND ${column} IN (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/** The visits every figure counts, of one organisation (of the given businesses only, when given). */
function countedVisits(organisationId: string, ids: readonly string[] | null = null): SQL {
  return sql`SELECT v.id, v.business_id, v.coach_id, v.visited_at, v.monthly_sales
    FROM visits v
    WHERE v.organisation_id = ${organisationId} AND v.deleted_at IS NULL AND v.review_state <> 'draft'
      ${amongBusinesses(sql`v.business_id`, ids)}`;
}

/**
 * Each business's facts (dashboard_business_facts' columns): its last counted visit, the start of
 * its movement window, and whether it moved up (naik) or has flat or falling sales (flat). For the
 * given businesses only, or for all of the organisation's (ids null).
 */
export function factRowsSelect(organisationId: string, ids: readonly string[] | null): SQL {
  const last = MOVEMENT_LAST_VISITS;
  const share = shareExpression(sql`d.kind`, sql`d.template_version`, sql`d.items`, sql`d.is_food`);
  return sql`
    WITH counted AS (
      SELECT c.*, row_number() OVER (PARTITION BY c.business_id ORDER BY c.visited_at DESC, c.id DESC) AS rn
      FROM (${countedVisits(organisationId, ids)}) c
    ),
    visit_facts AS (
      SELECT business_id, max(visited_at) AS last_at,
             min(visited_at) FILTER (WHERE rn <= ${last}) AS since
      FROM counted GROUP BY business_id
    ),
    size_up AS (
      SELECT business_id, max(visited_at) AS last_up
      FROM (
        SELECT business_id, visited_at, ${SIZE_CLASS_OF_SALES(sql`monthly_sales`)} AS size_class,
               lag(${SIZE_CLASS_OF_SALES(sql`monthly_sales`)}) OVER (
                 PARTITION BY business_id ORDER BY visited_at, id) AS previous_class
        FROM counted WHERE monthly_sales IS NOT NULL
      ) s
      WHERE size_class > previous_class
      GROUP BY business_id
    ),
    window_months AS (
      SELECT DISTINCT ON (business_id, month) business_id, month, monthly_sales
      FROM (
        SELECT business_id, id, visited_at, monthly_sales,
               to_char(visited_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month
        FROM counted WHERE rn <= ${last} AND monthly_sales IS NOT NULL
      ) w
      ORDER BY business_id, month, visited_at DESC, id DESC
    ),
    sales AS (
      SELECT business_id, count(*) AS months,
             (array_agg(monthly_sales ORDER BY month))[1] AS first_amount,
             (array_agg(monthly_sales ORDER BY month DESC))[1] AS last_amount
      FROM window_months GROUP BY business_id
    ),
    dated AS (
      SELECT DISTINCT ON (s.visit_id, s.kind)
             s.business_id, s.kind, s.visit_id, s.items, s.template_version, c.visited_at, c.rn, b.is_food
      FROM checklist_states s
      JOIN counted c ON c.id = s.visit_id AND c.business_id = s.business_id
      JOIN businesses b ON b.id = s.business_id
      WHERE s.organisation_id = ${organisationId} AND s.deleted_at IS NULL
        ${amongBusinesses(sql`s.business_id`, ids)}
      ORDER BY s.visit_id, s.kind, s.updated_at DESC, s.id DESC
    ),
    steps AS (
      SELECT business_id, kind, visited_at, rn, share,
             lag(share) OVER w AS previous_share,
             permit, lag(permit) OVER w AS previous_permit,
             halal, lag(halal) OVER w AS previous_halal,
             qris, lag(qris) OVER w AS previous_qris
      FROM (
        SELECT d.*, ${share} AS share,
               ${itemDone(sql`d.items`, 'permit_number')} AS permit,
               ${itemDone(sql`d.items`, 'halal_logo')} AS halal,
               ${itemDone(sql`d.items`, 'qris')} AS qris
        FROM dated d
      ) d
      WINDOW w AS (PARTITION BY business_id, kind ORDER BY visited_at, visit_id)
    ),
    checklist_facts AS (
      SELECT business_id,
             bool_or(rn <= ${last} AND share > previous_share) AS rose,
             min(visited_at) FILTER (WHERE kind = 'packaging' AND permit AND previous_permit = false) AS permit_first,
             min(visited_at) FILTER (WHERE kind = 'packaging' AND halal AND previous_halal = false) AS halal_first,
             min(visited_at) FILTER (WHERE kind = 'digital_marketing' AND qris AND previous_qris = false) AS qris_first
      FROM steps GROUP BY business_id
    ),
    facts AS (
      SELECT b.id, b.name, b.district_code, b.status, b.assigned_coach_id IS NOT NULL AS has_coach,
             vf.last_at, vf.since, k.since_ms,
             -- coalesce: a NULL (no evidence) must read as false, or NOT naik would be NULL too.
             coalesce(b.status <> 'tutup' AND vf.since IS NOT NULL AND (
               (coalesce(b.licences ->> 'nib', '') <> '' AND k.licences_edited_ms >= k.since_ms)
               OR ((coalesce(b.licences ->> 'pirt', '') <> '' OR coalesce(b.licences ->> 'bpom', '') <> '')
                   AND coalesce(${millisOf(sql`cf.permit_first`)}, k.licences_edited_ms) >= k.since_ms)
               OR (coalesce(b.licences ->> 'halal', '') <> ''
                   AND coalesce(${millisOf(sql`cf.halal_first`)}, k.licences_edited_ms) >= k.since_ms)
               OR cf.qris_first >= vf.since
               OR su.last_up >= vf.since
               OR (b.status = 'naik_kelas' AND coalesce(k.status_ms, k.created_ms) >= k.since_ms)
             ), false) AS naik,
             coalesce(b.status <> 'tutup' AND vf.since IS NOT NULL AND NOT coalesce(cf.rose, false)
               AND coalesce(sa.months, 0) >= 2
               AND (sa.last_amount <= sa.first_amount
                    OR (sa.first_amount <> 0
                        AND abs((sa.last_amount - sa.first_amount)::float8 / sa.first_amount::float8)
                            < ${SALES_FLAT_WITHIN}::float8)), false) AS flat
      FROM businesses b
      LEFT JOIN visit_facts vf ON vf.business_id = b.id
      LEFT JOIN size_up su ON su.business_id = b.id
      LEFT JOIN sales sa ON sa.business_id = b.id
      LEFT JOIN checklist_facts cf ON cf.business_id = b.id
      CROSS JOIN LATERAL (
        -- The clocks are read only where a signal could use them (a licence held, status naik kelas).
        SELECT CASE WHEN vf.since IS NOT NULL AND b.status <> 'tutup' AND (
                      coalesce(b.licences ->> 'nib', '') <> '' OR coalesce(b.licences ->> 'pirt', '') <> ''
                      OR coalesce(b.licences ->> 'bpom', '') <> '' OR coalesce(b.licences ->> 'halal', '') <> '')
                    THEN coalesce(b.clocks ->> 'licences', b.clocks ->> '*') END AS licences_clock,
               CASE WHEN vf.since IS NOT NULL AND b.status = 'naik_kelas'
                    THEN coalesce(b.clocks ->> 'status', b.clocks ->> '*') END AS status_clock
      ) kc
      CROSS JOIN LATERAL (
        SELECT ${millisOf(sql`vf.since`)} AS since_ms,
               ${millisOf(sql`b.created_at`)} AS created_ms,
               ${clockMillis(sql`kc.licences_clock`)} AS licences_ms,
               ${clockMillis(sql`kc.status_clock`)} AS status_ms
      ) k0
      CROSS JOIN LATERAL (
        SELECT k0.*,
               CASE WHEN k0.licences_ms - k0.created_ms > ${REGISTRATION_SLACK_MS} THEN k0.licences_ms END
                 AS licences_edited_ms
      ) k
      WHERE b.organisation_id = ${organisationId} AND b.deleted_at IS NULL
        ${amongBusinesses(sql`b.id`, ids)}
    )
    SELECT id AS business_id, ${organisationId}::uuid AS organisation_id, name, district_code, status,
           has_coach, last_at, since, naik, flat
    FROM facts`;
}

/** The statement of businessFacts (exported for EXPLAIN): sums over dashboard_business_facts. */
export function businessFactsQuery(input: {
  organisationId: string;
  cutoff: Date;
  districtCode: string | null;
  sampleSize: number;
}): SQL {
  const { organisationId, cutoff, districtCode, sampleSize } = input;
  const statuses = coachingStatusSchema.options;
  return sql`
    WITH facts AS (
      SELECT business_id AS id, name, district_code, status, has_coach, last_at, since, naik, flat
      FROM dashboard_business_facts WHERE organisation_id = ${organisationId}
    ),
    judged AS (
      SELECT f.*, f.naik AS naik_kelas, (f.flat AND NOT f.naik) AS stagnan,
             (f.status <> 'tutup' AND (f.last_at IS NULL OR f.last_at < ${cutoff.toISOString()}::timestamptz)) AS not_visited
      FROM facts f
    )
    SELECT json_build_object(
      'districts', (
        SELECT coalesce(json_agg(d ORDER BY d.district_code), '[]'::json) FROM (
          SELECT district_code,
                 count(*)::int AS businesses,
                 ${sql.join(
                   statuses.map(
                     (status) =>
                       sql`count(*) FILTER (WHERE status = ${status})::int AS ${sql.identifier(`status_${status}`)}`,
                   ),
                   sql`, `,
                 )},
                 count(*) FILTER (WHERE status <> 'tutup' AND has_coach AND last_at IS NOT NULL)::int AS under_coaching,
                 count(*) FILTER (WHERE not_visited)::int AS not_visited,
                 count(*) FILTER (WHERE naik_kelas)::int AS naik_kelas,
                 count(*) FILTER (WHERE stagnan)::int AS stagnan,
                 count(*) FILTER (WHERE status <> 'tutup' AND since IS NOT NULL)::int AS assessed
          FROM judged GROUP BY district_code
        ) d
      ),
      'sample', (
        SELECT coalesce(json_agg(s ORDER BY s.last_at ASC NULLS FIRST, s.name, s.id), '[]'::json) FROM (
          SELECT id, name, district_code, last_at FROM judged
          WHERE not_visited ${districtCode ? sql`AND district_code = ${districtCode}` : sql``}
          ORDER BY last_at ASC NULLS FIRST, name, id
          LIMIT ${sampleSize}
        ) s
      )
    ) AS answer`;
}

/**
 * Per kecamatan for the whole city (coverage stays city-wide; the page picks the row of a filtered
 * kecamatan), and the first `sampleSize` businesses not visited since `cutoff` (of `districtCode`
 * when given): never visited first, then the longest ago.
 */
export async function businessFacts(
  db: Db,
  input: { organisationId: string; cutoff: Date; districtCode: string | null; sampleSize: number },
): Promise<{ districts: DistrictFacts[]; sample: NotVisitedRow[] }> {
  const result = await db.execute(businessFactsQuery(input));
  type Raw = {
    districts: Array<Record<string, number> & { district_code: string }>;
    sample: Array<{ id: string; name: string; district_code: string; last_at: string | null }>;
  };
  const raw = rowsOf<{ answer: Raw | string }>(result)[0]?.answer;
  const answer: Raw =
    typeof raw === 'string' ? (JSON.parse(raw) as Raw) : (raw ?? { districts: [], sample: [] });
  return {
    districts: answer.districts.map((row) => ({
      districtCode: row.district_code,
      businesses: row.businesses ?? 0,
      statusCounts: Object.fromEntries(
        coachingStatusSchema.options.map((status) => [status, row[`status_${status}`] ?? 0]),
      ) as Record<CoachingStatus, number>,
      underCoaching: row.under_coaching ?? 0,
      notVisited: row.not_visited ?? 0,
      naikKelas: row.naik_kelas ?? 0,
      stagnan: row.stagnan ?? 0,
      assessed: row.assessed ?? 0,
    })),
    sample: answer.sample.map((row) => ({
      id: row.id,
      name: row.name,
      districtCode: row.district_code,
      // json_build_object writes timestamptz in the session's zone: normalise to UTC ISO.
      lastVisitAt: row.last_at === null ? null : new Date(row.last_at).toISOString(),
    })),
  };
}

export type WeeklyVisitRow = { coachId: string; districtCode: string; weekStart: string; count: number };

/**
 * Visits per coach, kecamatan and week from `from` to `to`; weeks start on Monday in the city's
 * time zone (`offsetHours` ahead of UTC; Indonesia keeps no daylight saving time).
 */
export async function weeklyVisits(
  db: Db,
  input: { organisationId: string; from: Date; to: Date; offsetHours: number },
): Promise<WeeklyVisitRow[]> {
  const { organisationId, from, to, offsetHours } = input;
  const local = sql`(v.visited_at AT TIME ZONE 'UTC') + make_interval(hours => ${offsetHours}::int)`;
  const result = await db.execute(sql`
    SELECT v.coach_id, b.district_code,
           to_char(date_trunc('week', ${local}), 'YYYY-MM-DD') AS week_start,
           count(*)::int AS n
    FROM visits v JOIN businesses b ON b.id = v.business_id
    WHERE v.organisation_id = ${organisationId} AND v.deleted_at IS NULL AND v.review_state <> 'draft'
      AND v.visited_at >= ${from.toISOString()}::timestamptz AND v.visited_at < ${to.toISOString()}::timestamptz
      AND b.deleted_at IS NULL
    GROUP BY 1, 2, 3`);
  return rowsOf<{ coach_id: string; district_code: string; week_start: string; n: number }>(result).map(
    (row) => ({
      coachId: row.coach_id,
      districtCode: row.district_code,
      weekStart: row.week_start,
      count: Number(row.n),
    }),
  );
}

export type AdoptionRow = { month: string; item: string; done: number; applies: number };

const KINDS: readonly ChecklistKind[] = ['packaging', 'digital_marketing'];

/** Bit i set when item i of the current template of `kind` is ticked in `items`. */
function doneMask(kind: ChecklistKind, items: SQL): SQL {
  const template = currentTemplate(kind);
  if (template.items.length > 62) throw new Error(`checklist ${kind} has too many items for a bit mask`);
  return sql.join(
    template.items.map((item, i) => sql`(${itemDone(items, item.id)}::int::bigint << ${sql.raw(String(i))})`),
    sql` + `,
  );
}

/**
 * dashboard_checklist_spans' rows for the given businesses (all when ids is null): for each open
 * business's counted visit with a checklist, its items as a mask of the current template and the
 * next such visit, so "the state at a month's end" is the span that covers it.
 */
export function spanRowsSelect(organisationId: string, ids: readonly string[] | null): SQL {
  const masks = KINDS.map((kind) => sql`WHEN ${sql.raw(`'${kind}'`)} THEN ${doneMask(kind, sql`d.items`)}`);
  return sql`
    WITH counted AS (${countedVisits(organisationId, ids)}),
    dated AS (
      SELECT DISTINCT ON (s.visit_id, s.kind)
             s.business_id, s.visit_id, s.kind, s.items, c.visited_at, b.is_food, b.district_code
      FROM checklist_states s
      JOIN counted c ON c.id = s.visit_id AND c.business_id = s.business_id
      JOIN businesses b ON b.id = s.business_id
      WHERE s.organisation_id = ${organisationId} AND s.deleted_at IS NULL
        AND b.deleted_at IS NULL AND b.status <> 'tutup'
        ${amongBusinesses(sql`s.business_id`, ids)}
      ORDER BY s.visit_id, s.kind, s.updated_at DESC, s.id DESC
    )
    SELECT d.visit_id, d.kind, d.business_id, ${organisationId}::uuid AS organisation_id, d.district_code,
           d.is_food, d.visited_at,
           lead(d.visited_at) OVER (PARTITION BY d.business_id, d.kind ORDER BY d.visited_at, d.visit_id) AS next_at,
           (CASE d.kind ${sql.join(masks, sql` `)} ELSE 0 END)::bigint AS done_mask
    FROM dated d
    WHERE d.kind IN (${sql.join(
      KINDS.map((kind) => sql`${kind}`),
      sql`, `,
    )})`;
}

/** A month as one number: year × 12 + month − 1. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * For each month (its end: the next month's first instant, city time) and each item of the current
 * template of `kind`: open businesses whose latest counted visit with this checklist before then
 * had the item ticked (`done`), out of those it applies to (`applies`) — dashboard.ts
 * checklistAdoptionAt. Read from dashboard_checklist_spans (refreshDashboardFacts keeps it current).
 *
 * A span (a visit's checklist, until the next visit with it) counts at the ends of the months from
 * its own month up to the month before the next visit's. So each span adds one at its month and
 * takes one away at the next visit's month; the database sums those per month in one pass over the
 * spans, and the running total over the months is each month's figure.
 */
export async function adoption(
  db: Db,
  input: {
    organisationId: string;
    kind: ChecklistKind;
    months: ReadonlyArray<{ month: string; end: Date }>;
    districtCode: string | null;
    /** The city's hours ahead of UTC (months are the city's calendar months). */
    offsetHours: number;
  },
): Promise<AdoptionRow[]> {
  const { organisationId, kind, months, districtCode, offsetHours } = input;
  const template = currentTemplate(kind);
  if (months.length === 0) return [];
  const local = (at: SQL) => sql`((${at} AT TIME ZONE 'UTC') + make_interval(hours => ${offsetHours}::int))`;
  const index = (at: SQL) =>
    sql`(extract(year FROM ${local(at)})::int * 12 + extract(month FROM ${local(at)})::int - 1)`;
  const columns = template.items.map(
    (item, i) =>
      sql`sum(sign * ((done_mask >> ${sql.raw(String(i))}) & 1)${item.appliesTo === 'food' ? sql` * is_food::int` : sql``})::int AS ${sql.identifier(`d${i}`)}`,
  );
  const lastEnd = new Date(Math.max(...months.map(({ end }) => end.getTime())));
  const result = await db.execute(sql`
    WITH spans AS (
      SELECT visited_at, next_at, done_mask, is_food FROM dashboard_checklist_spans
      WHERE organisation_id = ${organisationId} AND kind = ${kind}
        AND visited_at < ${lastEnd.toISOString()}::timestamptz
        ${districtCode ? sql`AND district_code = ${districtCode}` : sql``}
    ),
    steps AS (
      SELECT ${index(sql`visited_at`)} AS m, 1 AS sign, done_mask, is_food FROM spans
      UNION ALL
      SELECT ${index(sql`next_at`)} AS m, -1 AS sign, done_mask, is_food FROM spans WHERE next_at IS NOT NULL
    )
    SELECT m, sum(sign)::int AS businesses, sum(sign * is_food::int)::int AS food, ${sql.join(columns, sql`, `)}
    FROM steps GROUP BY m ORDER BY m`);
  const steps = rowsOf<Record<string, number | string>>(result).map((row) => ({
    m: Number(row.m),
    values: row,
  }));
  const keys = ['businesses', 'food', ...template.items.map((_, i) => `d${i}`)];
  const running = new Map(keys.map((key) => [key, 0]));
  let next = 0;
  const atMonth = new Map<string, Map<string, number>>();
  for (const { month } of [...months].sort((a, b) => monthIndex(a.month) - monthIndex(b.month))) {
    const upTo = monthIndex(month);
    for (; next < steps.length && (steps[next]?.m ?? Infinity) <= upTo; next++) {
      const step = steps[next];
      for (const key of keys) running.set(key, (running.get(key) ?? 0) + Number(step?.values[key] ?? 0));
    }
    atMonth.set(month, new Map(running));
  }
  return months.flatMap(({ month }) => {
    const totals = atMonth.get(month);
    return template.items.map((item, i) => ({
      month,
      item: item.id,
      done: totals?.get(`d${i}`) ?? 0,
      applies: totals?.get(item.appliesTo === 'all' ? 'businesses' : 'food') ?? 0,
    }));
  });
}

/**
 * Runs the dashboard's statements in one read-only transaction: every figure comes from the same
 * snapshot, and the sorts of 100,000 visits get the memory to stay off the disk (PostgreSQL's
 * default work_mem of 4 MB spilled them to temporary files and tripled the time).
 */
export function readDashboard<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION READ ONLY`);
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return run(tx);
  });
}
