/**
 * Puts the seeded city-sized data set (large-dataset.ts) into a server database, shaped as if the
 * coaches' phones had pushed it over two years: every row in the organisation, a clock on every
 * field from the device that wrote it (what a create mutation leaves, apply-push.ts), and a version
 * from the organisation's counter, a few rows per version (one push each) in the order they were
 * written. Bulk inserts of 1,000 rows per statement, so 122,000 rows go in within seconds on either
 * backend. The bench's first-sync figures pull this down into a fresh phone.
 */
import { randomUUID } from 'node:crypto';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/server/db/connect';
import { businesses, checklistStates, followUps, syncState, visits } from '@/server/db/schema';
import { checklistStateFieldsSchema } from '@/shared/domain/checklist-state';
import { followUpFieldsSchema } from '@/shared/domain/follow-up';
import { cityRegions } from '@/server/reference/regions';
import { businessFieldsSchema, type Business } from '@/shared/domain/business';
import { visitFieldsSchema, type Visit } from '@/shared/domain/visit';
import { compactClocks } from '@/shared/sync/clocks';
import { formatHlc } from '@/shared/sync/hlc';
import { generateLargeDataset } from './large-dataset';

export type ServerDatasetOptions = {
  organisationId: string;
  /** Every business is assigned to (and every visit made by) this coach, so their pull holds it all. */
  coachId: string;
  /** The organisation's city (Kemendagri code); the rows' kelurahan are the city's. */
  regionCode: string;
  businesses?: number;
  visits?: number;
  /** Follow-ups and checklist states under random visits (none unless asked: the sync bench has none). */
  followUps?: number;
  checklistStates?: number;
  seed?: number;
};

export type ServerDatasetResult = {
  businesses: number;
  visits: number;
  /** The organisation's version after the seed (rows span versions 2 … this). */
  version: number;
  generateMs: number;
  insertMs: number;
};

/** Rows per version: a coordinator's or coach's push of new profiles, and a coach's day of visits. */
const BUSINESSES_PER_VERSION = 20;
const VISITS_PER_VERSION = 5;
const CHUNK = 1_000;

const BUSINESS_CLOCKED = [...Object.keys(businessFieldsSchema.shape), 'createdBy'];
const VISIT_CLOCKED = Object.keys(visitFieldsSchema.shape);

function clocksAt(fields: readonly string[], stamp: string, node: string): Record<string, string> {
  const clock = formatHlc({ millis: Date.parse(stamp), counter: 0, node });
  // Stored as the server stores a row one device wrote in one go (shared/sync/clocks.ts).
  return compactClocks(Object.fromEntries(fields.map((field) => [field, clock])));
}

/**
 * Inserts rows (entity shape: camelCase keys, ISO strings for timestamps) as one JSON parameter per
 * chunk that the database unpacks itself (`json_populate_recordset`): tens of thousands of bound
 * parameters per statement made the seed take half a minute.
 */
async function insertJson(database: Database, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>) {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name] as const);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows
      .slice(i, i + CHUNK)
      .map((row) => Object.fromEntries(columns.map(([key, name]) => [name, row[key] ?? null])));
    await database.db.execute(
      sql`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(chunk)}::json)`,
    );
  }
}

/** Generates the set (its visits ending today) and inserts it; the organisation and coach must exist. */
export async function seedServerDataset(
  database: Database,
  options: ServerDatasetOptions,
): Promise<ServerDatasetResult> {
  const regions = cityRegions(options.regionCode);
  if (!regions) throw new Error(`unknown city code ${options.regionCode}`);
  const villages = regions.districts.flatMap((d) =>
    d.villages.map((v) => ({ districtCode: d.code, villageCode: v.code })),
  );
  const businessCount = options.businesses ?? 22_000;
  const started = performance.now();
  const data = generateLargeDataset({
    organisationId: options.organisationId,
    coachId: options.coachId,
    villages,
    seed: options.seed,
    businesses: businessCount,
    visits: options.visits ?? 100_000,
    followUps: options.followUps ?? 0,
    checklistStates: options.checklistStates ?? 0,
    caseload: businessCount,
    until: new Date(),
  });
  const generated = performance.now();

  // One device wrote it all (the clocks' node); versions follow the order the rows were written.
  const device = randomUUID();
  const byCreation = <T extends { createdAt: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  let version = 1;
  const businessRows = byCreation(data.businesses).map((row: Business, i) => ({
    ...row,
    version: version + 1 + Math.floor(i / BUSINESSES_PER_VERSION),
    clocks: clocksAt(BUSINESS_CLOCKED, row.createdAt, device),
  }));
  version = businessRows[businessRows.length - 1]?.version ?? version;
  const visitRows = byCreation(data.visits).map((row: Visit, i) => ({
    ...row,
    version: version + 1 + Math.floor(i / VISITS_PER_VERSION),
    clocks: clocksAt(VISIT_CLOCKED, row.createdAt, device),
  }));
  version = visitRows[visitRows.length - 1]?.version ?? version;
  // Follow-ups and checklists were written with their visit (the visit's version and clock).
  const versionOfVisit = new Map(visitRows.map((row) => [row.id, row.version]));
  const underVisit = <T extends { visitId: string | null; createdAt: string }>(
    rows: T[],
    fields: readonly string[],
  ) =>
    rows.map((row) => ({
      ...row,
      version: versionOfVisit.get(row.visitId ?? '') ?? version,
      clocks: clocksAt(fields, row.createdAt, device),
    }));
  const followUpRows = underVisit(data.followUps, Object.keys(followUpFieldsSchema.shape));
  const checklistRows = underVisit(data.checklistStates, Object.keys(checklistStateFieldsSchema.shape));

  await insertJson(database, businesses, businessRows);
  await insertJson(database, visits, visitRows);
  await insertJson(database, followUps, followUpRows);
  await insertJson(database, checklistStates, checklistRows);
  await database.db
    .update(syncState)
    .set({ version })
    .where(eq(syncState.organisationId, options.organisationId));
  return {
    businesses: businessRows.length,
    visits: visitRows.length,
    version,
    generateMs: Math.round(generated - started),
    insertMs: Math.round(performance.now() - generated),
  };
}
