/**
 * The visits table keeps two compound indexes (local-db.ts v8): every visit by business, and only
 * the visits a work list shows by state (`listedAt`, keyForLists). These lookups must answer what a
 * plain scan of the table answers, for random sets of visits (fast-check), after edits that move a
 * visit in or out of the lists, and on phones upgraded from the v5 and v6 schemas.
 */
import fc from 'fast-check';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LISTED_DAYS, LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { newestVisits, visitsInState, visitsOfBusiness } from '@/client/data/visit-queries';
import type { ReviewState, Visit } from '@/shared/domain/visit';
import { makeVisit } from '../../helpers/factories';
import { openVersion6 } from '../../helpers/released-schemas';

const BUSINESSES = ['b-1', 'b-2', 'b-3'].map(() => uuidv7());
const COACHES = [uuidv7(), uuidv7()];
const STATES: ReviewState[] = ['draft', 'submitted', 'approved', 'returned'];
const DAY = 86_400_000;
/** Visit dates are whole days before the test starts (at least hours from the window's edge). */
const START = Date.now();
const SINCE = new Date(START - LISTED_DAYS * DAY).toISOString();
/** What a work list may show of a state: every live visit, approved ones only of the window. */
const listed = (visit: Visit, state: ReviewState) =>
  visit.reviewState === state && !visit.deletedAt && (state !== 'approved' || visit.visitedAt >= SINCE);

const visitArb = fc
  .record({
    business: fc.constantFrom(...BUSINESSES),
    coach: fc.constantFrom(...COACHES),
    state: fc.constantFrom(...STATES),
    // Few distinct days, on both sides of the LISTED_DAYS window, so ties are common.
    daysAgo: fc.constantFrom(1, 2, 3, LISTED_DAYS - 1, LISTED_DAYS + 1, 400),
    deleted: fc.boolean(),
  })
  .map(({ business, coach, state, daysAgo, deleted }) =>
    makeVisit({
      id: uuidv7(),
      businessId: business,
      coachId: coach,
      reviewState: state,
      visitedAt: new Date(START - daysAgo * DAY).toISOString(),
      deletedAt: deleted ? new Date(START).toISOString() : null,
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
            expect(ids(found).sort()).toEqual(ids(all.filter((v) => listed(v, state))).sort());
          }
          const newest = await newestVisits(db, own, limit);
          const recent = all.filter((v) => own(v) && v.visitedAt >= SINCE);
          expect(ids(newest)).toEqual(ids(recent.sort(newestFirst).slice(0, limit)));
          await db.delete();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('follow a visit into and out of the lists as it is returned, approved, deleted or edited', async () => {
    const db = await openDb();
    const [business = ''] = BUSINESSES;
    const old = new Date(START - 200 * DAY).toISOString();
    const visit = makeVisit({ id: uuidv7(), businessId: business, reviewState: 'returned', visitedAt: old });
    const original = structuredClone(visit);
    const inState = async (state: ReviewState) => ids(await visitsInState(db, state).toArray());
    await db.visits.put(visit);
    expect(await inState('returned')).toEqual([visit.id]);
    // Approved long after the visit: out of every list, still in the business's history.
    await db.visits.update(visit.id, { reviewState: 'approved' });
    expect(await inState('approved')).toEqual([]);
    expect(await inState('returned')).toEqual([]);
    expect(ids(await visitsOfBusiness(db, business).toArray())).toEqual([visit.id]);
    // Its date corrected to yesterday: an approved visit of the window is listed again.
    const yesterday = new Date(START - DAY).toISOString();
    await db.visits.where('id').equals(visit.id).modify({ visitedAt: yesterday });
    expect(await inState('approved')).toEqual([visit.id]);
    await db.visits.update(visit.id, { deletedAt: new Date().toISOString() });
    expect(await inState('approved')).toEqual([]);
    // The key is the phone's own and is gone with the visit's place in the lists; no shared field moved.
    expect(await db.visits.get(visit.id)).toEqual({
      ...original,
      reviewState: 'approved',
      visitedAt: yesterday,
      deletedAt: expect.any(String),
    });
  });

  it('work on a phone upgraded from the v6 schema, keying only the visits a list shows', async () => {
    const name = `binaan-visit-queries-v6-${uuidv7()}`;
    const old = openVersion6(name);
    const [business = ''] = BUSINESSES;
    const at = (daysAgo: number) => new Date(START - daysAgo * DAY).toISOString();
    const rows = [
      makeVisit({ id: uuidv7(), businessId: business, reviewState: 'returned', visitedAt: at(300) }),
      makeVisit({ id: uuidv7(), businessId: business, reviewState: 'submitted', visitedAt: at(2) }),
      makeVisit({ id: uuidv7(), businessId: business, reviewState: 'draft', visitedAt: at(1) }),
      makeVisit({ id: uuidv7(), businessId: business, reviewState: 'approved', visitedAt: at(10) }),
      makeVisit({ id: uuidv7(), businessId: business, reviewState: 'approved', visitedAt: at(300) }),
      makeVisit({
        id: uuidv7(),
        businessId: business,
        reviewState: 'returned',
        visitedAt: at(5),
        deletedAt: at(1),
      }),
    ];
    await old.open();
    await old.table('visits').bulkPut(rows);
    old.close();

    const db = new LocalDb(name);
    databases.push(db);
    await db.open();
    const listedIds = ids(await db.visits.where('[reviewState+listedAt]').between([Dexie.minKey], [Dexie.maxKey]).toArray());
    expect(listedIds.sort()).toEqual(ids(rows.slice(0, 4)).sort());
    expect(ids(await visitsInState(db, 'returned').toArray())).toEqual([rows[0]?.id]);
    expect(ids(await newestVisits(db, () => true, 10))).toEqual(ids([rows[2], rows[1], rows[3]] as Visit[]));
    expect(await visitsOfBusiness(db, business).count()).toBe(rows.length);
    expect(db.verno).toBe(8);
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
