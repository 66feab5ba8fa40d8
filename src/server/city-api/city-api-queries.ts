/**
 * The reads behind /api/v1 (issue 6): pages of businesses and visits for another department's copy
 * of the city's data, and the city's figures.
 *
 * Walk order and cursor: rows come in the order of `version`, the organisation's counter every
 * synced write takes under the sync_state row lock and commits with (sync/next-version.ts). So the
 * versions a reader can see never gain a gap later: a walk that has passed version v has seen
 * every row written at or below v, and will see each later write after it. `updated_at` cannot
 * promise that: it is stamped when a push starts, and a long push stamped before a short one can
 * commit after it, behind a reader's cursor (the sync pull keys on versions for the same reason).
 * The cursor is the last row's (version, id) in base64url; a row written again during a walk comes
 * again later in it, with its new state. `updated_since` filters by `updated_at` to start a walk at
 * a date (businesses_org_updated_idx serves it when it is recent).
 */
import { and, asc, eq, gte, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  coachingStatusSchema,
  sectorSchema,
  type CoachingStatus,
  type Sector,
} from '@/shared/domain/business';
import { MOVEMENT_LAST_VISITS } from '@/shared/domain/dashboard';
import { startOfDay, timeZoneOfRegion, UTC_OFFSET_HOURS } from '@/shared/domain/time-zone';
import kbli2020 from '@/shared/reference/kbli-2020.json';
import { refreshDashboardFacts } from '../dashboard/dashboard-facts';
import { businessFacts, readDashboard } from '../dashboard/dashboard-queries';
import { rowsOf, type Db } from '../db/connect';
import { businesses, organisations, syncState, users, visits } from '../db/schema';
import { cityRegions } from '../reference/regions';
import type {
  BusinessesQuery,
  CityBusiness,
  CityStatistics,
  CityVisit,
  VisitsQuery,
} from './city-api-schemas';

// ---- cursor ----

export type WalkPosition = { version: number; id: string };

