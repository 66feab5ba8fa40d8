/**
 * What each export holds (issue 5): its columns, with Indonesian headers, and its rows, read from
 * the database in keyset-paged batches so memory stays bounded however large the city is (22,000
 * businesses, 100,000 visits). Every query is scoped to the caller's organisation and leaves out
 * tombstoned rows (and rows of tombstoned businesses or visits).
 *
 * Every export carries the place (Kemendagri kecamatan and kelurahan codes with their names), the
 * business's KBLI code and NIB, so other offices' systems can join it with theirs. NIK appears only
 * in the businesses export, only when asked for, and only for roles that may read it.
 *
 * The rows are not one snapshot: a long export reads page after page while phones keep syncing.
 * The keyset order means no row is written twice or skipped unless its sort key changes meanwhile;
 * holding one transaction open for the whole download would instead stall the embedded database
 * (one connection) for everyone while a slow client reads.
 */
import { and, asc, desc, eq, gt, gte, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { templateVersion } from '@/shared/checklists';
import { itemsFor } from '@/shared/checklists/checklist-template';
import type { Evidence } from '@/shared/domain/checklist-state';
import type {
  BusinessExportQuery,
  ChecklistExportQuery,
  FollowUpExportQuery,
  VisitExportQuery,
} from '@/shared/domain/export';
import {
  nextDay,
  startOfDay,
  timeZoneOfRegion,
  UTC_OFFSET_HOURS,
  type IndonesianTimeZone,
} from '@/shared/domain/time-zone';
import type { Role } from '@/shared/domain/user';
import { translate } from '@/shared/i18n';
import { mayReadNik } from '../auth/roles';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import {
  businesses,
  checklistStates,
  followUps,
  organisations,
  users,
  visits,
  type LicencesColumn,
} from '../db/schema';
import { businessFilterConditions } from '../desk/business-desk';
import { cityRegions } from '../reference/regions';
import type { CellType, CellValue, Row, TableColumn } from './table';

/** Rows read per query. */
export const EXPORT_BATCH_ROWS = 1_000;

const ZONE_NAMES: Record<IndonesianTimeZone, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export type ExportContext = {
  db: Db;
  user: AuthenticatedUser;
  zone: IndonesianTimeZone;
  /** Kecamatan or kelurahan name of a Kemendagri code in the organisation's city, or null. */
  regionName: (code: string) => string | null;
  batchRows: number;
};

/** An export ready to be written: its columns, how many rows it will have, and the rows. */
export type ExportPlan = {
  sheetName: string;
  columns: TableColumn[];
  total: number;
  batches: () => AsyncGenerator<Row[]>;
  /** Whether the NIK column is in it (for the audit entry). */
  nik: boolean;
};

export async function exportContext(
  db: Db,
  user: AuthenticatedUser,
  batchRows = EXPORT_BATCH_ROWS,
): Promise<ExportContext> {
  const [organisation] = await db
    .select({ regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, user.organisationId))
    .limit(1);
  const regionCode = organisation?.regionCode ?? '';
  const names = new Map<string, string>();
  for (const district of cityRegions(regionCode)?.districts ?? []) {
    names.set(district.code, district.name);
    for (const village of district.villages) names.set(village.code, village.name);
  }
  return {
    db,
    user,
    zone: timeZoneOfRegion(regionCode),
    regionName: (code) => names.get(code) ?? null,
    batchRows,
  };
}

/** NIK goes into an export only when asked for and only to a role that may read it (UU 27/2022). */
export function exportIncludesNik(role: Role, requested: boolean): boolean {
  return requested && mayReadNik(role);
}

/** `YYYY-MM-DD HH:MM` on the city's wall clock. */
export function wallClock(at: Date, zone: IndonesianTimeZone): string {
  const local = new Date(at.getTime() + UTC_OFFSET_HOURS[zone] * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The calendar day of `at` in the city, `YYYY-MM-DD`. */
export function cityDay(at: Date, zone: IndonesianTimeZone): string {
  return wallClock(at, zone).slice(0, 10);
}

/** An enumeration value's Indonesian name (labels.* in the catalogue), or the value itself. */
function label(group: string, value: string | null): string | null {
  if (value === null) return null;
  const key = group === 'sizeClass' ? `sizeClass.${value}` : `labels.${group}.${value}`;
  const text = translate('id', key);
  return text === key ? value : text;
}

const yesNo = (value: boolean) => (value ? 'Ya' : 'Tidak');

type Field<R> = TableColumn & { value: (row: R) => CellValue };

function field<R>(header: string, type: CellType, width: number, value: (row: R) => CellValue): Field<R> {
  return { header, type, width, value };
}

function plan<R>(
  sheetName: string,
  fields: ReadonlyArray<Field<R>>,
  total: number,
  pages: () => AsyncGenerator<R[]>,
  nik = false,
): ExportPlan {
  return {
    sheetName,
    columns: fields.map(({ header, type, width }) => ({ header, type, width })),
    total,
    nik,
    batches: async function* () {
      for await (const page of pages()) yield page.map((row) => fields.map((f) => f.value(row)));
    },
  };
}

/** Pages of a keyset-ordered query: `read(after)` gives the rows after the last one of the page before. */
async function* keysetPages<R>(read: (after: R | null) => Promise<R[]>, size: number): AsyncGenerator<R[]> {
  let after: R | null = null;
  for (;;) {
    const page = await read(after);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = page[page.length - 1] ?? null;
  }
}

/** The place and identity columns every export shares, from a row that has its business's. */
type BusinessPart = {
  businessId: string;
  businessName: string;
  districtCode: string;
  villageCode: string;
  kbli: { code: string; version: string } | null;
  nib: string | null;
};

function businessFields<R extends BusinessPart>(ctx: ExportContext) {
  return {
    id: field<R>('ID usaha', 'text', 38, (r) => r.businessId),
    name: field<R>('Nama usaha', 'text', 30, (r) => r.businessName),
    districtCode: field<R>('Kode kecamatan', 'text', 14, (r) => r.districtCode),
    district: field<R>('Kecamatan', 'text', 20, (r) => ctx.regionName(r.districtCode)),
    villageCode: field<R>('Kode kelurahan', 'text', 16, (r) => r.villageCode),
    village: field<R>('Kelurahan', 'text', 20, (r) => ctx.regionName(r.villageCode)),
    kbli: field<R>('KBLI', 'text', 8, (r) => r.kbli?.code ?? null),
    nib: field<R>('NIB', 'text', 16, (r) => r.nib),
  };
}

/** The columns naming the business and its place, in the order the visit-like exports use. */
function businessColumns<R extends BusinessPart>(ctx: ExportContext): Array<Field<R>> {
  const b = businessFields<R>(ctx);
  return [b.id, b.name, b.districtCode, b.district, b.villageCode, b.village, b.kbli, b.nib];
}

const businessPart = {
  businessId: businesses.id,
  businessName: businesses.name,
  districtCode: businesses.districtCode,
  villageCode: businesses.villageCode,
  kbli: businesses.kbli,
  nib: sql<string | null>`${businesses.licences} ->> 'nib'`,
};

/** The business's place filters (kelurahan wins over kecamatan, as on the review screen). */
function placeConditions(filter: { districtCode?: string | undefined; villageCode?: string | undefined }) {
  if (filter.villageCode) return [eq(businesses.villageCode, filter.villageCode)];
  if (filter.districtCode) return [eq(businesses.districtCode, filter.districtCode)];
  return [];
}

async function count(query: Promise<Array<{ n: number }>>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

const countAll = sql<number>`count(*)::int`;

// ---- businesses ----

const coach = alias(users, 'coach');

export async function businessesExport(ctx: ExportContext, query: BusinessExportQuery): Promise<ExportPlan> {
  const { db, user, zone } = ctx;
  const nik = exportIncludesNik(user.role, query.includeNik === 'true');
  const { q, districtCode, villageCode, coachId, status } = query;
  // The list screen's own conditions (organisation and tombstones included): the same rows.
  const where = and(
    ...businessFilterConditions(user.organisationId, { q, districtCode, villageCode, coachId, status }),
  );
  const select = {
    ...businessPart,
    brand: businesses.brand,
    ownerName: businesses.ownerName,
    ownerNik: businesses.ownerNik,
    phone: businesses.phone,
    address: businesses.address,
    location: businesses.location,
    sector: businesses.sector,
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
    coachName: coach.name,
    status: businesses.status,
    isFood: businesses.isFood,
    createdAt: businesses.createdAt,
    updatedAt: businesses.updatedAt,
  };
  type R = BusinessPart & {
    brand: string | null;
    ownerName: string;
    ownerNik: string | null;
    phone: string | null;
    address: string | null;
    location: { lat: number; lng: number } | null;
    sector: string;
    products: string | null;
    yearStarted: number | null;
    employees: number | null;
    capital: number | null;
    annualSales: number | null;
    sizeClass: string | null;
    legalForm: string | null;
    licences: LicencesColumn;
    links: Array<{ kind: string; value: string }>;
    cohort: string | null;
    coachName: string | null;
    status: string;
    isFood: boolean;
    createdAt: Date;
    updatedAt: Date;
  };
  const zoneName = ZONE_NAMES[zone];
  const b = businessFields<R>(ctx);
  const fields: Array<Field<R>> = [
    b.id,
    b.name,
    field<R>('Merek', 'text', 20, (r) => r.brand),
    field<R>('Nama pemilik', 'text', 24, (r) => r.ownerName),
    ...(nik ? [field<R>('NIK pemilik', 'text', 18, (r) => r.ownerNik)] : []),
    field<R>('Telepon', 'text', 16, (r) => r.phone),
    field<R>('Alamat', 'text', 40, (r) => r.address),
    b.districtCode,
    b.district,
    b.villageCode,
    b.village,
    field<R>('Lintang', 'number', 11, (r) => r.location?.lat ?? null),
    field<R>('Bujur', 'number', 11, (r) => r.location?.lng ?? null),
    field<R>('Sektor', 'text', 16, (r) => label('sector', r.sector)),
    b.kbli,
    field<R>('Versi KBLI', 'text', 10, (r) => r.kbli?.version ?? null),
    field<R>('Produk', 'text', 30, (r) => r.products),
    field<R>('Tahun mulai', 'number', 11, (r) => r.yearStarted),
    field<R>('Tenaga kerja', 'number', 12, (r) => r.employees),
    field<R>('Modal usaha (Rp)', 'money', 16, (r) => r.capital),
    field<R>('Omzet per tahun (Rp)', 'money', 18, (r) => r.annualSales),
    field<R>('Skala usaha', 'text', 12, (r) => label('sizeClass', r.sizeClass)),
    field<R>('Bentuk usaha', 'text', 14, (r) => label('legalForm', r.legalForm)),
    b.nib,
    field<R>('P-IRT', 'text', 18, (r) => r.licences.pirt),
    field<R>('Sertifikat halal', 'text', 18, (r) => r.licences.halal),
    field<R>('BPOM MD/ML', 'text', 16, (r) => r.licences.bpom),
    field<R>('Merek terdaftar', 'text', 18, (r) => r.licences.trademark),
    field<R>('Kohort', 'text', 12, (r) => r.cohort),
    field<R>('Pendamping', 'text', 20, (r) => r.coachName),
    field<R>('Status pembinaan', 'text', 16, (r) => label('status', r.status)),
    field<R>('Pangan olahan', 'text', 13, (r) => yesNo(r.isFood)),
    field<R>('Tautan daring', 'text', 30, (r) =>
      r.links.length ? r.links.map((l) => `${label('link', l.kind) ?? l.kind}: ${l.value}`).join('; ') : null,
    ),
    field<R>(`Dibuat (${zoneName})`, 'datetime', 17, (r) => wallClock(r.createdAt, zone)),
    field<R>(`Diperbarui (${zoneName})`, 'datetime', 17, (r) => wallClock(r.updatedAt, zone)),
  ];
  const total = await count(db.select({ n: countAll }).from(businesses).where(where));
  // Name order, as on the list screen.
  const read = (after: R | null) =>
    db
      .select(select)
      .from(businesses)
      .leftJoin(coach, eq(coach.id, businesses.assignedCoachId))
      .where(
        after
          ? and(
              where,
              or(
                gt(businesses.name, after.businessName),
                and(eq(businesses.name, after.businessName), gt(businesses.id, after.businessId)),
              ),
            )
          : where,
      )
      .orderBy(asc(businesses.name), asc(businesses.id))
      .limit(ctx.batchRows) as Promise<R[]>;
  return plan('Usaha', fields, total, () => keysetPages(read, ctx.batchRows), nik);
}

// ---- visits ----

/** Visit dates are calendar days in the city: from its first instant to the next day's first. */
function visitDayConditions(
  filter: { from?: string | undefined; to?: string | undefined },
  zone: IndonesianTimeZone,
) {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(visits.visitedAt, startOfDay(filter.from, zone)));
  if (filter.to) conditions.push(lt(visits.visitedAt, startOfDay(nextDay(filter.to), zone)));
  return conditions;
}

/** Newest first, as on the review screen. */
function beforeVisit(after: { visitedAt: Date; id: string } | null, idColumn: PgColumn) {
  if (!after) return [];
  return [
    // The plain bound lets the (organisation, visited_at) index start the scan at the cursor;
    // the second condition alone would be a filter over every newer visit, page after page.
    lte(visits.visitedAt, after.visitedAt),
    or(
      lt(visits.visitedAt, after.visitedAt),
      and(eq(visits.visitedAt, after.visitedAt), lt(idColumn, after.id)),
    ) as SQL,
  ];
}

export async function visitsExport(ctx: ExportContext, query: VisitExportQuery): Promise<ExportPlan> {
  const { db, user, zone } = ctx;
  const conditions: SQL[] = [
    eq(visits.organisationId, user.organisationId),
    isNull(visits.deletedAt),
    isNull(businesses.deletedAt),
    query.state ? eq(visits.reviewState, query.state) : ne(visits.reviewState, 'draft'),
    ...placeConditions(query),
    ...visitDayConditions(query, zone),
  ];
  if (query.coachId) conditions.push(eq(visits.coachId, query.coachId));
  if (query.topic) conditions.push(sql`${visits.topics} @> ${JSON.stringify([query.topic])}::jsonb`);
  const select = {
    ...businessPart,
    id: visits.id,
    visitedAt: visits.visitedAt,
    coachName: users.name,
    kind: visits.kind,
    topics: visits.topics,
    notes: visits.notes,
    problems: visits.problems,
    advice: visits.advice,
    monthlySales: visits.monthlySales,
    employees: visits.employees,
    location: visits.location,
    nextVisitOn: visits.nextVisitOn,
    reviewState: visits.reviewState,
    reviewComment: visits.reviewComment,
    coachReply: visits.coachReply,
  };
  type R = BusinessPart & {
    id: string;
    visitedAt: Date;
    coachName: string;
    kind: string;
    topics: string[];
    notes: string;
    problems: string;
    advice: string;
    monthlySales: number | null;
    employees: number | null;
    location: { lat: number; lng: number } | null;
    nextVisitOn: string | null;
    reviewState: string;
    reviewComment: string | null;
    coachReply: string | null;
  };
  const fields: Array<Field<R>> = [
    field<R>('ID kunjungan', 'text', 38, (r) => r.id),
    field<R>(`Waktu kunjungan (${ZONE_NAMES[zone]})`, 'datetime', 17, (r) => wallClock(r.visitedAt, zone)),
    ...businessColumns<R>(ctx),
    field<R>('Pendamping', 'text', 20, (r) => r.coachName),
    field<R>('Jenis kunjungan', 'text', 16, (r) => label('visitKind', r.kind)),
    field<R>('Topik', 'text', 30, (r) => r.topics.map((topic) => label('topic', topic)).join(', ') || null),
    field<R>('Catatan', 'text', 40, (r) => r.notes || null),
    field<R>('Kendala', 'text', 30, (r) => r.problems || null),
    field<R>('Saran', 'text', 30, (r) => r.advice || null),
    field<R>('Omzet per bulan (Rp)', 'money', 18, (r) => r.monthlySales),
    field<R>('Tenaga kerja', 'number', 12, (r) => r.employees),
    field<R>('Lintang', 'number', 11, (r) => r.location?.lat ?? null),
    field<R>('Bujur', 'number', 11, (r) => r.location?.lng ?? null),
    field<R>('Rencana kunjungan berikutnya', 'date', 14, (r) => r.nextVisitOn),
    field<R>('Status tinjauan', 'text', 18, (r) => label('reviewState', r.reviewState)),
    field<R>('Komentar koordinator', 'text', 30, (r) => r.reviewComment),
    field<R>('Jawaban pendamping', 'text', 30, (r) => r.coachReply),
  ];
  const from = () =>
    db
      .select(select)
      .from(visits)
      .innerJoin(businesses, eq(businesses.id, visits.businessId))
      .innerJoin(users, eq(users.id, visits.coachId));
  const total = await count(
    db
      .select({ n: countAll })
      .from(visits)
      .innerJoin(businesses, eq(businesses.id, visits.businessId))
      .where(and(...conditions)),
  );
  const read = (after: R | null) =>
    from()
      .where(and(...conditions, ...beforeVisit(after, visits.id)))
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(ctx.batchRows) as Promise<R[]>;
  return plan('Kunjungan', fields, total, () => keysetPages(read, ctx.batchRows));
}

// ---- follow-ups ----

/** Due date order, undated last (`due_on` is `YYYY-MM-DD` text, so text order is date order). */
const dueKey = sql<string>`coalesce(${followUps.dueOn}, '9999-12-31')`;

export async function followUpsExport(ctx: ExportContext, query: FollowUpExportQuery): Promise<ExportPlan> {
  const { db, user, zone } = ctx;
  const conditions: SQL[] = [
    eq(followUps.organisationId, user.organisationId),
    isNull(followUps.deletedAt),
    isNull(businesses.deletedAt),
    ...placeConditions(query),
  ];
  if (query.coachId) conditions.push(eq(businesses.assignedCoachId, query.coachId));
  if (query.status === 'open') conditions.push(isNull(followUps.doneAt));
  if (query.status === 'done') conditions.push(sql`${followUps.doneAt} is not null`);
  if (query.from) conditions.push(gte(followUps.dueOn, query.from));
  if (query.to) conditions.push(sql`${followUps.dueOn} <= ${query.to}`);
  const select = {
    ...businessPart,
    id: followUps.id,
    dueKey,
    coachName: coach.name,
    visitId: followUps.visitId,
    visitedAt: visits.visitedAt,
    what: followUps.what,
    who: followUps.who,
    dueOn: followUps.dueOn,
    doneAt: followUps.doneAt,
  };
  type R = BusinessPart & {
    id: string;
    dueKey: string;
    coachName: string | null;
    visitId: string | null;
    visitedAt: Date | null;
    what: string;
    who: string;
    dueOn: string | null;
    doneAt: Date | null;
  };
  const zoneName = ZONE_NAMES[zone];
  const fields: Array<Field<R>> = [
    field<R>('ID tindak lanjut', 'text', 38, (r) => r.id),
    ...businessColumns<R>(ctx),
    field<R>('Pendamping', 'text', 20, (r) => r.coachName),
    field<R>(`Waktu kunjungan (${zoneName})`, 'datetime', 17, (r) =>
      r.visitedAt ? wallClock(r.visitedAt, zone) : null,
    ),
    field<R>('Tindak lanjut', 'text', 40, (r) => r.what),
    field<R>('Pelaksana', 'text', 20, (r) => r.who),
    field<R>('Tenggat', 'date', 12, (r) => r.dueOn),
    field<R>('Selesai', 'text', 9, (r) => yesNo(r.doneAt !== null)),
    field<R>(`Waktu selesai (${zoneName})`, 'datetime', 17, (r) =>
      r.doneAt ? wallClock(r.doneAt, zone) : null,
    ),
  ];
  const total = await count(
    db
      .select({ n: countAll })
      .from(followUps)
      .innerJoin(businesses, eq(businesses.id, followUps.businessId))
      .where(and(...conditions)),
  );
  const read = (after: R | null) =>
    db
      .select(select)
      .from(followUps)
      .innerJoin(businesses, eq(businesses.id, followUps.businessId))
      .leftJoin(coach, eq(coach.id, businesses.assignedCoachId))
      .leftJoin(visits, and(eq(visits.id, followUps.visitId), isNull(visits.deletedAt)))
      .where(
        and(
          ...conditions,
          ...(after ? [sql`(${dueKey}, ${followUps.id}) > (${after.dueKey}, ${after.id}::uuid)`] : []),
        ),
      )
      .orderBy(asc(dueKey), asc(followUps.id))
      .limit(ctx.batchRows) as Promise<R[]>;
  return plan('Tindak lanjut', fields, total, () => keysetPages(read, ctx.batchRows));
}

// ---- checklist states ----

type ChecklistStateRow = BusinessPart & {
  id: string;
  visitId: string;
  visitedAt: Date;
  coachName: string;
  isFood: boolean;
  kind: string;
  templateVersion: number;
  items: Record<string, { done: boolean; evidence: unknown; note: string | null }>;
};

type ChecklistItemRow = ChecklistStateRow & {
  itemId: string;
  itemLabel: string;
  done: boolean;
  evidence: string | null;
  note: string | null;
};

function evidenceText(evidence: unknown): string | null {
  if (!evidence || typeof evidence !== 'object') return null;
  const value = evidence as Partial<Evidence> & { value?: unknown; photoId?: unknown };
  if (value.kind === 'photo') return `Foto ${String(value.photoId ?? '')}`.trim();
  return typeof value.value === 'string' ? value.value : null;
}

/**
 * The item ids a state is written out with: its template's items that apply to the business, in
 * the template's order; for a template version this server does not know, the ids it recorded.
 */
function itemIdsOf(
  kind: string,
  version: number,
  isFood: boolean,
  items: object,
): Array<{ id: string; label: string }> {
  const template =
    kind === 'packaging' || kind === 'digital_marketing' ? templateVersion(kind, version) : undefined;
  if (!template)
    return Object.keys(items)
      .sort()
      .map((id) => ({ id, label: id }));
  return itemsFor(template, isFood).map((item) => ({ id: item.id, label: item.label.id }));
}

function expandState(row: ChecklistStateRow): ChecklistItemRow[] {
  return itemIdsOf(row.kind, row.templateVersion, row.isFood, row.items).map(({ id, label: itemLabel }) => {
    const state = row.items[id];
    return {
      ...row,
      itemId: id,
      itemLabel,
      done: state?.done ?? false,
      evidence: evidenceText(state?.evidence),
      note: state?.note ?? null,
    };
  });
}

export async function checklistsExport(ctx: ExportContext, query: ChecklistExportQuery): Promise<ExportPlan> {
  const { db, user, zone } = ctx;
  const conditions: SQL[] = [
    eq(checklistStates.organisationId, user.organisationId),
    isNull(checklistStates.deletedAt),
    isNull(visits.deletedAt),
    ne(visits.reviewState, 'draft'),
    isNull(businesses.deletedAt),
    ...placeConditions(query),
    ...visitDayConditions(query, zone),
  ];
  if (query.coachId) conditions.push(eq(visits.coachId, query.coachId));
  if (query.kind) conditions.push(eq(checklistStates.kind, query.kind));
  // One row per item: the count is per (checklist, template version, food or not), times its items.
  const groups = (await db
    .select({
      kind: checklistStates.kind,
      templateVersion: checklistStates.templateVersion,
      isFood: businesses.isFood,
      states: countAll,
      recordedItems: sql<number>`coalesce(sum((select count(*) from jsonb_object_keys(${checklistStates.items}))), 0)::int`,
    })
    .from(checklistStates)
    .innerJoin(visits, eq(visits.id, checklistStates.visitId))
    .innerJoin(businesses, eq(businesses.id, checklistStates.businessId))
    .where(and(...conditions))
    .groupBy(checklistStates.kind, checklistStates.templateVersion, businesses.isFood)) as Array<{
    kind: string;
    templateVersion: number;
    isFood: boolean;
    states: number;
    recordedItems: number;
  }>;
  let total = 0;
  for (const group of groups) {
    const known =
      group.kind === 'packaging' || group.kind === 'digital_marketing'
        ? templateVersion(group.kind, group.templateVersion)
        : undefined;
    total += known
      ? Number(group.states) * itemsFor(known, group.isFood).length
      : Number(group.recordedItems);
  }

  const zoneName = ZONE_NAMES[zone];
  const fields: Array<Field<ChecklistItemRow>> = [
    field<ChecklistItemRow>(`Waktu kunjungan (${zoneName})`, 'datetime', 17, (r) =>
      wallClock(r.visitedAt, zone),
    ),
    field<ChecklistItemRow>('ID kunjungan', 'text', 38, (r) => r.visitId),
    ...businessColumns<ChecklistItemRow>(ctx),
    field<ChecklistItemRow>('Pendamping', 'text', 20, (r) => r.coachName),
    field<ChecklistItemRow>('Checklist', 'text', 18, (r) => label('checklistKind', r.kind)),
    field<ChecklistItemRow>('Versi checklist', 'number', 10, (r) => r.templateVersion),
    field<ChecklistItemRow>('Kode butir', 'text', 20, (r) => r.itemId),
    field<ChecklistItemRow>('Butir', 'text', 40, (r) => r.itemLabel),
    field<ChecklistItemRow>('Terpenuhi', 'text', 10, (r) => yesNo(r.done)),
    field<ChecklistItemRow>('Bukti', 'text', 30, (r) => r.evidence),
    field<ChecklistItemRow>('Catatan butir', 'text', 30, (r) => r.note),
  ];
  const read = (after: ChecklistStateRow | null) =>
    db
      .select({
        ...businessPart,
        id: checklistStates.id,
        visitId: checklistStates.visitId,
        visitedAt: visits.visitedAt,
        coachName: users.name,
        isFood: businesses.isFood,
        kind: checklistStates.kind,
        templateVersion: checklistStates.templateVersion,
        items: checklistStates.items,
      })
      .from(checklistStates)
      .innerJoin(visits, eq(visits.id, checklistStates.visitId))
      .innerJoin(businesses, eq(businesses.id, checklistStates.businessId))
      .innerJoin(users, eq(users.id, visits.coachId))
      .where(and(...conditions, ...beforeVisit(after, checklistStates.id)))
      .orderBy(desc(visits.visitedAt), desc(checklistStates.id))
      .limit(ctx.batchRows) as Promise<ChecklistStateRow[]>;
  async function* items() {
    for await (const page of keysetPages(read, ctx.batchRows)) yield page.flatMap(expandState);
  }
  return plan('Checklist', fields, total, items);
}
