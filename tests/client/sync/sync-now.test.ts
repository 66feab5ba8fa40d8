// @vitest-environment node
/**
 * Push and pull against the real server (embedded database; app.request stands in for the network)
 * into the real Dexie schema on fake-indexeddb. The network is made to fail on purpose: requests
 * that never arrive, answers lost after the server committed, duplicated and replayed batches, and
 * 500s after commit. Every saved change must reach the server exactly once and leave the outbox.
 */
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBusiness,
  fieldsOf,
  updateBusiness,
  type BusinessFields,
} from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CLIENT_ID, writeWithOutbox } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { uploadPhotos } from '@/client/sync/upload-photos';
import { downloadPhoto } from '@/client/sync/photo-download';
import { addBusinessPhoto } from '@/client/data/business-photo-repository';
import { getVisitWithDetails, saveVisit } from '@/client/data/visit-repository';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { syncNow } from '@/client/sync/sync-now';
import { businesses, syncClients, visits } from '@/server/db/schema';
import { businessFieldsSchema } from '@/shared/domain/business';
import { startTestServer, type TestServer } from '../../helpers/server';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

let s: TestServer;
const phones: LocalDb[] = [];

// The first server of a test process migrates the embedded database (seconds on a busy machine).
beforeEach(async () => {
  s = await startTestServer('embedded');
}, 60_000);
afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.delete();
  await s.dispose();
});

async function phone(): Promise<LocalDb> {
  const db = new LocalDb(`binaan-sync-${uuidv7()}`);
  await db.open();
  phones.push(db);
  return db;
}

type Fetch = typeof fetch;
const serverFetch: Fetch = (input, init) =>
  Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init));

async function apiFor(username: string, fetchImpl: Fetch = serverFetch): Promise<SyncApi> {
  return createSyncApi(await s.login(username), fetchImpl);
}

function fields(name: string): BusinessFields {
  return businessFieldsSchema.parse({
    name,
    ownerName: 'Rusmini',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    sector: 'makanan_olahan',
    isFood: true,
  });
}

const coachA = () => ({ id: s.fixture.coachA, role: 'coach' as const, organisationId: s.fixture.orgA });

async function serverNames(): Promise<Map<string, string>> {
  const rows = await s.database.db
    .select()
    .from(businesses)
    .where(eq(businesses.organisationId, s.fixture.orgA));
  return new Map(rows.map((row) => [row.id, row.name]));
}

