import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import {
  addDays,
  daysBetween,
  loadDueFollowUps,
  loadReturnedVisits,
  loadVisitDrafts,
  loadVisitPlanning,
  localIsoDate,
  LATEST_VISITS_ROUND,
  LONG_UNVISITED_LIMIT,
  setFollowUpDone,
} from '@/client/data/today-repository';
import { uuidv7 } from '@/client/data/uuid';
import { mutationSchema } from '@/shared/sync/protocol';
import { recordVisitReads, wrapVisitsTable, type VisitRead } from '../../helpers/visits-core';
import { makeBusiness, makeFollowUp, makeVisit, TEST_COACH_ID } from '../../helpers/factories';

const TODAY = '2026-03-20';
const OTHER_COACH = '01900000-0000-7000-8000-000000000002';
const at = (date: string) => `${date}T02:00:00.000Z`;


let db: LocalDb;
let visitReads: VisitRead[];

/** Every Today section at once, as the page shows them. */
async function loadToday(database: LocalDb, coachId: string, today: string) {
  const [planning, followUps, returned, drafts] = await Promise.all([
    loadVisitPlanning(database, coachId, today),
    loadDueFollowUps(database, coachId, today),
    loadReturnedVisits(database, coachId),
    loadVisitDrafts(database, coachId),
  ]);
  return { ...planning, followUps, returned, drafts };
}

