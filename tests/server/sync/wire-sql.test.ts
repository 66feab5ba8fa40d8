/**
 * The sync pull sends rows as JSON the database writes (wire.ts, `businessJsonSql`/`rowJsonSql`);
 * the list routes and push answers send the same rows through the JavaScript converters. Both must
 * say the same thing: for random rows of every synced table (texts with quotes, control characters
 * and non-Latin letters, microsecond timestamps, nulls, large integers, nested JSON), read by each
 * role, the SQL text parses to exactly the converter's record, keys in the same order.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedUser } from '@/server/auth/sessions';
import { businesses, checklistStates, followUps, photos, visits } from '@/server/db/schema';
import {
  businessJsonSql,
  businessToWire,
  checklistStateToWire,
  followUpToWire,
  photoToWire,
  rowJsonSql,
  visitJsonFor,
  visitToWireFor,
} from '@/server/sync/wire';
import { BACKENDS, freshDatabase, seedFixture, type Fixture, type TestDatabase } from '../../helpers/server';

/** Any text PostgreSQL stores (no NUL): ASCII controls, quotes, backslashes, Indonesian and other scripts. */
const text = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u001f', '/', '<', 'é', 'ñ', '日', '😀', '\u2028'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 40,
  })
  .map((value) => value.replaceAll('\u0000', ''));
const nullableText = fc.option(text, { nil: null });
const json: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 2 })
  // PostgreSQL's jsonb keeps neither NUL nor -0 as JavaScript would; a top-level null is SQL NULL.
  .map((value) =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll('\\u0000', '')
        .replace(/-0(?![.\d])/g, '0'),
    ),
  )
  .filter((value) => value !== null);
const nullableJson = fc.option(json, { nil: null });
/** A time with microseconds (PostgreSQL keeps them; the wire form has milliseconds). */
const micros = fc.integer({ min: Date.UTC(1990, 0, 1) * 1000, max: Date.UTC(2060, 0, 1) * 1000 });
const atMicros = (value: number) => sql`to_timestamp(${value}::float8 / 1e6)`;
const bigint = fc.option(fc.maxSafeInteger(), { nil: null });
const int = fc.option(fc.integer(), { nil: null });

const timestamps = fc.record({
  createdAt: micros,
  updatedAt: micros,
  deletedAt: fc.option(micros, { nil: null }),
});

const businessRow = fc.record({
  name: text,
  brand: nullableText,
  ownerNik: nullableText,
  phone: nullableText,
  address: nullableText,
  capital: bigint,
  annualSales: bigint,
  yearStarted: int,
  employees: int,
  isFood: fc.boolean(),
  location: nullableJson,
  licences: json,
  links: json,
  kbli: nullableJson,
  ownerInvite: nullableJson,
  clocks: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 }), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
  times: timestamps,
});
const visitRow = fc.record({
  notes: text,
  problems: text,
  reviewComment: nullableText,
  monthlySales: bigint,
  employees: int,
  location: nullableJson,
  topics: json,
  sharedWithOwner: fc.boolean(),
  ownerSummary: text,
  nextVisitOn: nullableText,
  visitedAt: micros,
  times: timestamps,
});
const otherRow = fc.record({
  what: text,
  note: nullableText,
  items: json,
  doneAt: fc.option(micros, { nil: null }),
  times: timestamps,
});

function viewers(f: Fixture): AuthenticatedUser[] {
  const base = { organisationId: f.orgA, organisationName: 'Kota A', sessionId: randomUUID() };
  return [
    { ...base, id: f.coordinatorA, username: 'k', name: 'K', role: 'coordinator', businessId: null },
    { ...base, id: f.coachA, username: 'p', name: 'P', role: 'coach', businessId: null },
    { ...base, id: f.ownerA, username: 'o', name: 'O', role: 'owner', businessId: f.businessOfCoachA },
  ];
}

/** Sets a row's timestamps to exact microseconds (drizzle's Date would cut them). */
async function setTimes(
  database: TestDatabase,
  table: PgTable,
  id: string,
  times: Record<string, number | null>,
) {
  const columns = Object.entries(times).map(([column, value]) =>
    value === null
      ? sql`${sql.identifier(column)} = null`
      : sql`${sql.identifier(column)} = ${atMicros(value)}`,
  );
  await database.db.execute(sql`update ${table} set ${sql.join(columns, sql`, `)} where id = ${id}`);
}

type SyncedTableSchema =
  typeof businesses | typeof visits | typeof followUps | typeof checklistStates | typeof photos;

const stamps = (times: { createdAt: number; updatedAt: number; deletedAt: number | null }) => ({
  created_at: times.createdAt,
  updated_at: times.updatedAt,
  deleted_at: times.deletedAt,
});

/** The SQL text must parse to the converter's record, keys in the converter's order. */
function expectSame(fromSql: string, fromJs: unknown) {
  const parsed = JSON.parse(fromSql) as Record<string, unknown>;
  expect(parsed).toStrictEqual(JSON.parse(JSON.stringify(fromJs)));
  expect(Object.keys(parsed)).toEqual(Object.keys(fromJs as object));
}