describe('sync now: push then pull', () => {
  it('sends a new business and an edit, empties the outbox, and a second phone of the coach receives both', async () => {
    const db = await phone();
    const api = await apiFor('coach-a');
    const created = await createBusiness(db, coachA(), fields('Amplang Sungai Martapura'));
    await updateBusiness(db, coachA(), created.id, { ...fieldsOf(created), phone: '+6281350001111' });
    expect(await db.outbox.count()).toBe(2);

    const outcome = await syncNow(db, api, s.fixture.coachA);
    expect(outcome).toMatchObject({ ok: true, pushed: 2, rejected: 0 });
    expect(await db.outbox.count()).toBe(0);
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, created.id));
    expect(row).toMatchObject({
      name: 'Amplang Sungai Martapura',
      phone: '+6281350001111',
      createdBy: s.fixture.coachA,
    });

    const other = await phone();
    await syncNow(other, await apiFor('coach-a'), s.fixture.coachA);
    expect((await other.businesses.get(created.id))?.phone).toBe('+6281350001111');
  });

  /** A coach's synced phone with a reassignment in its outbox, which only a coordinator may make. */
  async function phoneWithRefusedReassignment() {
    const db = await phone();
    const api = await apiFor('coach-a');
    await syncNow(db, api, s.fixture.coachA);
    const mine = await db.businesses.get(s.fixture.businessOfCoachA);
    if (!mine) throw new Error('not pulled');
    await writeWithOutbox(db, 'businesses', { ...mine, assignedCoachId: s.fixture.otherCoachA }, [
      'assignedCoachId',
    ]);
    return { db, api, mine };
  }

  it('keeps the reason of a refused change, removes it from the outbox, and sends the changes after it', async () => {
    const { db, api, mine } = await phoneWithRefusedReassignment();
    await updateBusiness(db, coachA(), mine.id, { ...fieldsOf(mine), cohort: 'WUB 2026' });

    const outcome = await syncNow(db, api, s.fixture.coachA);
    expect(outcome).toMatchObject({ ok: true, pushed: 2, rejected: 1 });
    expect(await db.outbox.count()).toBe(0);
    const rejections = (await readMeta<StoredRejection[]>(db, META_REJECTIONS)) ?? [];
    expect(rejections.map((r) => [r.table, r.rowId, r.reason, r.message])).toEqual([
      ['businesses', mine.id, 'forbiddenField', 'Anda tidak berhak mengubah isian ini (Pendamping).'],
    ]);
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, mine.id));
    expect(row).toMatchObject({ assignedCoachId: s.fixture.coachA, cohort: 'WUB 2026' });
    // The pull put the server's truth back on the phone.
    expect((await db.businesses.get(mine.id))?.assignedCoachId).toBe(s.fixture.coachA);
  });

  it('puts the server’s value back after a refused edit of a row nobody else touches', async () => {
    const { db, api, mine } = await phoneWithRefusedReassignment();
    expect(await syncNow(db, api, s.fixture.coachA)).toMatchObject({ ok: true, pushed: 1, rejected: 1 });
    expect((await db.businesses.get(mine.id))?.assignedCoachId).toBe(s.fixture.coachA);
  });

  it('sends an outbox bigger than the server takes in one request (long notes) in smaller requests', async () => {
    const db = await phone();
    const api = await apiFor('coach-a');
    const writer = { id: s.fixture.coachA, organisationId: s.fixture.orgA };
    // The test server takes 64 KB of JSON a request; these 30 visits are about 300 KB.
    const notes = 'Kemasan masih plastik polos, label belum ada. '.repeat(200).slice(0, 9_000);
    for (let i = 0; i < 30; i++) {
      const fieldsOfVisit = visitFieldsSchema.parse({
        businessId: s.fixture.businessOfCoachA,
        coachId: s.fixture.coachA,
        visitedAt: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
        kind: 'monitoring',
        notes: `${i}: ${notes}`,
      });
      await saveVisit(db, writer, {
        visitId: uuidv7(),
        draftId: null,
        followUps: [],
        checklists: [],
        photos: [],
        fields: fieldsOfVisit,
      });
    }
    expect(await syncNow(db, api, s.fixture.coachA)).toMatchObject({ ok: true, pushed: 30, rejected: 0 });
    expect(await db.outbox.count()).toBe(0);
    const stored = await s.database.db.select().from(visits).where(eq(visits.coachId, s.fixture.coachA));
    expect(stored.filter((visit) => visit.notes.endsWith(notes)).length).toBe(30);
  });

  it('gives the phone a new device number when another person signs in on it', async () => {
    const db = await phone();
    await syncNow(db, await apiFor('coach-a'), s.fixture.coachA);
    const first = await readMeta<string>(db, META_CLIENT_ID);
    const outcome = await syncNow(db, await apiFor('coach-a2'), s.fixture.otherCoachA);
    expect(outcome.ok).toBe(true);
    expect(await readMeta<string>(db, META_CLIENT_ID)).not.toBe(first);
    expect(await db.businesses.toCollection().primaryKeys()).toEqual([s.fixture.businessOfOtherCoachA]);
  });
});

type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'error500' | 'replayOld';

describe('exactly once under a bad network', () => {
  it('applies every saved change once, whatever the network does (seeded; a failure prints its seed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.constantFrom<Fault>('none', 'dropRequest', 'dropResponse', 'duplicate', 'error500', 'replayOld'),
          {
            minLength: 30,
            maxLength: 30,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 6, maxLength: 6 }),
        async (faults, batches) => {
          const db = await phone();
          let call = 0;
          const sent: Array<{ input: string; init: RequestInit | undefined }> = [];
          const chaos: Fetch = async (input, init) => {
            const url = typeof input === 'string' ? input : input.toString();
            const fault = url === '/api/sync' ? (faults[call++ % faults.length] ?? 'none') : 'none';
            if (url === '/api/sync') sent.push({ input: url, init });
            switch (fault) {
              case 'dropRequest':
                throw new TypeError('network down');
              case 'dropResponse':
                await serverFetch(input, init);
                throw new TypeError('connection reset');
              case 'duplicate':
                await serverFetch(input, init);
                return serverFetch(input, init);
              case 'error500':
                await serverFetch(input, init);
                return new Response('{}', { status: 500 });
              case 'replayOld': {
                // A stale copy of an earlier batch arrives late, then the real request.
                const old = sent[Math.max(0, sent.length - 3)];
                if (old) await serverFetch(old.input, old.init);
                return serverFetch(input, init);
              }
              default:
                return serverFetch(input, init);
            }
          };
          const api = await apiFor('coach-a', chaos);
          const expected = new Map<string, string>();
          let serial = 0;
          for (const count of batches) {
            for (let i = 0; i < count; i++) {
              serial += 1;
              const name = `Usaha uji ${serial}`;
              const created = await createBusiness(db, coachA(), fields(name));
              expected.set(created.id, name);
              if (serial % 3 === 0) {
                const renamed = `${name} (ganti nama)`;
                await updateBusiness(db, coachA(), created.id, { ...fieldsOf(created), name: renamed });
                expected.set(created.id, renamed);
              }
            }
            await syncNow(db, api, s.fixture.coachA); // may fail part-way: the next run carries on
          }
          for (let attempt = 0; attempt < 40 && (await db.outbox.count()) > 0; attempt++) {
            await syncNow(db, api, s.fixture.coachA);
          }
          expect(await db.outbox.count()).toBe(0);
          const onServer = await serverNames();
          for (const [id, name] of expected) expect(onServer.get(id)).toBe(name);
          const clientId = await readMeta<string>(db, META_CLIENT_ID);
          const [client] = await s.database.db
            .select()
            .from(syncClients)
            .where(eq(syncClients.clientId, clientId ?? ''));
          // Every numbered change was applied exactly once: the server's count is the phone's count.
          const written = serial + Math.floor(serial / 3);
          expect(client?.lastMutationId).toBe(written);
          expect((await readMeta<StoredRejection[]>(db, META_REJECTIONS)) ?? []).toEqual([]);
          // Names on the phone agree with the server after the last pull.
          for (const [id, name] of expected) expect((await db.businesses.get(id))?.name).toBe(name);
        },
      ),
      { numRuns: 8, seed: 20261123, verbose: true },
    );
  }, 60_000);
});