beforeEach(async () => {
  db = new LocalDb(`binaan-today-${uuidv7()}`);
  visitReads = recordVisitReads(db);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('date helpers', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-03-20', 2)).toBe('2026-03-22');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-15', '2026-03-20')).toBe(5);
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('planned visits', () => {
  it('shows a plan for today and an overdue plan, counting days late', async () => {
    const today = makeBusiness({ name: 'Amplang Haji Anang' });
    const late = makeBusiness({ name: 'Kue Renyah' });
    await db.businesses.bulkPut([today, late]);
    await db.visits.bulkPut([
      makeVisit({ businessId: today.id, visitedAt: at('2026-03-06'), nextVisitOn: TODAY }),
      makeVisit({ businessId: late.id, visitedAt: at('2026-03-01'), nextVisitOn: '2026-03-15' }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.plannedToday.map((plan) => [plan.business.name, plan.daysLate])).toEqual([['Amplang Haji Anang', 0]]);
    expect(data.overduePlans.map((plan) => [plan.business.name, plan.plannedOn, plan.daysLate])).toEqual([
      ['Kue Renyah', '2026-03-15', 5],
    ]);
  });

  it('a plan is closed by a later visit, but not by a deleted one', async () => {
    const done = makeBusiness({ name: 'Sudah dikunjungi' });
    const stillOpen = makeBusiness({ name: 'Kunjungan terhapus' });
    await db.businesses.bulkPut([done, stillOpen]);
    await db.visits.bulkPut([
      makeVisit({ businessId: done.id, visitedAt: at('2026-03-01'), nextVisitOn: '2026-03-15' }),
      makeVisit({ businessId: done.id, visitedAt: at('2026-03-16'), nextVisitOn: null }),
      makeVisit({ businessId: stillOpen.id, visitedAt: at('2026-03-01'), nextVisitOn: '2026-03-15' }),
      makeVisit({
        businessId: stillOpen.id,
        visitedAt: at('2026-03-16'),
        deletedAt: at('2026-03-17'),
      }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.overduePlans.map((plan) => plan.business.name)).toEqual(['Kunjungan terhapus']);
  });

  it("ignores other coaches' businesses, deleted businesses, deleted planning visits and future plans", async () => {
    const others = makeBusiness({ assignedCoachId: OTHER_COACH });
    const deleted = makeBusiness({ deletedAt: at('2026-03-02') });
    const mine = makeBusiness();
    await db.businesses.bulkPut([others, deleted, mine]);
    await db.visits.bulkPut([
      makeVisit({ businessId: others.id, visitedAt: at('2026-03-01'), nextVisitOn: TODAY }),
      makeVisit({ businessId: deleted.id, visitedAt: at('2026-03-01'), nextVisitOn: TODAY }),
      makeVisit({ businessId: mine.id, visitedAt: at('2026-03-01'), nextVisitOn: TODAY, deletedAt: at('2026-03-02') }),
      makeVisit({ businessId: mine.id, visitedAt: at('2026-03-02'), nextVisitOn: '2026-03-25' }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.plannedToday).toEqual([]);
    expect(data.overduePlans).toEqual([]);
  });

  it('a plan older than the window shows under "not visited for a long time" instead', async () => {
    const forgotten = makeBusiness({ name: 'Lama' });
    await db.businesses.put(forgotten);
    await db.visits.put(makeVisit({ businessId: forgotten.id, visitedAt: at('2025-12-01'), nextVisitOn: '2025-12-20' }));
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.overduePlans).toEqual([]);
    expect(data.unvisited.businesses.map((entry) => entry.business.name)).toEqual(['Lama']);
  });
});

describe('follow-ups due', () => {
  it('lists open follow-ups overdue or due within two days, earliest first', async () => {
    const business = makeBusiness();
    const elsewhere = makeBusiness({ assignedCoachId: OTHER_COACH });
    await db.businesses.bulkPut([business, elsewhere]);
    const due = (dueOn: string | null, what: string, extra = {}) =>
      makeFollowUp({ businessId: business.id, dueOn, what, ...extra });
    await db.followUps.bulkPut([
      due('2026-03-22', 'Lusa'),
      due('2026-03-10', 'Lewat sepuluh hari'),
      due(TODAY, 'Hari ini'),
      due('2026-03-23', 'Tiga hari lagi'),
      due(null, 'Tanpa tenggat'),
      due('2026-03-01', 'Sudah selesai', { doneAt: at('2026-03-02') }),
      due('2026-03-01', 'Terhapus', { deletedAt: at('2026-03-02') }),
      makeFollowUp({ businessId: elsewhere.id, dueOn: TODAY, what: 'Milik pendamping lain' }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.followUps.map((item) => [item.followUp.what, item.dueInDays])).toEqual([
      ['Lewat sepuluh hari', -10],
      ['Hari ini', 0],
      ['Lusa', 2],
    ]);
  });

  it('ticking one done saves doneAt and queues one mutation with only that field; a second tap queues nothing', async () => {
    const business = makeBusiness();
    const followUp = makeFollowUp({ businessId: business.id, dueOn: TODAY });
    await db.businesses.put(business);
    await db.followUps.put(followUp);
    const now = new Date('2026-03-20T03:00:00.000Z');

    const saved = await setFollowUpDone(db, followUp.id, true, now);
    expect(saved?.doneAt).toBe('2026-03-20T03:00:00.000Z');
    expect((await db.followUps.get(followUp.id))?.doneAt).toBe('2026-03-20T03:00:00.000Z');
    const [entry, ...rest] = await db.outbox.toArray();
    expect(rest).toEqual([]);
    expect(mutationSchema.parse(entry)).toMatchObject({
      table: 'followUps',
      rowId: followUp.id,
      op: 'upsert',
      fields: { doneAt: '2026-03-20T03:00:00.000Z' },
    });
    expect(Object.keys(entry?.fields ?? {})).toEqual(['doneAt']);

    expect(await setFollowUpDone(db, followUp.id, true, now)).toBeNull();
    expect(await db.outbox.count()).toBe(1);
    expect((await loadToday(db, TEST_COACH_ID, TODAY)).followUps).toEqual([]);
  });

  it('undo clears doneAt through the outbox and the follow-up is due again', async () => {
    const business = makeBusiness();
    const followUp = makeFollowUp({ businessId: business.id, dueOn: TODAY });
    await db.businesses.put(business);
    await db.followUps.put(followUp);
    await setFollowUpDone(db, followUp.id, true);
    await setFollowUpDone(db, followUp.id, false);
    const entries = await db.outbox.toArray();
    expect(entries.map((entry) => entry.fields)).toEqual([{ doneAt: expect.any(String) }, { doneAt: null }]);
    expect((await loadToday(db, TEST_COACH_ID, TODAY)).followUps).toHaveLength(1);
  });

  it('a deleted or missing follow-up cannot be ticked', async () => {
    const followUp = makeFollowUp({ businessId: uuidv7(), deletedAt: at('2026-03-01') });
    await db.followUps.put(followUp);
    expect(await setFollowUpDone(db, followUp.id, true)).toBeNull();
    expect(await setFollowUpDone(db, uuidv7(), true)).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('returned visits and drafts', () => {
  it("lists the coach's own returned visits with the coordinator's comment", async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    await db.businesses.put(business);
    const returned = makeVisit({
      businessId: business.id,
      reviewState: 'returned',
      reviewComment: 'Foto kemasan belum ada.',
    });
    await db.visits.bulkPut([
      returned,
      makeVisit({ businessId: business.id, reviewState: 'returned', coachId: OTHER_COACH }),
      makeVisit({ businessId: business.id, reviewState: 'returned', deletedAt: at('2026-03-02') }),
      makeVisit({ businessId: business.id, reviewState: 'approved' }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.returned.map((entry) => [entry.visit.id, entry.visit.reviewComment, entry.business?.name])).toEqual([
      [returned.id, 'Foto kemasan belum ada.', 'Kue Renyah'],
    ]);
  });

  it('lists visit drafts, newest first, with their business, skipping other kinds and other coaches', async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    await db.businesses.put(business);
    await db.drafts.bulkPut([
      { id: 'visit-1', kind: 'visit', data: { businessId: business.id, updatedAt: at('2026-03-18') }, updatedAt: at('2026-03-18') },
      { id: 'visit-2', kind: 'visit', data: { updatedAt: at('2026-03-19') }, updatedAt: at('2026-03-19') },
      { id: 'visit-3', kind: 'visit', data: { businessId: business.id, coachId: OTHER_COACH }, updatedAt: at('2026-03-19') },
      { id: 'visit-4', kind: 'visit', data: 'not an object', updatedAt: at('2026-03-10') },
      { id: 'business-1', kind: 'business', data: {}, updatedAt: at('2026-03-19') },
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.drafts.map((draft) => [draft.draftId, draft.business?.name ?? null])).toEqual([
      ['visit-2', null],
      ['visit-1', 'Kue Renyah'],
      ['visit-4', null],
    ]);
  });
});

describe('businesses not visited for a long time', () => {
  it('never-visited first, then the oldest last visit; recent visits and deleted businesses excluded', async () => {
    const never = makeBusiness({ name: 'Belum pernah' });
    const old = makeBusiness({ name: 'Terakhir Desember' });
    const older = makeBusiness({ name: 'Terakhir Oktober' });
    const recent = makeBusiness({ name: 'Baru dikunjungi' });
    const onlyDeletedRecent = makeBusiness({ name: 'Kunjungan baru terhapus' });
    const gone = makeBusiness({ name: 'Terhapus', deletedAt: at('2026-01-01') });
    await db.businesses.bulkPut([never, old, older, recent, onlyDeletedRecent, gone]);
    await db.visits.bulkPut([
      makeVisit({ businessId: old.id, visitedAt: at('2025-12-01') }),
      makeVisit({ businessId: older.id, visitedAt: at('2025-10-01') }),
      makeVisit({ businessId: older.id, visitedAt: at('2026-03-01'), deletedAt: at('2026-03-02') }),
      makeVisit({ businessId: recent.id, visitedAt: at('2025-01-01') }),
      makeVisit({ businessId: recent.id, visitedAt: at('2026-02-01') }),
      makeVisit({ businessId: onlyDeletedRecent.id, visitedAt: at('2026-03-01'), deletedAt: at('2026-03-02') }),
    ]);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.unvisited.businesses.map((entry) => [entry.business.name, entry.lastVisitedAt])).toEqual([
      ['Belum pernah', null],
      ['Kunjungan baru terhapus', null],
      ['Terakhir Oktober', at('2025-10-01')],
      ['Terakhir Desember', at('2025-12-01')],
    ]);
    expect(data.unvisited.total).toBe(4);
  });

  it(`shows at most ${LONG_UNVISITED_LIMIT} and counts them all`, async () => {
    const businesses = Array.from({ length: 14 }, (_, index) => makeBusiness({ name: `Usaha ${index}` }));
    await db.businesses.bulkPut(businesses);
    const data = await loadToday(db, TEST_COACH_ID, TODAY);
    expect(data.unvisited.total).toBe(14);
    expect(data.unvisited.businesses).toHaveLength(LONG_UNVISITED_LIMIT);
  });
});

describe('a large caseload', () => {
  it('finds every business’s latest visit although they are read a round at a time', async () => {
    const count = 75;
    expect(count).toBeGreaterThan(LATEST_VISITS_ROUND * 2);
    const businesses = Array.from({ length: count }, (_, index) =>
      makeBusiness({ name: `Usaha ${String(index).padStart(3, '0')}` }),
    );
    await db.businesses.bulkPut(businesses);
    // Every third business planned today at its latest visit; the others' latest visit plans nothing.
    await db.visits.bulkPut(
      businesses.flatMap((business, index) => [
        makeVisit({ businessId: business.id, visitedAt: at('2026-02-01'), nextVisitOn: TODAY }),
        makeVisit({
          businessId: business.id,
          visitedAt: at('2026-03-01'),
          nextVisitOn: index % 3 === 0 ? TODAY : null,
        }),
      ]),
    );
    let open = 0;
    let mostOpen = 0;
    // Middleware takes effect when the database opens.
    db.close();
    wrapVisitsTable(db, 'open-cursors', (table) => ({
      openCursor: async (request) => {
        mostOpen = Math.max(mostOpen, ++open);
        try {
          return await table.openCursor(request);
        } finally {
          open -= 1;
        }
      },
    }));
    await db.open();
    const planning = await loadVisitPlanning(db, TEST_COACH_ID, TODAY);
    expect(planning.plannedToday.map((plan) => plan.business.name)).toEqual(
      businesses.filter((_, index) => index % 3 === 0).map((business) => business.name),
    );
    expect(planning.plannedToday.every((plan) => plan.plannedAtVisit.visitedAt === at('2026-03-01'))).toBe(true);
    // No more than one round's requests wait at once: each round's answers make one short task.
    expect(mostOpen).toBeGreaterThan(1);
    expect(mostOpen).toBeLessThanOrEqual(LATEST_VISITS_ROUND);
  });
});

describe('cost', () => {
  it('reads visits only through index ranges, never the whole table', async () => {
    const businesses = Array.from({ length: 5 }, () => makeBusiness());
    await db.businesses.bulkPut(businesses);
    await db.visits.bulkPut(
      businesses.flatMap((business, index) => [
        makeVisit({ businessId: business.id, visitedAt: at('2025-11-01'), nextVisitOn: '2025-11-20' }),
        makeVisit({ businessId: business.id, visitedAt: at('2026-03-01'), nextVisitOn: addDays(TODAY, index - 2) }),
        makeVisit({ businessId: business.id, reviewState: 'returned' }),
      ]),
    );
    visitReads.length = 0;
    await loadToday(db, TEST_COACH_ID, TODAY);
    expect(visitReads.length).toBeGreaterThan(0);
    expect(visitReads.filter((read) => read.unbounded)).toEqual([]);
    expect(new Set(visitReads.map((read) => read.index))).toEqual(
      new Set(['[reviewState+listedAt]', '[businessId+visitedAt]']),
    );
  });
});
