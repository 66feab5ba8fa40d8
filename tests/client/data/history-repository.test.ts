import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadBusiness,
  loadBusinessHistory,
  loadOpenFollowUps,
  loadTimeline,
} from '@/client/data/history-repository';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { recordVisitReads, type VisitRead } from '../../helpers/visits-core';
import { makeBusiness, makeChecklistState, makeFollowUp, makeVisit } from '../../helpers/factories';

const at = (date: string) => `${date}T02:00:00.000Z`;


let db: LocalDb;
let visitReads: VisitRead[];

beforeEach(async () => {
  db = new LocalDb(`binaan-history-${uuidv7()}`);
  visitReads = recordVisitReads(db);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('loadBusiness', () => {
  it('returns the profile, or null when it is missing or deleted', async () => {
    const business = makeBusiness();
    const deleted = makeBusiness({ deletedAt: at('2026-03-01') });
    await db.businesses.bulkPut([business, deleted]);
    expect((await loadBusiness(db, business.id))?.id).toBe(business.id);
    expect(await loadBusiness(db, deleted.id)).toBeNull();
    expect(await loadBusiness(db, uuidv7())).toBeNull();
    expect(await loadBusiness(db, '')).toBeNull();
  });
});

describe('loadTimeline', () => {
  it("gives the business's live visits newest first, and nothing of other businesses", async () => {
    const business = makeBusiness();
    const other = makeBusiness();
    const january = makeVisit({ businessId: business.id, visitedAt: at('2026-01-10') });
    const march = makeVisit({ businessId: business.id, visitedAt: at('2026-03-12') });
    const february = makeVisit({ businessId: business.id, visitedAt: at('2026-02-03') });
    await db.visits.bulkPut([
      january,
      march,
      february,
      makeVisit({ businessId: business.id, visitedAt: at('2026-03-13'), deletedAt: at('2026-03-14') }),
      makeVisit({ businessId: other.id, visitedAt: at('2026-03-15') }),
    ]);
    expect((await loadTimeline(db, business.id)).map((visit) => visit.id)).toEqual([
      march.id,
      february.id,
      january.id,
    ]);
  });

  it('reads visits through the [businessId+visitedAt] index only, one bounded range', async () => {
    const business = makeBusiness();
    await db.visits.bulkPut(
      Array.from({ length: 30 }, (_, index) =>
        makeVisit({ businessId: index % 3 === 0 ? business.id : uuidv7(), visitedAt: at(`2026-01-${String(index + 1).padStart(2, '0')}`) }),
      ),
    );
    visitReads.length = 0;
    const history = await loadBusinessHistory(db, business.id);
    expect(history.visits).toHaveLength(10);
    expect(visitReads).toEqual([{ index: '[businessId+visitedAt]', unbounded: false }]);
  });
});

describe('loadOpenFollowUps', () => {
  it('keeps open ones, dated by due date first and undated last', async () => {
    const business = makeBusiness();
    const later = makeFollowUp({ businessId: business.id, dueOn: '2026-04-01', what: 'April' });
    const sooner = makeFollowUp({ businessId: business.id, dueOn: '2026-03-01', what: 'Maret' });
    const undated = makeFollowUp({ businessId: business.id, dueOn: null, what: 'Kapan-kapan' });
    await db.followUps.bulkPut([
      later,
      undated,
      sooner,
      makeFollowUp({ businessId: business.id, doneAt: at('2026-03-02'), what: 'Selesai' }),
      makeFollowUp({ businessId: business.id, deletedAt: at('2026-03-02'), what: 'Terhapus' }),
      makeFollowUp({ businessId: uuidv7(), what: 'Usaha lain' }),
    ]);
    expect((await loadOpenFollowUps(db, business.id)).map((followUp) => followUp.what)).toEqual([
      'Maret',
      'April',
      'Kapan-kapan',
    ]);
  });
});

describe('loadBusinessHistory', () => {
  it("holds the business's live checklist states and nothing else's", async () => {
    const business = makeBusiness();
    const visit = makeVisit({ businessId: business.id });
    const live = makeChecklistState({ businessId: business.id, visitId: visit.id });
    await db.visits.put(visit);
    await db.checklistStates.bulkPut([
      live,
      makeChecklistState({ businessId: business.id, visitId: visit.id, deletedAt: at('2026-03-02') }),
      makeChecklistState({ businessId: uuidv7(), visitId: uuidv7() }),
    ]);
    const history = await loadBusinessHistory(db, business.id);
    expect(history.checklistStates.map((state) => state.id)).toEqual([live.id]);
  });
});