describe('photo bytes after the text', () => {
  it('uploads each photo once after its row, survives a cut-off upload, and the server hands the bytes back', async () => {
    const db = await phone();
    await syncNow(db, await apiFor('coach-a'), s.fixture.coachA);
    const photo = await jpegPhoto(4096, 7);
    const { sha256 } = photo;
    const bytes = new Uint8Array(photo.bytes);
    await addBusinessPhoto(db, { organisationId: s.fixture.orgA }, s.fixture.businessOfCoachA, {
      ...photo,
      kind: 'premises',
      takenAt: new Date().toISOString(),
    });

    // The first upload is cut off on the way.
    let cut = true;
    const flaky: Fetch = async (input, init) => {
      if (init?.method === 'PUT' && cut) {
        cut = false;
        throw new TypeError('connection reset');
      }
      return serverFetch(input, init);
    };
    const api = await apiFor('coach-a', flaky);
    expect((await syncNow(db, api, s.fixture.coachA)).ok).toBe(true);
    expect(await uploadPhotos(db, api)).toMatchObject({ uploaded: 0, pending: 1, failure: 'network' });
    expect(await uploadPhotos(db, api)).toEqual({ uploaded: 1, pending: 0 });
    expect(await uploadPhotos(db, api)).toEqual({ uploaded: 0, pending: 0 });

    const token = await s.login('koor-a');
    const back = await s.app.request(`/api/blobs/${sha256}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(back.status).toBe(200);
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);

    // The coordinator's laptop gets the row by sync and the bytes when a screen asks for them.
    const laptop = await phone();
    const coordinatorApi = await apiFor('koor-a');
    await syncNow(laptop, coordinatorApi, s.fixture.coordinatorA);
    expect(await laptop.photos.where('sha256').equals(sha256).count()).toBe(1);
    expect(await laptop.blobs.get(sha256)).toBeUndefined();
    // Bytes that do not match their hash (a broken proxy) are not kept.
    const tampered = {
      getBlob: async () => ({ bytes: new Uint8Array([1, 2, 3]).buffer, type: 'image/jpeg' }),
    };
    expect(await downloadPhoto(laptop, tampered, sha256)).toBe(false);
    expect(await downloadPhoto(laptop, coordinatorApi, sha256)).toBe(true);
    expect(new Uint8Array((await laptop.blobs.get(sha256))?.bytes ?? new ArrayBuffer(0))).toEqual(bytes);
    // Downloaded bytes are known to the server: nothing goes back up.
    expect(await uploadPhotos(laptop, coordinatorApi)).toEqual({ uploaded: 0, pending: 0 });
  });
});

describe('what the server decided about a sent change reaches the phone', () => {
  it('a phone whose clock ran a day ahead takes a later edit made elsewhere (the server pulled its clock back)', async () => {
    const id = s.fixture.businessOfCoachA;
    const fast = await phone();
    const other = await phone();
    const fastApi = await apiFor('coach-a');
    const otherApi = await apiFor('coach-a');
    await syncNow(fast, fastApi, s.fixture.coachA);
    const mine = await fast.businesses.get(id);
    if (!mine) throw new Error('not pulled');
    const dayAhead = new Date(Date.now() + 24 * 60 * 60 * 1000);
    await updateBusiness(
      fast,
      coachA(),
      id,
      { ...fieldsOf(mine), cohort: 'Jam HP kecepatan' },
      { now: dayAhead },
    );
    expect((await syncNow(fast, fastApi, s.fixture.coachA)).ok).toBe(true);

    await syncNow(other, otherApi, s.fixture.coachA);
    const theirs = await other.businesses.get(id);
    if (!theirs) throw new Error('not pulled');
    await updateBusiness(other, coachA(), id, { ...fieldsOf(theirs), cohort: 'WUB 2026' });
    expect((await syncNow(other, otherApi, s.fixture.coachA)).ok).toBe(true);
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, id));
    expect(row?.cohort).toBe('WUB 2026');

    expect((await syncNow(fast, fastApi, s.fixture.coachA)).ok).toBe(true);
    expect((await fast.businesses.get(id))?.cohort).toBe('WUB 2026');
  });

  it('an edit refused because the visit was approved meanwhile gives way to the server’s copy', async () => {
    const coachPhone = await phone();
    const laptop = await phone();
    const coachApi = await apiFor('coach-a');
    const coordinatorApi = await apiFor('koor-a');
    const writer = { id: s.fixture.coachA, organisationId: s.fixture.orgA };
    const visitId = uuidv7();
    const fieldsOfVisit = {
      businessId: s.fixture.businessOfCoachA,
      coachId: s.fixture.coachA,
      visitedAt: new Date().toISOString(),
      kind: 'monitoring',
      notes: 'Kemasan masih plastik polos.',
      reviewState: 'submitted',
    };
    const save = { visitId, draftId: null, followUps: [], checklists: [], photos: [] };
    await saveVisit(coachPhone, writer, { ...save, fields: visitFieldsSchema.parse(fieldsOfVisit) });
    await syncNow(coachPhone, coachApi, s.fixture.coachA);

    await syncNow(laptop, coordinatorApi, s.fixture.coordinatorA);
    const submitted = await laptop.visits.get(visitId);
    if (!submitted) throw new Error('not pulled');
    await writeWithOutbox(laptop, 'visits', { ...submitted, reviewState: 'approved' }, ['reviewState']);
    await syncNow(laptop, coordinatorApi, s.fixture.coordinatorA);

    // The coach edits the notes before hearing of the approval; the server refuses that edit.
    const details = await getVisitWithDetails(coachPhone, visitId);
    if (!details) throw new Error('not saved');
    const edited = { ...visitFieldsSchema.parse(details.visit), notes: 'Diubah sesudah disetujui' };
    await saveVisit(coachPhone, writer, { ...save, fields: edited });
    expect(await syncNow(coachPhone, coachApi, s.fixture.coachA)).toMatchObject({ ok: true, rejected: 1 });
    expect(await coachPhone.visits.get(visitId)).toMatchObject({
      notes: 'Kemasan masih plastik polos.',
      reviewState: 'approved',
    });
  });

  it('pulls page after page with the next one asked ahead, and a save made meanwhile goes up once and comes back', async () => {
    // Thirty visits at thirty versions, pulled four rows a page: about nine pages.
    await s.database.db.insert(visits).values(
      Array.from({ length: 30 }, (_, i) => ({
        id: uuidv7(),
        organisationId: s.fixture.orgA,
        version: 10 + i,
        businessId: s.fixture.businessOfCoachA,
        coachId: s.fixture.coachA,
        visitedAt: new Date(Date.UTC(2026, 10, 1 + (i % 20))),
        kind: 'monitoring',
      })),
    );
    const db = await phone();
    const real = await apiFor('coach-a');
    let pulls = 0;
    let saving: Promise<string> | null = null;
    const api: SyncApi = {
      ...real,
      push: async (body) => {
        if (body.mutations.length === 0) pulls += 1;
        // The coach saves a new business while the fourth page is on its way.
        if (pulls === 4 && !saving)
          saving = createBusiness(db, coachA(), fields('Soto Banjar Bawah Jembatan')).then((b) => b.id);
        // A slow network: each answer takes a while.
        await new Promise((resolve) => setTimeout(resolve, 15));
        return await real.push(body.limit > 0 ? { ...body, limit: 4 } : body);
      },
    };

    const outcome = await syncNow(db, api, s.fixture.coachA);
    expect(outcome.ok).toBe(true);
    expect(await db.visits.count()).toBe(30);
    expect(await db.outbox.count()).toBe(0);
    // Every pull-only answer was written but the one asked ahead when the save came (dropped
    // unread, since the save had to go up first); the save's own exchange is the one other page.
    expect(pulls - (outcome.pages - 1)).toBeLessThanOrEqual(1);
    expect(outcome.pages).toBeGreaterThanOrEqual(8);
    // The save went up once and came back down like any other row.
    const savedId = await (saving as Promise<string> | null);
    expect(savedId).not.toBeNull();
    const onServer = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, savedId as string));
    expect(onServer).toHaveLength(1);
    expect((await db.businesses.get(savedId as string))?.name).toBe('Soto Banjar Bawah Jembatan');
  });
});
