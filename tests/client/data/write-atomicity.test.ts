// @vitest-environment node
/**
 * Atomicity of every write on the phone (sync.md, "How correctness is proven", 4): each repository
 * write is made to fail at each of its IndexedDB writes in turn (the row, its outbox entry, the
 * mutation counter, the clock, a photo's bytes, a deleted draft…), including the last one, which
 * comes after the row and its outbox entry are written. Every time, the whole database must be
 * exactly as before (no row, no outbox entry, no used-up mutation number, the draft still there),
 * and the same save made afterwards must number its mutations on without a gap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  addBusinessPhoto,
  removeBusinessPhoto,
  setBusinessPhotoKind,
} from '@/client/data/business-photo-repository';
import {
  businessDraftId,
  createBusiness,
  fieldsOf,
  saveBusinessDraft,
  updateBusiness,
} from '@/client/data/business-repository';
import { saveVisitDraft } from '@/client/data/draft-repository';
import type { LocalDb } from '@/client/data/local-db';
import { setFollowUpDone } from '@/client/data/today-repository';
import { uuidv7 } from '@/client/data/uuid';
import { getVisitWithDetails, replyToReturnedVisit, saveVisit } from '@/client/data/visit-repository';
import type { SaveVisitInput } from '@/client/data/visit-types';
import type { Business } from '@/shared/domain/business';
import type { Photo } from '@/shared/domain/photo';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { arm, disarm, openFaultyDb, snapshot, type FaultPlan } from '../../helpers/dexie-faults';
import { makeBusiness, TEST_COACH_ID, TEST_ORGANISATION_ID } from '../../helpers/factories';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

const coach = { id: TEST_COACH_ID, role: 'coach' as const, organisationId: TEST_ORGANISATION_ID };

const photoFile = (fill: number) => jpegPhoto(256, fill);

/** A phone with a business, its visits (one returned by the coordinator), follow-ups, a photo and drafts. */
type World = {
  db: LocalDb;
  plan: FaultPlan;
  business: Business;
  visitId: string;
  returnedId: string;
  followUpId: string;
  photo: Photo;
  visitDraftId: string;
};

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

function visitInput(businessId: string, overrides: Partial<SaveVisitInput> = {}): SaveVisitInput {
  return {
    visitId: uuidv7(),
    draftId: null,
    fields: visitFieldsSchema.parse({
      businessId,
      coachId: TEST_COACH_ID,
      visitedAt: '2026-11-20T02:00:00.000Z',
      kind: 'monitoring',
      topics: ['packaging'],
      notes: 'Kemasan masih plastik polos.',
    }),
    followUps: [],
    checklists: [],
    photos: [],
    ...overrides,
  };
}

async function world(): Promise<World> {
  const { db, plan } = await openFaultyDb('binaan-atomic');
  opened.push(db);
  const business = await createBusiness(db, coach, fieldsOf(makeBusiness()));
  await saveBusinessDraft(db, null, { name: 'Setengah diketik' }, null);
  await saveBusinessDraft(db, business.id, { name: 'Diubah' }, fieldsOf(business));
  const visit = visitInput(business.id, {
    followUps: [
      { id: uuidv7(), what: 'Daftar NIB lewat OSS', who: 'Pemilik', dueOn: '2026-12-01' },
      { id: uuidv7(), what: 'Foto produk', who: 'Pendamping', dueOn: null },
    ],
    checklists: [
      {
        kind: 'packaging',
        templateVersion: 1,
        items: { product_name: { done: true, evidence: null, note: null } },
      },
    ],
  });
  await saveVisit(db, coach, visit);
  const returned = visitInput(business.id);
  await saveVisit(db, coach, returned);
  // As a pull brings it: the coordinator sent the visit back.
  await db.visits.update(returned.visitId, { reviewState: 'returned', reviewComment: 'Omzet belum diisi' });
  const photo = await addBusinessPhoto(db, coach, business.id, {
    ...(await photoFile(1)),
    kind: 'premises',
    takenAt: '2026-11-20T02:00:00.000Z',
  });
  const visitDraftId = uuidv7();
  await saveVisitDraft(db, visitDraftId, {
    businessId: business.id,
    visitId: uuidv7(),
    values: {},
    followUps: [],
    checklists: [],
    photos: [],
    updatedAt: '2026-11-20T02:00:00.000Z',
  });
  const followUpId = visit.followUps[0]?.id ?? '';
  return { db, plan, business, visitId: visit.visitId, returnedId: returned.visitId, followUpId, photo, visitDraftId };
}

type Scenario = { name: string; run: (w: World) => Promise<unknown> };