const POSITION = /^(\d{1,15}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor(position: WalkPosition): string {
  return Buffer.from(`${position.version}:${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this server made. */
export function decodeCursor(cursor: string): WalkPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { version: Number(match[1]), id: match[2] ?? '' };
}

/** The organisation's tombstone horizon: a cursor below it may have missed a purged delete. */
export async function tombstoneHorizon(db: Db, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ horizon: syncState.horizon })
    .from(syncState)
    .where(eq(syncState.organisationId, organisationId));
  return row?.horizon ?? 0;
}

function afterPosition(version: PgColumn, id: PgColumn, position: WalkPosition | null): SQL[] {
  if (!position) return [];
  // The plain `>=` lets the (organisation_id, version) index start at the cursor; the row
  // comparison then drops the rows of the same version up to the cursor's id.
  return [
    gte(version, position.version),
    sql`(${version}, ${id}) > (${position.version}, ${position.id}::uuid)`,
  ];
}

// ---- names of codes ----

type RegionNames = { districts: Map<string, string>; villages: Map<string, string> };
const regionNamesByCity = new Map<string, RegionNames>();

function regionNames(cityCode: string): RegionNames {
  let names = regionNamesByCity.get(cityCode);
  if (!names) {
    const regions = cityRegions(cityCode);
    names = { districts: new Map(), villages: new Map() };
    for (const district of regions?.districts ?? []) {
      names.districts.set(district.code, district.name);
      for (const village of district.villages) names.villages.set(village.code, village.name);
    }
    regionNamesByCity.set(cityCode, names);
  }
  return names;
}

const kbliTitles = new Map(
  (kbli2020 as Array<{ code: string; title: string }>).map((e) => [e.code, e.title]),
);

export type Organisation = { regionCode: string; coverageTarget: number | null };

export async function organisationOf(db: Db, organisationId: string): Promise<Organisation> {
  const [row] = await db
    .select({ regionCode: organisations.regionCode, coverageTarget: organisations.coverageTarget })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row ?? { regionCode: '', coverageTarget: null };
}

// ---- businesses ----

const BUSINESS_COLUMNS = {
  id: businesses.id,
  version: businesses.version,
  name: businesses.name,
  brand: businesses.brand,
  ownerName: businesses.ownerName,
  ownerNik: businesses.ownerNik,
  phone: businesses.phone,
  address: businesses.address,
  districtCode: businesses.districtCode,
  villageCode: businesses.villageCode,
  location: businesses.location,
  sector: businesses.sector,
  kbli: businesses.kbli,
  products: businesses.products,
  yearStarted: businesses.yearStarted,
  employees: businesses.employees,
  capital: businesses.capital,
  annualSales: businesses.annualSales,
  sizeClass: businesses.sizeClass,
  legalForm: businesses.legalForm,
  licences: businesses.licences,
  links: businesses.links,
  cohort: businesses.cohort,
  status: businesses.status,
  coachId: businesses.assignedCoachId,
  coachName: users.name,
  createdAt: businesses.createdAt,
  updatedAt: businesses.updatedAt,
  deletedAt: businesses.deletedAt,
};

/** Businesses with their coach's name (a left join: a business may have no coach). */
function businessSelect(db: Db) {
  return db
    .select(BUSINESS_COLUMNS)
    .from(businesses)
    .leftJoin(users, eq(users.id, businesses.assignedCoachId));
}
type BusinessRow = Awaited<ReturnType<typeof businessSelect>>[number];

const iso = (date: Date) => date.toISOString();

function toCityBusiness(row: BusinessRow, names: RegionNames, personalData: boolean): CityBusiness {
  const business: CityBusiness = {
    id: row.id,
    name: row.name,
    brand: row.brand,
    nib: row.licences.nib,
    kbli: row.kbli
      ? {
          code: row.kbli.code,
          version: row.kbli.version,
          title: row.kbli.version === '2020' ? (kbliTitles.get(row.kbli.code) ?? null) : null,
        }
      : null,
    sector: row.sector as Sector,
    size_class: row.sizeClass as CityBusiness['size_class'],
    legal_form: row.legalForm as CityBusiness['legal_form'],
    district: { code: row.districtCode, name: names.districts.get(row.districtCode) ?? null },
    village: { code: row.villageCode, name: names.villages.get(row.villageCode) ?? null },
    address: row.address,
    location: row.location ? { lat: row.location.lat, lng: row.location.lng } : null,
    products: row.products,
    year_started: row.yearStarted,
    employees: row.employees,
    capital: row.capital,
    annual_sales: row.annualSales,
    licences: {
      pirt: row.licences.pirt,
      halal: row.licences.halal,
      bpom: row.licences.bpom,
      trademark: row.licences.trademark,
    },
    links: row.links.map((link) => ({ kind: link.kind, value: link.value })),
    cohort: row.cohort,
    status: row.status as CoachingStatus,
    coach: row.coachId && row.coachName !== null ? { id: row.coachId, name: row.coachName } : null,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    deleted_at: row.deletedAt ? iso(row.deletedAt) : null,
  };
  // Without the personal-data grant the keys are absent, not null: nothing to misread as "none".
  if (personalData) {
    business.owner_name = row.ownerName;
    business.owner_nik = row.ownerNik;
    business.phone = row.phone;
  }
  return business;
}

export type Page<T> = { data: T[]; next_cursor: string | null; has_more: boolean };

function pageOf<R extends { version: number; id: string }, T>(
  rows: R[],
  limit: number,
  given: string | undefined,
  convert: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    data: shown.map(convert),
    // At the end of the walk the cursor still names where it ended: the next run resumes there.
    next_cursor: last ? encodeCursor({ version: last.version, id: last.id }) : (given ?? null),
    has_more: rows.length > limit,
  };
}

export async function businessPage(
  db: Db,
  input: {
    organisationId: string;
    cityCode: string;
    query: BusinessesQuery;
    position: WalkPosition | null;
    personalData: boolean;
  },
): Promise<Page<CityBusiness>> {
  const { query } = input;
  const conditions: SQL[] = [
    eq(businesses.organisationId, input.organisationId),
    ...afterPosition(businesses.version, businesses.id, input.position),
  ];
  if (query.updated_since) conditions.push(gte(businesses.updatedAt, new Date(query.updated_since)));
  if (query.district_code) conditions.push(eq(businesses.districtCode, query.district_code));
  if (query.village_code) conditions.push(eq(businesses.villageCode, query.village_code));
  if (query.kbli) conditions.push(sql`${businesses.kbli} ->> 'code' = ${query.kbli}`);
  if (query.include_deleted === 'false') conditions.push(isNull(businesses.deletedAt));
  const rows = await businessSelect(db)
    .where(and(...conditions))
    .orderBy(asc(businesses.version), asc(businesses.id))
    .limit(query.limit + 1);
  const names = regionNames(input.cityCode);
  return pageOf(rows, query.limit, query.cursor, (row) => toCityBusiness(row, names, input.personalData));
}

export async function oneBusiness(
  db: Db,
  input: { organisationId: string; cityCode: string; id: string; personalData: boolean },
): Promise<CityBusiness | null> {
  const [row] = await businessSelect(db)
    .where(and(eq(businesses.organisationId, input.organisationId), eq(businesses.id, input.id)))
    .limit(1);
  return row ? toCityBusiness(row, regionNames(input.cityCode), input.personalData) : null;
}

/** The bare SELECT of a page (the bench's baseline): the same rows, no joins, no conversion. */
export function rawBusinessPageSql(organisationId: string, limit: number): SQL {
  return sql`SELECT * FROM businesses WHERE organisation_id = ${organisationId}
    ORDER BY version, id LIMIT ${limit}`;
}

// ---- visits ----

export async function visitPage(
  db: Db,
  input: { organisationId: string; query: VisitsQuery; position: WalkPosition | null },
): Promise<Page<CityVisit>> {
  const { query } = input;
  const conditions: SQL[] = [
    eq(visits.organisationId, input.organisationId),
    // A draft is not a visit yet (it counts nowhere); it appears once submitted.
    ne(visits.reviewState, 'draft'),
    ...afterPosition(visits.version, visits.id, input.position),
  ];
  if (query.updated_since) conditions.push(gte(visits.updatedAt, new Date(query.updated_since)));
  if (query.business_id) conditions.push(eq(visits.businessId, query.business_id));
  if (query.include_deleted === 'false') conditions.push(isNull(visits.deletedAt));
  const rows = await db
    .select({
      id: visits.id,
      version: visits.version,
      businessId: visits.businessId,
      visitedAt: visits.visitedAt,
      kind: visits.kind,
      topics: visits.topics,
      coachId: visits.coachId,
      coachName: users.name,
      notes: visits.notes,
      problems: visits.problems,
      advice: visits.advice,
      monthlySales: visits.monthlySales,
      employees: visits.employees,
      location: visits.location,
      nextVisitOn: visits.nextVisitOn,
      reviewState: visits.reviewState,
      createdAt: visits.createdAt,
      updatedAt: visits.updatedAt,
      deletedAt: visits.deletedAt,
    })
    .from(visits)
    .innerJoin(users, eq(users.id, visits.coachId))
    .where(and(...conditions))
    .orderBy(asc(visits.version), asc(visits.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, query.cursor, (row) => ({
    id: row.id,
    business_id: row.businessId,
    visited_at: iso(row.visitedAt),
    kind: row.kind as CityVisit['kind'],
    topics: row.topics as CityVisit['topics'],
    coach: { id: row.coachId, name: row.coachName },
    notes: row.notes,
    problems: row.problems,
    advice: row.advice,
    monthly_sales: row.monthlySales,
    employees: row.employees,
    location: row.location ? { lat: row.location.lat, lng: row.location.lng } : null,
    next_visit_on: row.nextVisitOn,
    review_state: row.reviewState as CityVisit['review_state'],
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    deleted_at: row.deletedAt ? iso(row.deletedAt) : null,
  }));
}

// ---- statistics ----

export const NOT_VISITED_DAYS = 60;
const MONTHS = 12;
const DAY_MS = 86_400_000;

/** The last `count` calendar months of the zone (`YYYY-MM`, the current one last). */
function lastMonths(now: Date, offsetHours: number, count: number): string[] {
  const local = new Date(now.getTime() + offsetHours * 3_600_000);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth();
  return Array.from({ length: count }, (_, i) => {
    const m = index - (count - 1 - i);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The city's figures. Kecamatan rows come from the dashboard's per-business tables (brought up to
 * date first, as the dashboard does), so the API and the coordinator's dashboard count alike.
 */
export async function cityStatistics(
  db: Db,
  input: { organisationId: string; organisation: Organisation; districtCode: string | null; now: Date },
): Promise<CityStatistics> {
  const { organisationId, organisation, districtCode, now } = input;
  const zone = timeZoneOfRegion(organisation.regionCode);
  const offsetHours = UTC_OFFSET_HOURS[zone];
  const months = lastMonths(now, offsetHours, MONTHS);
  const today = new Date(now.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 10);
  const cutoffDay = new Date(Date.parse(`${today}T00:00:00Z`) - NOT_VISITED_DAYS * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const inDistrict = (column: PgColumn) => (districtCode ? sql`AND ${column} = ${districtCode}` : sql``);

  await refreshDashboardFacts(db, organisationId);
  const { facts, groups, monthly } = await readDashboard(db, async (tx) => {
    const facts = await businessFacts(tx, {
      organisationId,
      cutoff: startOfDay(cutoffDay, zone),
      districtCode,
      sampleSize: 0,
    });
    const groups = rowsOf<{ size_class: string | null; sector: string; n: number }>(
      await tx.execute(sql`
        SELECT size_class, sector, count(*)::int AS n FROM ${businesses}
        WHERE ${businesses.organisationId} = ${organisationId} AND ${businesses.deletedAt} IS NULL
          ${inDistrict(businesses.districtCode)}
        GROUP BY 1, 2`),
    );
    const local = sql`(${visits.visitedAt} AT TIME ZONE 'UTC') + make_interval(hours => ${offsetHours}::int)`;
    const monthly = rowsOf<{ month: string; n: number }>(
      await tx.execute(sql`
        SELECT to_char(${local}, 'YYYY-MM') AS month, count(*)::int AS n
        FROM ${visits} JOIN ${businesses} ON ${businesses.id} = ${visits.businessId}
        WHERE ${visits.organisationId} = ${organisationId} AND ${visits.deletedAt} IS NULL
          AND ${visits.reviewState} <> 'draft'
          AND ${visits.visitedAt} >= ${startOfDay(`${months[0] ?? today.slice(0, 7)}-01`, zone).toISOString()}::timestamptz
          ${inDistrict(businesses.districtCode)}
        GROUP BY 1`),
    );
    return { facts, groups, monthly };
  });

  const names = regionNames(organisation.regionCode);
  const districts = (
    districtCode ? facts.districts.filter((d) => d.districtCode === districtCode) : facts.districts
  ).map((row) => ({
    code: row.districtCode,
    name: names.districts.get(row.districtCode) ?? null,
    businesses: row.businesses,
    by_status: row.statusCounts,
    under_coaching: row.underCoaching,
    not_visited: row.notVisited,
    naik_kelas: row.naikKelas,
    stagnan: row.stagnan,
  }));
  const byStatus = Object.fromEntries(
    coachingStatusSchema.options.map((status) => [
      status,
      districts.reduce((n, d) => n + d.by_status[status], 0),
    ]),
  ) as Record<CoachingStatus, number>;
  const bySize = { mikro: 0, kecil: 0, menengah: 0, besar: 0, unknown: 0 };
  const bySector = Object.fromEntries(sectorSchema.options.map((sector) => [sector, 0])) as Record<
    Sector,
    number
  >;
  let total = 0;
  for (const group of groups) {
    const n = Number(group.n);
    total += n;
    const size =
      group.size_class && group.size_class in bySize ? (group.size_class as keyof typeof bySize) : 'unknown';
    bySize[size] += n;
    const sector = sectorSchema.safeParse(group.sector);
    bySector[sector.success ? sector.data : 'lainnya'] += n;
  }
  const perMonth = new Map(monthly.map((row) => [row.month, Number(row.n)]));
  const underCoaching = districts.reduce((n, d) => n + d.under_coaching, 0);
  const target = organisation.coverageTarget;
  return {
    generated_at: now.toISOString(),
    time_zone: zone,
    district_code: districtCode,
    businesses: { total, by_status: byStatus, by_size_class: bySize, by_sector: bySector },
    districts,
    visits_per_month: months.map((month) => ({ month, visits: perMonth.get(month) ?? 0 })),
    coverage: {
      under_coaching: underCoaching,
      open_businesses: total - byStatus.tutup,
      target,
      share_of_target:
        districtCode === null && target !== null && target > 0
          ? Math.round((underCoaching / target) * 10_000) / 10_000
          : null,
    },
    definitions: { not_visited_days: NOT_VISITED_DAYS, movement_last_visits: MOVEMENT_LAST_VISITS },
  };
}
