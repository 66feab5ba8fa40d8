/**
 * The visits table keeps two compound indexes (local-db.ts v6); these lookups must answer exactly
 * what the single-field indexes they replaced answered. Checked against a plain scan of the table
 * for random sets of visits (fast-check), and on a phone upgraded from the v5 schema.
 */
import fc from 'fast-check';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { newestVisits, visitsInState, visitsOfBusiness } from '@/client/data/visit-queries';
import type { ReviewState, Visit } from '@/shared/domain/visit';
import { makeVisit } from '../../helpers/factories';

const BUSINESSES = ['b-1', 'b-2', 'b-3'].map(() => uuidv7());
const COACHES = [uuidv7(), uuidv7()];
const STATES: ReviewState[] = ['draft', 'submitted', 'approved', 'returned'];

const visitArb = fc
  .record({
    business: fc.constantFrom(...BUSINESSES),
    coach: fc.constantFrom(...COACHES),
    state: fc.constantFrom(...STATES),
    // Few distinct days, so equal visitedAt values (ties) are common.
    day: fc.integer({ min: 1, max: 6 }),
    deleted: fc.boolean(),
  })
  .map(({ business, coach, state, day, deleted }) =>
    makeVisit({
      id: uuidv7(),
      businessId: business,
      coachId: coach,
      reviewState: state,
      visitedAt: `2026-03-0${day}T02:00:00.000Z`,
      deletedAt: deleted ? '2026-03-09T00:00:00.000Z' : null,
    }),
  );

const newestFirst = (a: Visit, b: Visit) =>
  a.visitedAt < b.visitedAt ? 1 : a.visitedAt > b.visitedAt ? -1 : a.id < b.id ? 1 : -1;
const ids = (rows: Visit[]) => rows.map((row) => row.id);

let databases: LocalDb[] = [];
afterEach(async () => {
  for (const db of databases) await db.delete();
  databases = [];
});

async function openDb(): Promise<LocalDb> {
  const db = new LocalDb(`binaan-visit-queries-${uuidv7()}`);
  databases.push(db);
  await db.open();
  return db;
}

describe('the visit lookups over the compound indexes', () => {
  it('answer what a scan of the whole table answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(visitArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (visits, limit) => {
          const db = await openDb();
          await db.visits.bulkPut(visits);
          const all = await db.visits.toArray();
          const [coach] = COACHES;
          const own = (visit: Visit) => visit.coachId === coach && !visit.deletedAt;

          for (const business of BUSINESSES) {
            const expected = all.filter((v) => v.businessId === business);
            expect((await visitsOfBusiness(db, business).toArray()).map((v) => v.id).sort()).toEqual(
              ids(expected).sort(),
            );
            expect(await visitsOfBusiness(db, business).count()).toBe(expected.length);
          }
          for (const state of STATES) {
            const found = await visitsInState(db, state).toArray();
            expect(ids(found).sort()).toEqual(ids(all.filter((v) => v.reviewState === state)).sort());
          }
          const newest = await newestVisits(db, own, limit);
          expect(ids(newest)).toEqual(ids(all.filter(own).sort(newestFirst).slice(0, limit)));
          await db.delete();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('work on a phone upgraded from the v5 schema, with its visits kept', async () => {
    const name = `binaan-visit-queries-upgrade-${uuidv7()}`;
    const old = new Dexie(name);
    old.version(5).stores({
      visits: 'id, businessId, visitedAt, reviewState, [businessId+visitedAt]',
    });
    const [business = ''] = BUSINESSES;
    const returned = makeVisit({ id: uuidv7(), businessId: business, reviewState: 'returned' });
    const approved = makeVisit({ id: uuidv7(), businessId: business, reviewState: 'approved' });
    await old.open();
    await old.table('visits').bulkPut([returned, approved]);
    old.close();

    const db = new LocalDb(name);
    databases.push(db);
    await db.open();
    expect(ids(await visitsInState(db, 'returned').toArray())).toEqual([returned.id]);
    expect(await visitsOfBusiness(db, business).count()).toBe(2);
  });
});
