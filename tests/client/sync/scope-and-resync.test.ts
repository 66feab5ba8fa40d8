// @vitest-environment node
/**
 * The phone's side of scoped sync and of the tombstone horizon, against the real server (embedded
 * database, app.request for the network) into the real Dexie schema on fake-indexeddb:
 * - a business moved to another coach leaves this coach's phone, but only once nothing of it is
 *   waiting to be sent;
 * - a cursor older than purged tombstones (410) leads to a full resync that keeps unsent writes and
 *   drops what the server no longer has;
 * - texts that lost a merge arrive for the coach to read.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBusinessPhoto } from '@/client/data/business-photo-repository';
import { fieldsOf, updateBusiness } from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CURSOR } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { visitsOfBusiness } from '@/client/data/visit-queries';
import { META_PENDING_REMOVALS, META_RESYNC } from '@/client/sync/local-removal';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { syncNow } from '@/client/sync/sync-now';
import { uploadPhotos } from '@/client/sync/upload-photos';
import { businesses, visits } from '@/server/db/schema';
import { purgeTombstones } from '@/server/sync/maintenance';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { startTestServer, type TestServer } from '../../helpers/server';
import { device, newVisit } from '../../helpers/sync-fixtures';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

let s: TestServer;
const phones: LocalDb[] = [];

beforeEach(async () => {
  s = await startTestServer('embedded');
});
afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.delete();
  await s.dispose();
});

async function phone(): Promise<LocalDb> {
  const db = new LocalDb(`binaan-scope-${uuidv7()}`);
  await db.open();
  phones.push(db);
  return db;
}

const serverFetch: typeof fetch = (input, init) =>
  Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init));

async function apiFor(username: string): Promise<SyncApi> {
  return createSyncApi(await s.login(username), serverFetch);
}

const coachA = () => ({ id: s.fixture.coachA, role: 'coach' as const, organisationId: s.fixture.orgA });

/** Another device (the coordinator's laptop, another coach's phone) writing straight to the server. */
async function serverPush(username: string, mutations: (d: ReturnType<typeof device>) => unknown[]) {
  const other = device();
  const res = await s.json('/api/sync', {
    method: 'POST',
    token: await s.login(username),
    body: {
      schemaVersion: PROTOCOL_VERSION,
      cursor: '0',
      clientId: other.clientId,
      mutations: mutations(other),
    },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function addPhoto(db: LocalDb, businessId: string, fill: number) {
  const photo = await jpegPhoto(2048, fill);
  await addBusinessPhoto(db, { organisationId: s.fixture.orgA }, businessId, {
    ...photo,
    kind: 'premises',
    takenAt: new Date().toISOString(),
  });
  return photo.sha256;
}

describe('a business moved to another coach', () => {
  it('leaves the phone with its visits and photo bytes, but only after its unsent edit has gone up', async () => {
    const f = s.fixture;
    const db = await phone();
    const api = await apiFor('coach-a');
    await serverPush('coach-a', (d) => [
      d.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.coachA)),
    ]);
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    const sha256 = await addPhoto(db, f.businessOfCoachA, 3);
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    expect(await uploadPhotos(db, api)).toEqual({ uploaded: 1, pending: 0 });
    expect(await visitsOfBusiness(db, f.businessOfCoachA).count()).toBe(1);

    // Offline, the coach edits the profile; meanwhile the coordinator moves the business.
    const business = await db.businesses.get(f.businessOfCoachA);
    if (!business) throw new Error('business missing');
    await updateBusiness(db, coachA(), business.id, { ...fieldsOf(business), products: 'Amplang kepiting' });
    await serverPush('koor-a', (d) => [
      d.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA }),
    ]);

    // The sync that brings the news also carries the edit up (made before the phone knew), and then
    // the business goes: the outbox is empty, so nothing of it is left to lose.
    const outcome = await syncNow(db, api, f.coachA);
    expect(outcome).toMatchObject({ ok: true, rejected: 0 });
    const [onServer] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(onServer?.products).toBe('Amplang kepiting');
    expect(await db.businesses.get(f.businessOfCoachA)).toBeUndefined();
    expect(await visitsOfBusiness(db, f.businessOfCoachA).count()).toBe(0);
    expect(await db.photos.where('businessId').equals(f.businessOfCoachA).count()).toBe(0);
    expect(await db.blobs.get(sha256)).toBeUndefined();
    expect(await readMeta(db, META_PENDING_REMOVALS)).toEqual([]);
  });

  it('keeps a moved business while a visit of it is half-written, and removes it after', async () => {
    const f = s.fixture;
    const db = await phone();
    const api = await apiFor('coach-a');
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    await serverPush('koor-a', (d) => [
      d.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA }),
    ]);
    const draftId = uuidv7();
    await db.drafts.put({
      id: draftId,
      kind: 'visit',
      data: { businessId: f.businessOfCoachA, visitId: uuidv7(), values: {}, followUps: [], checklists: [] },
      updatedAt: new Date().toISOString(),
    });

    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    expect(await db.businesses.get(f.businessOfCoachA)).toBeDefined();
    expect(await readMeta(db, META_PENDING_REMOVALS)).toEqual([f.businessOfCoachA]);

    // The coach discards (or saves and sends) the draft; the next sync removes the business.
    await db.drafts.delete(draftId);
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    expect(await db.businesses.get(f.businessOfCoachA)).toBeUndefined();
    expect(await readMeta(db, META_PENDING_REMOVALS)).toEqual([]);
  });

  it('sends every entry saved before the phone heard of the move, however long the outbox', async () => {
    const f = s.fixture;
    const db = await phone();
    const api = await apiFor('coach-a');
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    // More than one batch of edits (the server takes 200 a request).
    for (let i = 0; i < 203; i++) {
      const business = await db.businesses.get(f.businessOfCoachA);
      if (!business) throw new Error('business missing');
      await updateBusiness(db, coachA(), business.id, { ...fieldsOf(business), products: `Amplang ${i}` });
    }
    await serverPush('koor-a', (d) => [
      d.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA }),
    ]);

    const outcome = await syncNow(db, api, f.coachA);
    expect(outcome).toMatchObject({ ok: true, pushed: 203, rejected: 0 });
    const [onServer] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(onServer?.products).toBe('Amplang 202');
    expect(await db.businesses.get(f.businessOfCoachA)).toBeUndefined();
  });
});

