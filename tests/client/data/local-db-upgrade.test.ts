/**
 * A phone in the field holds the previous schema, maybe with changes not yet sent: opening it with
 * this version's schema must keep every row and every outbox entry (sync.md: an update with a
 * non-empty outbox keeps the outbox).
 */
import { Dexie } from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { visitsInState } from '@/client/data/visit-queries';
import { makeBusiness, makeFollowUp, makeVisit } from '../../helpers/factories';
import { openVersion2, openVersion6 } from '../../helpers/released-schemas';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

it('opens a version-2 phone with unsent changes and keeps its rows, outbox and drafts', async () => {
  const name = `binaan-upgrade-${uuidv7()}`;
  names.push(name);
  const business = makeBusiness({ name: 'Amplang Bu Nur' });
  const entry = {
    mutationId: 7,
    table: 'businesses',
    rowId: business.id,
    op: 'upsert',
    fields: { name: business.name },
    clocks: { name: '2026-11-20T02:00:00.000Z-0000-abc' },
    schemaVersion: 1,
    createdAt: '2026-11-20T02:00:00.000Z',
  };
  const old = openVersion2(name);
  await old.open();
  await old.table('businesses').put(business);
  await old.table('outbox').put(entry);
  await old.table('meta').bulkPut([
    { key: 'nextMutationId', value: 8 },
    { key: 'cursor', value: '41' },
  ]);
  await old.table('drafts').put({ id: 'd1', kind: 'visit', data: { businessId: business.id }, updatedAt: 'x' });
  // A follow-up from before owners' correction requests existed (no such fields), and one pulled
  // with a request: only the latter is in version 5's `correction.field` index.
  const plain = makeFollowUp({ businessId: business.id });
  const request = makeFollowUp({
    businessId: business.id,
    assignee: 'coach',
    correction: { field: 'phone', value: '081299990000', reason: '' },
  });
  const { assignee: _a, correction: _c, resolution: _r, resolutionNote: _n, ...legacy } = plain;
  await old.table('followUps').bulkPut([legacy, request]);
  old.close();

  const db = new LocalDb(name);
  await db.open();
  try {
    expect(db.verno).toBe(8);
    expect(db.visits.schema.indexes.map((index) => index.name).sort()).toEqual([
      '[businessId+visitedAt]',
      '[reviewState+listedAt]',
    ]);
    expect(await db.followUps.count()).toBe(2);
    expect((await db.followUps.where('correction.field').above('').toArray()).map((row) => row.id)).toEqual([
      request.id,
    ]);
    expect(db.businesses.schema.indexes.map((index) => index.name)).not.toContain('districtCode');
    expect(await db.businesses.get(business.id)).toEqual(business);
    expect(await db.outbox.toArray()).toEqual([entry]);
    expect(await db.meta.get('nextMutationId')).toEqual({ key: 'nextMutationId', value: 8 });
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: '41' });
    expect(await db.drafts.count()).toBe(1);
    expect(await db.syncConflicts.count()).toBe(0);
    expect(db.tables.map((table) => table.name)).not.toContain('conflicts');
    // What the phone's IndexedDB now holds, not only what Dexie declares: the versions between 2
    // and 7 are not declared (local-db.ts), so the stores and indexes come from diffing against it.
    const idb = db.backendDB();
    expect([...idb.objectStoreNames].sort()).toEqual(
      ['blobs', 'businesses', 'checklistStates', 'drafts', 'followUps', 'meta', 'outbox', 'photos', 'syncConflicts', 'visits'],
    );
    const indexesOf = (store: string) => [...idb.transaction(store).objectStore(store).indexNames].sort();
    expect(indexesOf('businesses')).toEqual(['assignedCoachId', 'licences.nib', 'ownerNik', 'phone', 'updatedAt', 'villageCode']);
    expect(indexesOf('visits')).toEqual(['[businessId+visitedAt]', '[reviewState+listedAt]']);
    expect(indexesOf('followUps')).toEqual(['[businessId+dueOn]', 'businessId', 'correction.field', 'dueOn', 'visitId']);
  } finally {
    db.close();
  }
});

it('opens a version-6 phone with unsent visits and drafts and keeps them, listing its returned visit', async () => {
  const name = `binaan-upgrade-v6-${uuidv7()}`;
  names.push(name);
  const business = makeBusiness({ name: 'Amplang Bu Nur' });
  const saved = makeVisit({ businessId: business.id, reviewState: 'submitted', notes: 'Belum terkirim' });
  const returned = makeVisit({
    businessId: business.id,
    reviewState: 'returned',
    visitedAt: '2024-01-05T08:00:00.000Z',
  });
  const history = makeVisit({
    businessId: business.id,
    reviewState: 'approved',
    visitedAt: '2024-01-04T08:00:00.000Z',
  });
  const entry = {
    mutationId: 12,
    table: 'visits',
    rowId: saved.id,
    op: 'upsert',
    fields: { notes: saved.notes },
    clocks: { notes: '2026-11-20T02:00:00.000Z-0000-abc' },
    schemaVersion: 1,
    createdAt: '2026-11-20T02:00:00.000Z',
  };
  const draft = { id: 'd6', kind: 'visit', data: { businessId: business.id, notes: 'setengah' }, updatedAt: 'x' };
  const old = openVersion6(name);
  await old.open();
  await old.table('businesses').put(business);
  await old.table('visits').bulkPut([saved, returned, history]);
  await old.table('outbox').put(entry);
  await old.table('drafts').put(draft);
  old.close();

  const db = new LocalDb(name);
  await db.open();
  try {
    expect(db.verno).toBe(8);
    expect(await db.outbox.toArray()).toEqual([entry]);
    expect(await db.drafts.toArray()).toEqual([draft]);
    // Shared fields as they were; the listed ones carry the phone's own key.
    expect(await db.visits.get(saved.id)).toEqual({ ...saved, listedAt: saved.visitedAt });
    expect(await db.visits.get(returned.id)).toEqual({ ...returned, listedAt: returned.visitedAt });
    expect(await db.visits.get(history.id)).toEqual(history);
    expect((await visitsInState(db, 'returned').toArray()).map((row) => row.id)).toEqual([returned.id]);
    expect((await visitsInState(db, 'submitted').toArray()).map((row) => row.id)).toEqual([saved.id]);
    expect(await visitsInState(db, 'approved').count()).toBe(0);
  } finally {
    db.close();
  }
});