const scenarios: Scenario[] = [
  {
    name: 'creating a business (and deleting its form draft)',
    run: (w) =>
      createBusiness(w.db, coach, fieldsOf(makeBusiness({ name: 'Amplang Baru' })), {
        discardDraft: businessDraftId(null),
      }),
  },
  {
    name: 'editing a business (capital, so the size class too, and deleting its draft)',
    run: (w) =>
      updateBusiness(
        w.db,
        coach,
        w.business.id,
        { ...fieldsOf(w.business), capital: 600_000_000, phone: '+6281350001111' },
        { discardDraft: businessDraftId(w.business.id) },
      ),
  },
  {
    name: 'saving a new visit with follow-ups, checklists and a photo (and deleting its draft)',
    run: async (w) =>
      saveVisit(
        w.db,
        coach,
        visitInput(w.business.id, {
          draftId: w.visitDraftId,
          followUps: [
            { id: uuidv7(), what: 'Urus P-IRT', who: 'Pemilik', dueOn: '2026-12-15' },
            { id: uuidv7(), what: 'Ganti label', who: 'Pemilik', dueOn: null },
          ],
          checklists: [
            { kind: 'packaging', templateVersion: 1, items: { ingredients: { done: true, evidence: null, note: null } } },
            {
              kind: 'digital_marketing',
              templateVersion: 1,
              items: { wa_business_catalogue: { done: false, evidence: null, note: 'belum' } },
            },
          ],
          photos: [
            {
              ...(await photoFile(2)),
              id: uuidv7(),
              kind: 'packaging_before',
              caption: 'Sebelum',
              takenAt: '2026-11-20T02:00:00.000Z',
            },
          ],
        }),
      ),
  },
  {
    name: 'editing a visit: a follow-up removed, one changed, a tick and a photo added',
    run: async (w) => {
      const details = await getVisitWithDetails(w.db, w.visitId);
      if (!details) throw new Error('no visit');
      const [first, second] = details.followUps;
      if (!first || !second) throw new Error('no follow-ups');
      return saveVisit(w.db, coach, {
        visitId: w.visitId,
        draftId: null,
        fields: { ...visitFieldsSchema.parse(details.visit), notes: 'Sudah pakai standing pouch.' },
        followUps: [{ id: second.id, what: 'Foto produk di latar putih', who: second.who, dueOn: second.dueOn }],
        checklists: [
          {
            kind: 'packaging',
            templateVersion: 1,
            items: {
              product_name: { done: true, evidence: null, note: null },
              ingredients: { done: true, evidence: null, note: null },
            },
          },
        ],
        photos: [
          {
            ...(await photoFile(3)),
            id: uuidv7(),
            kind: 'packaging_after',
            caption: null,
            takenAt: '2026-11-21T02:00:00.000Z',
          },
        ],
      });
    },
  },
  { name: 'ticking a follow-up done', run: (w) => setFollowUpDone(w.db, w.followUpId, true) },
  {
    name: 'answering a returned visit',
    run: (w) => replyToReturnedVisit(w.db, coach, w.returnedId, 'Omzet tidak mau disebutkan pemilik.'),
  },
  {
    name: 'adding a business photo (row and bytes)',
    run: async (w) =>
      addBusinessPhoto(w.db, coach, w.business.id, {
        ...(await photoFile(4)),
        kind: 'product',
        takenAt: '2026-11-21T02:00:00.000Z',
      }),
  },
  { name: 'relabelling a business photo', run: (w) => setBusinessPhotoKind(w.db, w.photo.id, 'product') },
  { name: 'removing a business photo', run: (w) => removeBusinessPhoto(w.db, w.photo.id) },
];

describe('a write that fails at any point leaves the phone as it was', () => {
  it.each(scenarios)('$name', async (scenario) => {
    // How many writes the save makes, and in which tables.
    const dry = await world();
    arm(dry.plan, null);
    await scenario.run(dry);
    disarm(dry.plan);
    const total = dry.plan.writes;
    const log = [...dry.plan.log];
    expect(log).toContain('outbox');
    expect(log.lastIndexOf('outbox')).toBeLessThan(total - 1);

    for (let failAt = 1; failAt <= total; failAt++) {
      const w = await world();
      const before = await snapshot(w.db);
      arm(w.plan, failAt);
      await expect(scenario.run(w), `write ${failAt} of ${total} (${log[failAt - 1] ?? '?'})`).rejects.toThrow(
        'injected disk fault',
      );
      disarm(w.plan);
      expect(await snapshot(w.db), `after a fault at write ${failAt} (${log[failAt - 1] ?? '?'})`).toBe(before);
      if (failAt === total) {
        // Failed after the row and its outbox entry were written: done again, it numbers on without a gap.
        await scenario.run(w);
        const numbers = await w.db.outbox.orderBy('mutationId').primaryKeys();
        expect(numbers).toEqual(numbers.map((_, index) => index + 1));
      }
      await w.db.delete();
      opened.splice(opened.indexOf(w.db), 1);
    }
  }, 60_000);
});
