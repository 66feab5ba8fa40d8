import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVisitDraft, saveVisitDraft } from '@/client/data/draft-repository';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import {
  assigneeFromWho,
  getVisitWithDetails,
  latestChecklistStates,
  photoBytes,
  replyToReturnedVisit,
  saveVisit,
  VisitLockedError,
} from '@/client/data/visit-repository';
import type { SaveVisitInput, VisitFields, VisitPhotoInput } from '@/client/data/visit-types';
import { visitFieldsSchema } from '@/shared/domain/visit';
import {
  makeBusiness,
  makeChecklistState,
  makeVisit,
  TEST_COACH_ID,
  TEST_ORGANISATION_ID,
} from '../../helpers/factories';

let db: LocalDb;
const user = { id: TEST_COACH_ID, organisationId: TEST_ORGANISATION_ID };
const NOW = Date.parse('2026-03-10T03:00:00.000Z');

beforeEach(async () => {
  db = new LocalDb(`binaan-test-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function photo(seed: number): VisitPhotoInput {
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, seed, seed + 1]);
  return {
    id: uuidv7(),
    bytes: bytes.buffer,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mimeType: 'image/jpeg',
    width: 1600,
    height: 1200,
    byteSize: bytes.length,
    kind: 'packaging_before',
    caption: null,
    takenAt: '2026-03-10T02:40:00.000Z',
  };
}

function fields(businessId: string, overrides: Partial<VisitFields> = {}): VisitFields {
  return visitFieldsSchema.parse({
    businessId,
    coachId: TEST_COACH_ID,
    visitedAt: '2026-03-10T02:30:00.000Z',
    kind: 'follow_up',
    topics: ['packaging', 'licensing'],
    notes: 'Kemasan masih plastik bening, label belum ada.',
    monthlySales: 4_500_000,
    employees: 2,
    ...overrides,
  });
}

function input(overrides: Partial<SaveVisitInput> = {}): SaveVisitInput {
  const businessId = uuidv7();
  return {
    visitId: uuidv7(),
    draftId: 'draft-1',
    fields: fields(businessId),
    followUps: [
      { id: uuidv7(), what: 'Daftar NIB lewat OSS', who: 'Pemilik', dueOn: '2026-03-20' },
      { id: uuidv7(), what: 'Kirim contoh label', who: 'Pendamping', dueOn: null },
    ],
    checklists: [
      { kind: 'packaging', templateVersion: 1, items: { label: { done: true, evidence: null, note: null } } },
      { kind: 'digital_marketing', templateVersion: 1, items: {} },
    ],
    photos: [photo(1), photo(2)],
    ...overrides,
  };
}

async function putDraft(save: SaveVisitInput): Promise<void> {
  await saveVisitDraft(db, 'draft-1', {
    businessId: save.fields.businessId,
    visitId: save.visitId,
    values: { notes: save.fields.notes },
    followUps: save.followUps,
    checklists: save.checklists,
    photos: save.photos,
    updatedAt: '2026-03-10T02:50:00.000Z',
  });
}

async function counts() {
  return {
    visits: await db.visits.count(),
    followUps: await db.followUps.count(),
    checklistStates: await db.checklistStates.count(),
    photos: await db.photos.count(),
    blobs: await db.blobs.count(),
    outbox: await db.outbox.count(),
  };
}

describe('saveVisit', () => {
  it('writes the visit and everything recorded with it, one outbox entry per row, and deletes the draft', async () => {
    const save = input();
    await putDraft(save);

    expect(await saveVisit(db, user, save, { now: NOW })).toEqual({ kind: 'saved', visitId: save.visitId });

    expect(await counts()).toEqual({ visits: 1, followUps: 2, checklistStates: 2, photos: 2, blobs: 2, outbox: 7 });
    const outbox = await db.outbox.orderBy('mutationId').toArray();
    expect(outbox.map((entry) => entry.mutationId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(outbox.map((entry) => entry.table)).toEqual([
      'visits',
      'followUps',
      'followUps',
      'checklistStates',
      'checklistStates',
      'photos',
      'photos',
    ]);
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual(Object.keys(visitFieldsSchema.shape).sort());
    expect(outbox[0]?.fields).toMatchObject({ notes: save.fields.notes, monthlySales: 4_500_000 });
    expect(await loadVisitDraft(db, 'draft-1')).toBeNull();

    const visit = await db.visits.get(save.visitId);
    expect(visit).toMatchObject({ organisationId: TEST_ORGANISATION_ID, reviewState: 'submitted', deletedAt: null });
    for (const row of await db.followUps.toArray()) {
      expect(row).toMatchObject({ visitId: save.visitId, businessId: save.fields.businessId, doneAt: null });
    }
    for (const row of await db.checklistStates.toArray()) {
      expect(row).toMatchObject({ visitId: save.visitId, businessId: save.fields.businessId });
    }
    const firstPhoto = save.photos[0];
    expect(await db.photos.get(firstPhoto?.id ?? '')).toMatchObject({
      visitId: save.visitId,
      businessId: save.fields.businessId,
      sha256: firstPhoto?.sha256,
    });
    const bytes = await photoBytes(db, firstPhoto?.sha256 ?? '');
    expect(Array.from(new Uint8Array(bytes ?? new ArrayBuffer(0)))).toEqual([0xff, 0xd8, 0xff, 1, 2]);
    expect(await photoBytes(db, 'c'.repeat(64))).toBeNull();
  });

  it('stores the bytes of the same photo attached twice once', async () => {
    const same = photo(7);
    await saveVisit(db, user, input({ draftId: null, photos: [same, { ...same, id: uuidv7() }] }));
    expect(await db.photos.count()).toBe(2);
    expect(await db.blobs.count()).toBe(1);
  });

  it('writes nothing and keeps the draft when a write fails mid-transaction', async () => {
    const save = input();
    await putDraft(save);
    const failing = () => {
      throw new Error('disk error');
    };
    db.photos.hook('creating', failing);

    await expect(saveVisit(db, user, save, { now: NOW })).rejects.toThrow('disk error');

    expect(await counts()).toEqual({ visits: 0, followUps: 0, checklistStates: 0, photos: 0, blobs: 0, outbox: 0 });
    expect(await db.meta.get('nextMutationId')).toBeUndefined();
    expect((await loadVisitDraft(db, 'draft-1'))?.photos).toHaveLength(2);
  });

  it('on a full disk saves the text without photos, keeps the photos in the draft, and adds them later', async () => {
    const save = input();
    await putDraft(save);
    const full = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    db.blobs.hook('creating', full);

    const result = await saveVisit(db, user, save, { now: NOW });

    expect(result).toEqual({ kind: 'savedWithoutPhotos', visitId: save.visitId, draftId: 'draft-1' });
    expect(await counts()).toEqual({ visits: 1, followUps: 2, checklistStates: 2, photos: 0, blobs: 0, outbox: 5 });
    const draft = await loadVisitDraft(db, 'draft-1');
    expect(draft?.visitId).toBe(save.visitId);
    expect(draft?.photos.map((kept) => kept.id)).toEqual(save.photos.map((attached) => attached.id));
    expect(draft?.photos[0]?.bytes.byteLength).toBe(5);

    // Space freed: saving the draft again adds only the photos to the same visit.
    db.blobs.hook('creating').unsubscribe(full);
    expect(await saveVisit(db, user, save, { now: NOW + 60_000 })).toEqual({ kind: 'saved', visitId: save.visitId });
    expect(await counts()).toEqual({ visits: 1, followUps: 2, checklistStates: 2, photos: 2, blobs: 2, outbox: 7 });
    const added = await db.outbox.where('mutationId').above(5).toArray();
    expect(added.map((entry) => entry.table)).toEqual(['photos', 'photos']);
    expect(await loadVisitDraft(db, 'draft-1')).toBeNull();
  });

  it('keeps the photos in a new draft when the save had none, and throws when even the text does not fit', async () => {
    const full = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    db.blobs.hook('creating', full);
    const withoutDraft = input({ draftId: null });
    const result = await saveVisit(db, user, withoutDraft, { now: NOW });
    expect(result.kind).toBe('savedWithoutPhotos');
    const draftId = result.kind === 'savedWithoutPhotos' ? result.draftId : '';
    expect((await loadVisitDraft(db, draftId))?.photos).toHaveLength(2);

    db.visits.hook('creating', full);
    const save = input();
    await putDraft(save);
    const error: unknown = await saveVisit(db, user, save, { now: NOW }).catch((thrown: unknown) => thrown);
    expect(error).toBeTruthy();
    expect(await db.visits.get(save.visitId)).toBeUndefined();
    expect((await loadVisitDraft(db, 'draft-1'))?.photos).toHaveLength(2);
  });

  it('editing queues only what changed, tombstones removed follow-ups and adds new ones', async () => {
    const save = input({ photos: [] });
    await saveVisit(db, user, save, { now: NOW });
    const [kept, removed] = save.followUps;
    const added = { id: uuidv7(), what: 'Foto produk dengan latar putih', who: 'Pemilik', dueOn: null };
    const edit: SaveVisitInput = {
      ...save,
      draftId: null,
      fields: { ...save.fields, notes: 'Label sudah dipesan.', topics: [...save.fields.topics] },
      followUps: [{ ...(kept as NonNullable<typeof kept>), dueOn: '2026-03-25' }, added],
      checklists: save.checklists,
    };

    await saveVisit(db, user, edit, { now: NOW + 60_000 });

    const entries = await db.outbox.where('mutationId').above(5).toArray();
    expect(entries.map((entry) => [entry.table, entry.rowId, entry.op, Object.keys(entry.fields).sort()])).toEqual([
      ['visits', save.visitId, 'upsert', ['notes']],
      ['followUps', kept?.id, 'upsert', ['dueOn']],
      ['followUps', added.id, 'upsert', ['assignee', 'businessId', 'doneAt', 'dueOn', 'visitId', 'what', 'who']],
      ['followUps', removed?.id, 'delete', ['deletedAt']],
    ]);
    expect((await db.followUps.get(removed?.id ?? ''))?.deletedAt).toBe('2026-03-10T03:01:00.000Z');
    const details = await getVisitWithDetails(db, save.visitId);
    expect(details?.visit.notes).toBe('Label sudah dipesan.');
    expect(details?.followUps.map((row) => row.id).sort()).toEqual([kept?.id, added.id].sort());
  });

  it('refuses to change an approved visit', async () => {
    const save = input({ photos: [] });
    await saveVisit(db, user, save, { now: NOW });
    await db.visits.update(save.visitId, { reviewState: 'approved' });
    const edit = { ...save, fields: { ...save.fields, notes: 'Diubah' } };
    await expect(saveVisit(db, user, edit)).rejects.toBeInstanceOf(VisitLockedError);
    expect(await db.outbox.count()).toBe(5);
  });
});

describe('replyToReturnedVisit', () => {
  it('stores the reply and resubmits, queueing only those two fields', async () => {
    const business = makeBusiness();
    const visit = makeVisit({ businessId: business.id, reviewState: 'returned', reviewComment: 'Omzet belum diisi' });
    await db.visits.put(visit);

    await replyToReturnedVisit(db, user, visit.id, '  Omzet tidak mau disebutkan pemilik.  ', { now: NOW });

    expect(await db.visits.get(visit.id)).toMatchObject({
      coachReply: 'Omzet tidak mau disebutkan pemilik.',
      reviewState: 'submitted',
      reviewComment: 'Omzet belum diisi',
    });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.fields).toEqual({
      coachReply: 'Omzet tidak mau disebutkan pemilik.',
      reviewState: 'submitted',
    });
    await expect(replyToReturnedVisit(db, user, visit.id, '   ')).rejects.toThrow(/coachReply/);
  });
});

describe('reads', () => {
  it('latestChecklistStates picks the newest state of each kind by visit date', async () => {
    const business = makeBusiness();
    const older = makeVisit({ businessId: business.id, visitedAt: '2026-02-01T02:00:00.000Z' });
    const newer = makeVisit({ businessId: business.id, visitedAt: '2026-03-01T02:00:00.000Z' });
    const other = makeVisit({ businessId: uuidv7(), visitedAt: '2026-04-01T02:00:00.000Z' });
    await db.visits.bulkPut([older, newer, other]);
    // Written in the other order, so the row's own dates would pick the wrong one.
    const newest = makeChecklistState({ businessId: business.id, visitId: newer.id, updatedAt: '2026-03-01T03:00:00.000Z' });
    const stale = makeChecklistState({ businessId: business.id, visitId: older.id, updatedAt: '2026-03-05T03:00:00.000Z' });
    const deleted = makeChecklistState({
      businessId: business.id,
      visitId: newer.id,
      kind: 'digital_marketing',
      deletedAt: '2026-03-02T00:00:00.000Z',
    });
    const digital = makeChecklistState({ businessId: business.id, visitId: older.id, kind: 'digital_marketing' });
    const elsewhere = makeChecklistState({ businessId: other.businessId, visitId: other.id });
    await db.checklistStates.bulkPut([stale, newest, deleted, digital, elsewhere]);

    const latest = await latestChecklistStates(db, business.id);
    expect(latest.packaging?.id).toBe(newest.id);
    expect(latest.digital_marketing?.id).toBe(digital.id);
    expect(await latestChecklistStates(db, uuidv7())).toEqual({});
  });

  it('getVisitWithDetails returns the visit, its rows and its business', async () => {
    const business = makeBusiness();
    await db.businesses.put(business);
    const save = input({ fields: fields(business.id), draftId: null });
    await saveVisit(db, user, save, { now: NOW });

    const details = await getVisitWithDetails(db, save.visitId);
    expect(details?.visit.id).toBe(save.visitId);
    expect(details?.business?.name).toBe(business.name);
    expect(details?.followUps).toHaveLength(2);
    expect(details?.checklistStates.map((row) => row.kind)).toEqual(['digital_marketing', 'packaging']);
    expect(details?.photos).toHaveLength(2);
    expect(await getVisitWithDetails(db, uuidv7())).toBeNull();
  });
});

describe('sharing with the owner, and who does a follow-up (issue 6)', () => {
  it('a new visit writes sharedWithOwner and ownerSummary to the row and its outbox entry', async () => {
    const save = input({
      draftId: null,
      photos: [],
      fields: fields(uuidv7(), { sharedWithOwner: true, ownerSummary: 'Label sudah dipesan.' }),
    });
    await saveVisit(db, user, save, { now: NOW });
    expect(await db.visits.get(save.visitId)).toMatchObject({ sharedWithOwner: true, ownerSummary: 'Label sudah dipesan.' });
    const [entry] = await db.outbox.where('table').equals('visits').toArray();
    expect(entry?.fields).toMatchObject({ sharedWithOwner: true, ownerSummary: 'Label sudah dipesan.' });
  });

  it('an edit that only shares the visit queues only the two sharing fields', async () => {
    const save = input({ draftId: null, photos: [] });
    await saveVisit(db, user, save, { now: NOW });
    const shared = { ...save, fields: { ...save.fields, sharedWithOwner: true, ownerSummary: 'Omzet naik.' } };
    await saveVisit(db, user, shared, { now: NOW + 60_000 });
    const entries = await db.outbox.where('mutationId').above(5).toArray();
    expect(entries.map((entry) => [entry.table, entry.fields])).toEqual([
      ['visits', { sharedWithOwner: true, ownerSummary: 'Omzet naik.' }],
    ]);
  });

  it('saves each follow-up with its assignee, read from `who` when an older draft has none', async () => {
    const save = input({
      draftId: null,
      photos: [],
      followUps: [
        { id: uuidv7(), what: 'Daftar NIB', who: 'Pemilik', dueOn: null },
        { id: uuidv7(), what: 'Kirim contoh label', who: 'Pendamping', dueOn: null },
        { id: uuidv7(), what: 'Uji laboratorium', who: 'Dinas Kesehatan', dueOn: null },
        { id: uuidv7(), what: 'Foto produk', who: 'Pendamping', dueOn: null, assignee: 'owner' },
      ],
    });
    await saveVisit(db, user, save, { now: NOW });
    const rows = await Promise.all(save.followUps.map((row) => db.followUps.get(row.id)));
    expect(rows.map((row) => row?.assignee)).toEqual(['owner', 'coach', 'other', 'owner']);
    const entries = await db.outbox.where('table').equals('followUps').toArray();
    expect(entries.map((entry) => entry.fields.assignee)).toEqual(['owner', 'coach', 'other', 'owner']);
  });

  it('an edit changing only who does a follow-up queues its assignee and who', async () => {
    const save = input({ draftId: null, photos: [] });
    await saveVisit(db, user, save, { now: NOW });
    const [first, second] = save.followUps;
    const edit = {
      ...save,
      followUps: [{ ...first!, who: 'Pendamping', assignee: 'coach' as const }, second!],
    };
    await saveVisit(db, user, edit, { now: NOW + 60_000 });
    const entries = await db.outbox.where('mutationId').above(5).toArray();
    expect(entries.map((entry) => [entry.rowId, entry.fields])).toEqual([
      [first!.id, { who: 'Pendamping', assignee: 'coach' }],
    ]);
  });

  it('reads the kind of a free-text `who` from how it starts', () => {
    expect(assigneeFromWho('Pemilik')).toBe('owner');
    expect(assigneeFromWho('  pemilik usaha')).toBe('owner');
    expect(assigneeFromWho('Owner')).toBe('owner');
    expect(assigneeFromWho('Business owner')).toBe('owner');
    expect(assigneeFromWho('Pendamping')).toBe('coach');
    expect(assigneeFromWho('coach Rina')).toBe('coach');
    expect(assigneeFromWho('Dinas Kesehatan')).toBe('other');
    expect(assigneeFromWho('Anak pemilik')).toBe('other');
    expect(assigneeFromWho('')).toBe('other');
  });
});
