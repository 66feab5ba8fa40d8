import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import {
  CORRECTION_REQUEST_WHO,
  correctionSentence,
  correctionValueProblem,
  loadOwnerView,
  markFollowUpDone,
  OwnerActionError,
  requestCorrection,
  type OwnerWriter,
} from '@/client/data/owner-repository';
import { uuidv7 } from '@/client/data/uuid';
import { followUpSchema } from '@/shared/domain/follow-up';
import { mutationSchema } from '@/shared/sync/protocol';
import { makeBusiness, makeChecklistState, makeFollowUp, makeVisit, TEST_ORGANISATION_ID } from '../../helpers/factories';

const NOW = Date.parse('2026-03-20T03:00:00.000Z');
let db: LocalDb;
const business = makeBusiness({ name: 'Kue Renyah Bu Siti', phone: '+6281234567890' });
const otherBusiness = makeBusiness({ name: 'Amplang Haji Anang' });
const owner: OwnerWriter = {
  id: '01900000-0000-7000-8000-0000000000b1',
  role: 'owner',
  organisationId: TEST_ORGANISATION_ID,
  businessId: business.id,
};

beforeEach(async () => {
  db = new LocalDb(`binaan-owner-${uuidv7()}`);
  await db.open();
  await db.businesses.bulkPut([business, otherBusiness]);
});
afterEach(async () => {
  await db.delete();
});