describe('a cursor older than the tombstone horizon', () => {
  it('resyncs fully: unsent writes reach the server, purged rows leave the phone, the rest stays', async () => {
    const f = s.fixture;
    const db = await phone();
    const api = await apiFor('coach-a');
    const doomed = randomUUID();
    await serverPush('coach-a', (d) => [
      d.mutation('visits', doomed, newVisit(f.businessOfCoachA, f.coachA)),
    ]);
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    expect(await db.visits.get(doomed)).toBeDefined();
    const staleCursor = await readMeta<string>(db, META_CURSOR);

    // Offline for months: another device deletes the visit, the server purges the tombstone.
    await serverPush('coach-a', (d) => [d.mutation('visits', doomed, {}, { op: 'delete' })]);
    await purgeTombstones(s.database.db, new Date('2100-01-01T00:00:00Z'));
    // Meanwhile the phone has an unsent edit.
    const business = await db.businesses.get(f.businessOfCoachA);
    if (!business) throw new Error('business missing');
    await updateBusiness(db, coachA(), business.id, {
      ...fieldsOf(business),
      products: 'Amplang ikan pipih',
    });

    const outcome = await syncNow(db, api, f.coachA);
    expect(outcome).toMatchObject({ ok: true, resynced: true });
    expect(await db.outbox.count()).toBe(0);
    const [onServer] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, f.businessOfCoachA));
    expect(onServer?.products).toBe('Amplang ikan pipih');
    expect(await db.visits.get(doomed)).toBeUndefined();
    expect((await db.businesses.get(f.businessOfCoachA))?.products).toBe('Amplang ikan pipih');
    expect(await readMeta(db, META_RESYNC)).toBeUndefined();
    expect(await readMeta<string>(db, META_CURSOR)).not.toBe(staleCursor);
    expect(await s.database.db.select().from(visits).where(eq(visits.id, doomed))).toEqual([]);
    // A second run is an ordinary one.
    expect(await syncNow(db, api, f.coachA)).toMatchObject({ ok: true });
    expect((await syncNow(db, api, f.coachA)).resynced).toBeUndefined();
  });

  it('starts a resync cut off half-way again from the beginning', async () => {
    const f = s.fixture;
    const db = await phone();
    const token = await s.login('coach-a');
    expect((await syncNow(db, createSyncApi(token, serverFetch), f.coachA)).ok).toBe(true);
    await serverPush('coach-a', (d) => [
      d.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.coachA)),
    ]);
    const doomed = randomUUID();
    await serverPush('coach-a', (d) => [
      d.mutation('visits', doomed, newVisit(f.businessOfCoachA, f.coachA)),
    ]);
    expect((await syncNow(db, createSyncApi(token, serverFetch), f.coachA)).ok).toBe(true);
    await serverPush('coach-a', (d) => [d.mutation('visits', doomed, {}, { op: 'delete' })]);
    await purgeTombstones(s.database.db, new Date('2100-01-01T00:00:00Z'));

    // The network dies right after the 410.
    let calls = 0;
    const dying: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls > 1) throw new TypeError('network down');
      return serverFetch(input, init);
    };
    const cut = await syncNow(db, createSyncApi(token, dying), f.coachA);
    expect(cut).toMatchObject({ ok: false, failure: 'network', resynced: true });
    expect(await readMeta(db, META_RESYNC)).toBeDefined();
    expect(await db.visits.get(doomed)).toBeDefined();

    const done = await syncNow(db, createSyncApi(token, serverFetch), f.coachA);
    expect(done).toMatchObject({ ok: true, resynced: true });
    expect(await db.visits.get(doomed)).toBeUndefined();
    expect(await db.visits.count()).toBe(1);
  });
});

describe('texts that lost a merge', () => {
  it('arrive on the coach’s phone with the business they belong to', async () => {
    const f = s.fixture;
    const db = await phone();
    const api = await apiFor('coach-a');
    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    const business = await db.businesses.get(f.businessOfCoachA);
    if (!business) throw new Error('business missing');
    // The coach edits offline; the coordinator edits the same text later and syncs first.
    await updateBusiness(db, coachA(), business.id, {
      ...fieldsOf(business),
      products: 'Amplang versi pendamping',
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await serverPush('koor-a', (d) => [
      d.mutation('businesses', f.businessOfCoachA, { products: 'Amplang versi koordinator' }),
    ]);

    expect((await syncNow(db, api, f.coachA)).ok).toBe(true);
    expect((await db.businesses.get(f.businessOfCoachA))?.products).toBe('Amplang versi koordinator');
    const conflicts = await db.syncConflicts.where('businessId').equals(f.businessOfCoachA).toArray();
    expect(conflicts).toEqual([
      expect.objectContaining({
        field: 'products',
        losingValue: 'Amplang versi pendamping',
        losingUserId: f.coachA,
      }),
    ]);
  });
});