describe.each(BACKENDS)('the pull’s SQL-written rows on %s', (backend) => {
  let database: TestDatabase;
  let f: Fixture;

  /** Rows `ids` of `table` as the database writes them (`json`) and as drizzle reads them, by id. */
  async function bothForms(table: SyncedTableSchema, json: SQL<string>, ids: readonly string[]) {
    const id = table.id;
    const texts = await database.db
      .select({ json })
      .from(table)
      .where(inArray(id, [...ids]))
      .orderBy(id);
    const rows = await database.db
      .select()
      .from(table)
      .where(inArray(id, [...ids]))
      .orderBy(id);
    expect(rows).toHaveLength(ids.length);
    expect(texts).toHaveLength(ids.length);
    return rows.map((row, i) => ({ json: texts[i]?.json ?? '', row }));
  }
  beforeAll(async () => {
    database = await freshDatabase(backend);
    f = await seedFixture(database);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('say what the converters say, for every table and role', async () => {
    const { db } = database;
    await fc.assert(
      fc.asyncProperty(
        fc.array(businessRow, { minLength: 1, maxLength: 4 }),
        fc.array(visitRow, { minLength: 1, maxLength: 4 }),
        fc.array(otherRow, { minLength: 1, maxLength: 3 }),
        async (businessRows, visitRows, otherRows) => {
          const ids = { businesses: [] as string[], visits: [] as string[], others: [] as string[] };
          /** A row of `table` in city A at one version, its times to the microsecond; its id kept in `list`. */
          const insert = async (
            table: SyncedTableSchema,
            list: string[],
            values: Record<string, unknown>,
            times: Record<string, number | null>,
          ) => {
            const id = randomUUID();
            list.push(id);
            await db.insert(table).values({ id, organisationId: f.orgA, version: 7, ...values } as never);
            await setTimes(database, table, id, times);
          };
          for (const row of businessRows) {
            const values = {
              clocks: row.clocks,
              name: row.name,
              brand: row.brand,
              ownerName: row.name,
              ownerNik: row.ownerNik,
              phone: row.phone,
              address: row.address,
              districtCode: '63.71.01',
              villageCode: '63.71.01.1001',
              location: row.location,
              sector: 'makanan_olahan',
              kbli: row.kbli,
              yearStarted: row.yearStarted,
              employees: row.employees,
              capital: row.capital,
              annualSales: row.annualSales,
              licences: row.licences,
              links: row.links,
              ownerInvite: row.ownerInvite,
              assignedCoachId: f.coachA,
              isFood: row.isFood,
              createdBy: f.coachA,
            };
            await insert(businesses, ids.businesses, values, stamps(row.times));
          }
          const parent = ids.businesses[0] ?? f.businessOfCoachA;
          for (const row of visitRows) {
            const values = {
              businessId: parent,
              coachId: f.coachA,
              visitedAt: new Date(),
              kind: 'monitoring',
              topics: row.topics,
              notes: row.notes,
              problems: row.problems,
              monthlySales: row.monthlySales,
              employees: row.employees,
              location: row.location,
              nextVisitOn: row.nextVisitOn,
              reviewComment: row.reviewComment,
              sharedWithOwner: row.sharedWithOwner,
              ownerSummary: row.ownerSummary,
            };
            await insert(visits, ids.visits, values, { ...stamps(row.times), visited_at: row.visitedAt });
          }
          const visitId = ids.visits[0] as string;
          for (const row of otherRows) {
            const id = randomUUID();
            ids.others.push(id);
            const common = { id, organisationId: f.orgA, version: 7, businessId: parent, visitId };
            await db.insert(followUps).values({ ...common, what: row.what, who: row.what, dueOn: row.note });
            await setTimes(database, followUps, id, { ...stamps(row.times), done_at: row.doneAt });
            await db
              .insert(checklistStates)
              .values({ ...common, kind: 'packaging', templateVersion: 1, items: row.items as never });
            await setTimes(database, checklistStates, id, stamps(row.times));
            await db.insert(photos).values({
              ...common,
              sha256: 'a'.repeat(64),
              mimeType: 'image/jpeg',
              kind: 'product',
              caption: row.note,
              byteSize: 1,
              width: 1,
              height: 1,
              takenAt: new Date(),
            });
            await setTimes(database, photos, id, { ...stamps(row.times), taken_at: row.times.createdAt });
          }

          // The first business is the owner's own: they read its NIK, nobody else's.
          for (const viewer of viewers({ ...f, businessOfCoachA: parent })) {
            for (const { json, row } of await bothForms(
              businesses,
              businessJsonSql(businesses, viewer),
              ids.businesses,
            ))
              expectSame(json, businessToWire(row as typeof businesses.$inferSelect, viewer));
            for (const { json, row } of await bothForms(visits, rowJsonSql(visits), ids.visits))
              expectSame(
                visitJsonFor(json, viewer),
                visitToWireFor(row as typeof visits.$inferSelect, viewer),
              );
          }
          const converters = [
            [followUps, followUpToWire],
            [checklistStates, checklistStateToWire],
            [photos, photoToWire],
          ] as const;
          for (const [table, toWire] of converters) {
            for (const { json, row } of await bothForms(table, rowJsonSql(table), ids.others))
              expectSame(json, (toWire as (r: never) => unknown)(row as never));
          }
        },
      ),
      { numRuns: 12, seed: Number(process.env.FC_SEED ?? 20261124) },
    );
  });
});