describe('markFollowUpDone', () => {
  it('ticks an action of the owner with only doneAt in one valid outbox entry, and unticks it', async () => {
    const action = makeFollowUp({ businessId: business.id, assignee: 'owner', what: 'Daftar NIB lewat OSS' });
    await db.followUps.put(action);

    const done = await markFollowUpDone(db, owner, action.id, true, NOW);
    expect(done.doneAt).toBe('2026-03-20T03:00:00.000Z');
    expect((await db.followUps.get(action.id))?.doneAt).toBe('2026-03-20T03:00:00.000Z');
    const [entry] = await db.outbox.toArray();
    expect(mutationSchema.parse(entry)).toMatchObject({
      table: 'followUps',
      rowId: action.id,
      op: 'upsert',
      fields: { doneAt: '2026-03-20T03:00:00.000Z' },
    });
    expect(Object.keys(entry?.fields ?? {})).toEqual(['doneAt']);

    await markFollowUpDone(db, owner, action.id, false, NOW + 60_000);
    expect((await db.followUps.get(action.id))?.doneAt).toBeNull();
    const entries = await db.outbox.toArray();
    expect(entries.map((row) => row.fields)).toEqual([
      { doneAt: '2026-03-20T03:00:00.000Z' },
      { doneAt: null },
    ]);
  });

  it('queues nothing when the action is already in the asked state', async () => {
    const action = makeFollowUp({ businessId: business.id, doneAt: '2026-03-19T01:00:00.000Z' });
    await db.followUps.put(action);
    await markFollowUpDone(db, owner, action.id, true, NOW);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.followUps.get(action.id))?.doneAt).toBe('2026-03-19T01:00:00.000Z');
  });

  it("refuses the coach's and other offices' actions, and correction requests", async () => {
    const coachAction = makeFollowUp({ businessId: business.id, assignee: 'coach', who: 'Pendamping' });
    const officeAction = makeFollowUp({ businessId: business.id, assignee: 'other', who: 'Dinas Kesehatan' });
    await db.followUps.bulkPut([coachAction, officeAction]);
    const request = await requestCorrection(db, owner, { field: 'brand', value: 'Renyah' }, NOW);
    const before = await db.outbox.count();
    for (const id of [coachAction.id, officeAction.id, request.id]) {
      await expect(markFollowUpDone(db, owner, id, true, NOW)).rejects.toMatchObject({ problem: 'notAssigned' });
    }
    expect(await db.outbox.count()).toBe(before);
    expect((await db.followUps.get(coachAction.id))?.doneAt).toBeNull();
  });

  it("refuses another business's action, a deleted one, and a session that is not an owner's", async () => {
    const elsewhere = makeFollowUp({ businessId: otherBusiness.id, assignee: 'owner' });
    const deleted = makeFollowUp({ businessId: business.id, deletedAt: '2026-03-01T00:00:00.000Z' });
    const mine = makeFollowUp({ businessId: business.id });
    await db.followUps.bulkPut([elsewhere, deleted, mine]);
    await expect(markFollowUpDone(db, owner, elsewhere.id, true, NOW)).rejects.toMatchObject({
      problem: 'notFound',
    });
    await expect(markFollowUpDone(db, owner, deleted.id, true, NOW)).rejects.toMatchObject({
      problem: 'notFound',
    });
    await expect(markFollowUpDone(db, owner, uuidv7(), true, NOW)).rejects.toBeInstanceOf(OwnerActionError);
    await expect(markFollowUpDone(db, { ...owner, role: 'coach' }, mine.id, true, NOW)).rejects.toMatchObject({
      problem: 'notOwner',
    });
    await expect(markFollowUpDone(db, { ...owner, businessId: null }, mine.id, true, NOW)).rejects.toMatchObject({
      problem: 'notOwner',
    });
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('requestCorrection', () => {
  it('creates a task for the coach carrying the request, with every field in one valid outbox entry', async () => {
    const row = await requestCorrection(
      db,
      owner,
      { field: 'phone', value: '0812-9999-8888', reason: 'Nomor lama hilang' },
      NOW,
    );
    expect(followUpSchema.parse(row)).toEqual(row);
    expect(row).toMatchObject({
      businessId: business.id,
      organisationId: TEST_ORGANISATION_ID,
      visitId: null,
      what: 'Koreksi nomor telepon: 0812-9999-8888',
      who: CORRECTION_REQUEST_WHO,
      dueOn: null,
      doneAt: null,
      assignee: 'coach',
      correction: { field: 'phone', value: '0812-9999-8888', reason: 'Nomor lama hilang' },
      resolution: null,
      resolutionNote: null,
      createdAt: '2026-03-20T03:00:00.000Z',
    });
    expect(await db.followUps.get(row.id)).toMatchObject({ correction: row.correction });

    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    const entry = mutationSchema.parse(entries[0]);
    expect(entry).toMatchObject({ table: 'followUps', rowId: row.id, op: 'upsert' });
    expect(Object.keys(entry.fields).sort()).toEqual(
      [
        'assignee',
        'businessId',
        'correction',
        'doneAt',
        'dueOn',
        'resolution',
        'resolutionNote',
        'visitId',
        'what',
        'who',
      ].sort(),
    );
    expect(entry.fields).toMatchObject({ assignee: 'coach', correction: row.correction, businessId: business.id });
  });

  it('does not queue the same waiting request twice (a double tap)', async () => {
    const input = { field: 'licences.nib' as const, value: '1234567890123' };
    const first = await requestCorrection(db, owner, input, NOW);
    const second = await requestCorrection(db, owner, input, NOW + 1_000);
    expect(second.id).toBe(first.id);
    expect(await db.outbox.count()).toBe(1);
    // Once the coach has answered, asking again is a new request.
    await db.followUps.update(first.id, { resolution: 'declined', resolutionNote: 'Nomor tidak cocok' });
    const third = await requestCorrection(db, owner, input, NOW + 2_000);
    expect(third.id).not.toBe(first.id);
    expect(await db.outbox.count()).toBe(2);
  });

  it("refuses a value that breaks the field's rule, and writes nothing", async () => {
    await expect(
      requestCorrection(db, owner, { field: 'licences.nib', value: '12345' }, NOW),
    ).rejects.toMatchObject({ problem: 'invalid', issues: [{ path: 'value', message: 'validation.nib' }] });
    await expect(requestCorrection(db, owner, { field: 'name', value: '  ' }, NOW)).rejects.toMatchObject({
      problem: 'invalid',
    });
    await expect(
      requestCorrection(db, { ...owner, role: 'coach' }, { field: 'brand', value: 'X' }, NOW),
    ).rejects.toMatchObject({ problem: 'notOwner' });
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('correction values and sentences', () => {
  it('checks each field by its own rule; an empty value asks to empty the field except the names', () => {
    expect(correctionValueProblem('phone', '0812-3456-7890')).toBeNull();
    expect(correctionValueProblem('phone', '12345')).toBe('validation.phone');
    expect(correctionValueProblem('licences.pirt', '2063571010123-25')).toBe('validation.pirt');
    expect(correctionValueProblem('licences.pirt', '206357101012325')).toBeNull();
    expect(correctionValueProblem('licences.bpom', 'MD 123456789012')).toBeNull();
    expect(correctionValueProblem('yearStarted', '2019')).toBeNull();
    expect(correctionValueProblem('yearStarted', '19')).toBe('validation.tooSmall');
    expect(correctionValueProblem('employees', 'lima')).toBe('validation.invalidValue');
    expect(correctionValueProblem('brand', '')).toBeNull();
    expect(correctionValueProblem('ownerName', '')).toBe('validation.required');
    expect(correctionValueProblem('products', 'x'.repeat(501))).toBe('validation.tooLong');
  });

  it('writes the task as a readable Indonesian sentence that fits a follow-up', () => {
    expect(correctionSentence({ field: 'licences.halal', value: 'ID00110012345' })).toBe(
      'Koreksi nomor sertifikat halal: ID00110012345',
    );
    expect(correctionSentence({ field: 'brand', value: '' })).toBe('Koreksi merek: (dikosongkan)');
    expect(correctionSentence({ field: 'products', value: 'kue '.repeat(200) }).length).toBe(500);
  });
});

describe('loadOwnerView', () => {
  it('gives only shared visits as summaries, splits actions from requests, and leaves out deleted rows', async () => {
    const shared = makeVisit({
      businessId: business.id,
      visitedAt: '2026-03-10T02:00:00.000Z',
      sharedWithOwner: true,
      ownerSummary: 'Label sudah lengkap.',
    });
    const internal = makeVisit({ businessId: business.id, visitedAt: '2026-02-10T02:00:00.000Z' });
    const deletedShared = makeVisit({
      businessId: business.id,
      sharedWithOwner: true,
      deletedAt: '2026-03-12T00:00:00.000Z',
    });
    const elsewhere = makeVisit({ businessId: otherBusiness.id, sharedWithOwner: true });
    await db.visits.bulkPut([shared, internal, deletedShared, elsewhere]);
    const late = makeFollowUp({ businessId: business.id, dueOn: '2026-04-01' });
    const soon = makeFollowUp({ businessId: business.id, dueOn: '2026-03-25' });
    const undated = makeFollowUp({ businessId: business.id, dueOn: null });
    await db.followUps.bulkPut([late, undated, soon, makeFollowUp({ businessId: otherBusiness.id })]);
    await db.checklistStates.put(makeChecklistState({ businessId: business.id, visitId: internal.id }));
    const request = await requestCorrection(db, owner, { field: 'brand', value: 'Renyah' }, NOW);

    const view = await loadOwnerView(db, business.id);
    expect(view?.business.id).toBe(business.id);
    expect(view?.sharedVisits.map((visit) => visit.id)).toEqual([shared.id]);
    expect(view?.visits.map((visit) => visit.id)).toEqual([internal.id, shared.id]);
    expect(view?.actions.map((row) => row.id)).toEqual([soon.id, late.id, undated.id]);
    expect(view?.corrections.map((row) => row.id)).toEqual([request.id]);
    expect(view?.checklistStates).toHaveLength(1);
    expect(await loadOwnerView(db, null)).toBeNull();
    expect(await loadOwnerView(db, uuidv7())).toBeNull();
  });
});
