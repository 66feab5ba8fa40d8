/**
 * Network faults between phones and the server (issue 7, "Chaos and durability"): no loss, no
 * duplicate. The real app (createApp on the embedded database, and on PostgreSQL) listens on a
 * loopback port; three phones, each a Dexie database on fake-indexeddb written through the app's
 * repositories (createBusiness, updateBusiness, saveVisit, addBusinessPhoto), sync with the real
 * client engine (syncNow, uploadPhotos over createSyncApi and Node's fetch) through a TCP proxy of
 * their own that breaks connections on purpose.
 *
 * Per connection the proxy draws (seeded, mulberry32): half pass, the others get one fault: delay
 * (bytes held both ways, the answer relayed in pieces); drop the request (closed before anything is
 * forwarded); cut the request mid-body (part forwarded, then both sides closed); drop the answer
 * (the server handled the request, the phone hears nothing); cut the answer mid-body; duplicate the
 * request (replayed on a second upstream connection after the first answer, or at the same time,
 * one answer relayed). Every request carries `Connection: close`, so each request is one proxied
 * connection and one draw.
 *
 * Round after round each phone writes offline (businesses, edits, visits with follow-ups and
 * checklists, visit edits that add and remove follow-ups, a photo now and then), then syncs and
 * uploads photos through its proxy. Then the faults stop and everyone syncs until nothing moves.
 * The database itself must then hold: every row the phones queued, once, with the values the test
 * last wrote (removed follow-ups as tombstones); per phone, the audit rows of its pushes adding up
 * to exactly the mutations it issued per table (a replayed push applied twice would count twice);
 * `sync_clients.last_mutation_id` equal to the phone's issued count; one "submitted" review event per
 * visit; no rejection on either side; every photo's bytes, hashing to its sha256.
 *
 * Replay: NETFAULT_SEED (printed in every failure message). Each phone draws its writes and faults
 * from its own stream, so a seed replays each phone's story; the phones' timing is real, so the
 * interleaving of their requests at the server may differ from run to run.
 */
import 'fake-indexeddb/auto';
import { serve } from '@hono/node-server';
import { createHash } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { addBusinessPhoto } from '@/client/data/business-photo-repository';
import { createBusiness, fieldsOf, updateBusiness } from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CLIENT_ID, META_NEXT_MUTATION_ID } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { getVisitWithDetails, saveVisit } from '@/client/data/visit-repository';
import type { FollowUpInput, VisitPhotoInput } from '@/client/data/visit-types';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { syncNow } from '@/client/sync/sync-now';
import { uploadPhotos } from '@/client/sync/upload-photos';
import {
  auditLog,
  businesses,
  checklistStates,
  followUps,
  photos,
  syncClients,
  syncRejections,
  visitReviews,
  visits,
} from '@/server/db/schema';
import { businessFieldsSchema } from '@/shared/domain/business';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { SYNCED_TABLES, type SyncedTable } from '@/shared/sync/protocol';
import { jpegPhoto } from '../../helpers/jpeg-bytes';
import { BACKENDS, startTestServer, type Backend, type TestServer } from '../../helpers/server';
import { seededRandom } from '../../helpers/seeded-random';

const SEED = Number(process.env.NETFAULT_SEED ?? 20261124);
/** Rounds of (offline writes, then one sync through the faulty network) per phone. */
const ROUNDS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FAULTS = [
  'pass',
  'delay',
  'dropRequest',
  'cutRequest',
  'dropAnswer',
  'cutAnswer',
  'duplicate',
  'duplicateAtOnce',
] as const;
type Fault = (typeof FAULTS)[number];

/** Where a whole HTTP/1.1 request ends in `bytes` (head and Content-Length body), or null if not yet. */
function requestEnd(bytes: Buffer): { headEnd: number; end: number } | null {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = bytes.subarray(0, headEnd).toString('latin1').toLowerCase();
  if (/\r\ntransfer-encoding:/.test(head)) throw new Error('the proxy expects Content-Length bodies');
  const length = Number(/\r\ncontent-length:\s*(\d+)/.exec(head)?.[1] ?? 0);
  const end = headEnd + 4 + length;
  return bytes.length >= end ? { headEnd: headEnd + 4, end } : null;
}

/** One request on a fresh upstream connection; resolves with every byte of the answer (the server closes). */
function exchange(port: number, request: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const upstream = connect(port, '127.0.0.1', () => upstream.write(request));
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstream.on('error', () => undefined);
    upstream.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

type Proxy = {
  url: string;
  /** Faults are drawn only while this is true. */
  faulty: boolean;
  counts: Record<Fault, number>;
  /** Whatever went wrong inside the proxy itself (not a fault it made on purpose). */
  errors: string[];
  close: () => Promise<void>;
};

/** A TCP proxy to `port` that breaks each connection as `draw` says while `faulty`. */
async function startProxy(port: number, draw: (below: number) => number): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const proxy: Proxy = {
    url: '',
    faulty: false,
    counts: Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>,
    errors: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  async function handle(client: Socket, request: Buffer, headEnd: number, fault: Fault): Promise<void> {
    const relay = (answer: Buffer) => new Promise<void>((resolve) => client.end(answer, () => resolve()));
    /** Some bytes of `bytes` past `from` but not all: the connection is cut inside the body. */
    const partOf = (bytes: Buffer, from: number) =>
      bytes.subarray(0, bytes.length > from ? from + draw(bytes.length - from) : 1 + draw(from - 1));
    switch (fault) {
      case 'pass':
        return relay(await exchange(port, request));
      case 'delay': {
        await sleep(1 + draw(40));
        const answer = await exchange(port, request);
        const split = draw(answer.length);
        client.write(answer.subarray(0, split));
        await sleep(1 + draw(40));
        return relay(answer.subarray(split));
      }
      case 'dropRequest':
        client.destroy();
        return;
      case 'cutRequest': {
        const upstream = connect(port, '127.0.0.1');
        upstream.on('error', () => undefined);
        await new Promise<void>((resolve) => upstream.write(partOf(request, headEnd), () => resolve()));
        await sleep(draw(20));
        upstream.destroy();
        client.destroy();
        return;
      }
      case 'dropAnswer':
        await exchange(port, request); // the server has handled it; its answer goes nowhere
        client.destroy();
        return;
      case 'cutAnswer': {
        const answer = await exchange(port, request);
        const answerHeadEnd = answer.indexOf('\r\n\r\n') + 4;
        await new Promise<void>((resolve) => client.write(partOf(answer, answerHeadEnd), () => resolve()));
        client.destroy();
        return;
      }
      case 'duplicate': {
        const first = await exchange(port, request);
        const second = await exchange(port, request);
        return relay(draw(2) === 0 ? first : second);
      }
      case 'duplicateAtOnce': {
        const answers = await Promise.all([exchange(port, request), exchange(port, request)]);
        return relay(answers[draw(2)] ?? answers[0]);
      }
    }
  }

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    // Half the connections pass, so syncs also get part-way before the next fault.
    const fault: Fault =
      proxy.faulty && draw(2) === 0 ? (FAULTS[1 + draw(FAULTS.length - 1)] ?? 'pass') : 'pass';
    let received = Buffer.alloc(0);
    let taken = false;
    client.on('data', (chunk: Buffer) => {
      if (taken) return;
      received = Buffer.concat([received, chunk]);
      let whole: ReturnType<typeof requestEnd>;
      try {
        whole = requestEnd(received);
      } catch (error) {
        proxy.errors.push(String(error));
        client.destroy();
        return;
      }
      if (!whole) return;
      taken = true;
      proxy.counts[fault] += 1;
      handle(client, received.subarray(0, whole.end), whole.headEnd, fault).catch((error: unknown) => {
        proxy.errors.push(String(error));
        client.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** Node's fetch (undici) to `base`, one connection per request, so each request meets the proxy afresh. */
function fetchVia(base: string): typeof fetch {
  return (input, init) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    headers.set('Connection', 'close');
    return fetch(`${base}${path}`, { ...init, headers });
  };
}

type User = { id: string; role: 'coach'; organisationId: string };
type Phone = {
  name: string;
  user: User;
  db: LocalDb;
  api: SyncApi;
  proxy: Proxy;
  draw: (below: number) => number;
  /** How many outbox entries this phone has queued, per table (read after every write). */
  issued: Record<SyncedTable, number>;
  lastQueued: number;
  businessIds: string[];
  visitIds: string[];
};

/** What the test last wrote, per row: the fields it checks on the server. */
type Expected = Map<string, { table: SyncedTable; fields: Record<string, unknown>; deleted: boolean }>;

const NAMES = ['Amplang', 'Bingka', 'Sasirangan', 'Kerupuk', 'Dodol', 'Wadai', 'Pundut', 'Iwak Karing'];

const servers: Array<{ close: () => Promise<void> }> = [];
const disposers: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const each of servers.splice(0)) await each.close();
  for (const dispose of disposers.splice(0)) await dispose();
});

describe.each(BACKENDS)('network faults between phones and the server, on %s', (backend: Backend) => {
  it('loses nothing and applies nothing twice, whatever the network drops, cuts, delays or repeats', async () => {
    const seed = backend === 'postgres' ? SEED ^ 0x5eed : SEED;
    const context = `NETFAULT_SEED=${SEED} (${backend})`;
    const server: TestServer = await startTestServer(backend);
    disposers.push(server.dispose);
    const http = serve({ fetch: server.app.fetch, hostname: '127.0.0.1', port: 0 });
    if (!http.listening) await new Promise((resolve) => http.once('listening', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => http.close(() => resolve())) });
    const port = (http.address() as AddressInfo).port;
    const f = server.fixture;

    const expected: Expected = new Map();
    const photoShas = new Set<string>();
    let photoCount = 0;

    async function phone(index: number, name: string, username: string, userId: string): Promise<Phone> {
      const db = new LocalDb(`binaan-netfault-${backend}-${index}-${uuidv7()}`);
      await db.open();
      disposers.push(() => db.delete());
      const draw = seededRandom(seed + index * 7919);
      const proxy = await startProxy(port, seededRandom(seed + index * 104_729));
      servers.push(proxy);
      const token = await server.login(username);
      const user: User = { id: userId, role: 'coach', organisationId: f.orgA };
      const api = createSyncApi(token, fetchVia(proxy.url));
      const issued = Object.fromEntries(SYNCED_TABLES.map((table) => [table, 0])) as Record<
        SyncedTable,
        number
      >;
      // Signed in online: the first sync (no faults yet) brings the coach's businesses down.
      const first = await syncNow(db, api, userId);
      expect(first.ok, `${name}: first sync, ${context}`).toBe(true);
      return { name, user, db, api, proxy, draw, issued, lastQueued: 0, businessIds: [], visitIds: [] };
    }
    const phones = [
      await phone(0, 'coach A phone', 'coach-a', f.coachA),
      await phone(1, 'coach A tablet', 'coach-a', f.coachA),
      await phone(2, 'coach A2 phone', 'coach-a2', f.otherCoachA),
    ];

    /** Tallies the entries `p` queued since the last call (before any sync can take them away). */
    async function tally(p: Phone): Promise<void> {
      const queued = await p.db.outbox.where('mutationId').above(p.lastQueued).toArray();
      for (const entry of queued) {
        p.issued[entry.table] += 1;
        p.lastQueued = Math.max(p.lastQueued, entry.mutationId);
        if (!expected.has(`${entry.table}/${entry.rowId}`)) {
          expected.set(`${entry.table}/${entry.rowId}`, { table: entry.table, fields: {}, deleted: false });
        }
      }
    }
    const expectRow = (table: SyncedTable, id: string, fields: Record<string, unknown>, deleted = false) => {
      const row = expected.get(`${table}/${id}`) ?? { table, fields: {}, deleted: false };
      expected.set(`${table}/${id}`, { table, fields: { ...row.fields, ...fields }, deleted });
    };

    async function photoInput(now: number): Promise<VisitPhotoInput> {
      photoCount += 1;
      const n = photoCount;
      // Distinct bytes per photo, some of several kilobytes, so an upload can be cut mid-body.
      const photo = await jpegPhoto(512 + ((n * 977) % 6000), (i) => (i * 31 + n * 17) ^ (i >> 8));
      photoShas.add(photo.sha256);
      return {
        ...photo,
        id: uuidv7(now),
        kind: 'packaging_before',
        caption: null,
        takenAt: new Date(now).toISOString(),
      };
    }

    async function write(p: Phone): Promise<void> {
      const d = p.draw;
      const now = Date.now();
      const choice = p.businessIds.length === 0 ? 0 : d(10);
      if (choice === 0) {
        const name = `${NAMES[d(NAMES.length)] ?? 'Usaha'} ${p.name} ${d(1000)}`;
        const business = await createBusiness(
          p.db,
          p.user,
          businessFieldsSchema.parse({
            name,
            ownerName: 'Rusmini',
            districtCode: '63.71.01',
            villageCode: '63.71.01.1001',
            sector: 'makanan_olahan',
            isFood: d(2) === 0,
          }),
        );
        p.businessIds.push(business.id);
        expectRow('businesses', business.id, { name, products: null, employees: null });
      } else if (choice <= 3) {
        const id = p.businessIds[d(p.businessIds.length)] ?? '';
        const current = await p.db.businesses.get(id);
        if (!current) throw new Error(`${p.name}: its business ${id} is gone, ${context}`);
        const edit = {
          name: `${NAMES[d(NAMES.length)] ?? 'Usaha'} ${d(10_000)}`,
          products: d(4) === 0 ? null : `Produk ${d(10_000)}`,
          employees: d(50),
        };
        await updateBusiness(p.db, p.user, id, { ...fieldsOf(current), ...edit });
        expectRow('businesses', id, edit);
        if (d(8) === 0) {
          const photo = await photoInput(now);
          const row = await addBusinessPhoto(p.db, p.user, id, { ...photo, kind: 'premises' });
          expectRow('photos', row.id, { sha256: photo.sha256, businessId: id, visitId: null });
        }
      } else if (choice <= 6 || p.visitIds.length === 0) {
        const businessId = p.businessIds[d(p.businessIds.length)] ?? '';
        const visitId = uuidv7(now);
        const notes = `Kunjungan ${d(100_000)}`;
        const follow: FollowUpInput[] = Array.from({ length: d(3) }, (_, i) => ({
          id: uuidv7(now),
          what: `Tindak lanjut ${i + 1} (${d(1000)})`,
          who: 'Pemilik',
          dueOn: null,
        }));
        const photo = d(6) === 0 ? [await photoInput(now)] : [];
        await saveVisit(
          p.db,
          p.user,
          {
            visitId,
            draftId: null,
            fields: visitFieldsSchema.parse({
              businessId,
              coachId: p.user.id,
              visitedAt: new Date(now).toISOString(),
              kind: 'monitoring',
              topics: ['packaging'],
              notes,
              reviewState: 'submitted',
            }),
            followUps: follow,
            checklists:
              d(2) === 0
                ? [
                    {
                      kind: 'packaging',
                      templateVersion: 1,
                      items: { product_name: { done: d(2) === 0, evidence: null, note: null } },
                    },
                  ]
                : [],
            photos: photo,
          },
          { now },
        );
        p.visitIds.push(visitId);
        expectRow('visits', visitId, { notes, businessId, coachId: p.user.id });
        for (const each of follow) expectRow('followUps', each.id, { what: each.what, visitId });
        for (const each of photo) expectRow('photos', each.id, { sha256: each.sha256, businessId, visitId });
      } else {
        const visitId = p.visitIds[d(p.visitIds.length)] ?? '';
        const details = await getVisitWithDetails(p.db, visitId);
        if (!details) throw new Error(`${p.name}: its visit ${visitId} is gone, ${context}`);
        const notes = `Catatan ${d(100_000)}`;
        let follow: FollowUpInput[] = details.followUps.map(({ id, what, who, dueOn }) => ({
          id,
          what,
          who,
          dueOn,
        }));
        const change = d(3);
        if (change === 0 && follow[0]) {
          expectRow('followUps', follow[0].id, {}, true); // removed in the form: a tombstone
          follow = follow.slice(1);
        } else if (change === 1 && follow[0]) {
          follow[0] = { ...follow[0], what: `Diubah ${d(1000)}` };
          expectRow('followUps', follow[0].id, { what: follow[0].what });
        } else {
          const added = { id: uuidv7(now), what: `Tambahan ${d(1000)}`, who: 'Pendamping', dueOn: null };
          follow.push(added);
          expectRow('followUps', added.id, { what: added.what, visitId });
        }
        await saveVisit(
          p.db,
          p.user,
          {
            visitId,
            draftId: null,
            fields: { ...visitFieldsSchema.parse(details.visit), notes },
            followUps: follow,
            checklists: [],
            photos: [],
          },
          { now },
        );
        expectRow('visits', visitId, { notes });
      }
      await tally(p);
    }

    // Rounds: each phone writes offline, then syncs through its faulty proxy; phones run side by side.
    for (const p of phones) p.proxy.faulty = true;
    /** Entries acknowledged and syncs completed while the network was faulty. */
    let pushedUnderFaults = 0;
    let syncsCompleted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        phones.map(async (p) => {
          const writes = p.draw(4);
          for (let i = 0; i < writes; i++) await write(p);
          const outcome = await syncNow(p.db, p.api, p.user.id); // may fail part-way: the next sync carries on
          pushedUnderFaults += outcome.pushed;
          if (outcome.ok) syncsCompleted += 1;
          await uploadPhotos(p.db, p.api);
        }),
      );
    }

    // The network heals: everyone syncs until a whole round moves nothing.
    for (const p of phones) p.proxy.faulty = false;
    for (let rounds = 0, moved = true; moved; rounds++) {
      if (rounds > 10) throw new Error(`no quiescence after 10 rounds, ${context}`);
      moved = false;
      for (const p of phones) {
        const outcome = await syncNow(p.db, p.api, p.user.id);
        expect(outcome.ok, `${p.name}: sync after the faults (${outcome.failure ?? ''}), ${context}`).toBe(
          true,
        );
        const upload = await uploadPhotos(p.db, p.api);
        expect(upload.pending, `${p.name}: photos pending, ${context}`).toBe(0);
        if (outcome.pushed > 0 || outcome.rows > 0 || upload.uploaded > 0) moved = true;
      }
    }

    const { db } = server.database;
    const counts = Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>;
    for (const p of phones) {
      expect(p.proxy.errors, `${p.name}: proxy errors, ${context}`).toEqual([]);
      for (const fault of FAULTS) counts[fault] += p.proxy.counts[fault];
      expect(await p.db.outbox.count(), `${p.name}: outbox, ${context}`).toBe(0);
      const rejections = (await readMeta<StoredRejection[]>(p.db, META_REJECTIONS)) ?? [];
      expect(rejections, `${p.name}: rejections on the phone, ${context}`).toEqual([]);

      const clientId = (await readMeta<string>(p.db, META_CLIENT_ID)) ?? '';
      const issued = ((await readMeta<number>(p.db, META_NEXT_MUTATION_ID)) ?? 1) - 1;
      expect(issued, `${p.name}: issued = tallied, ${context}`).toBe(
        SYNCED_TABLES.reduce((sum, table) => sum + p.issued[table], 0),
      );
      const [registered] = await db.select().from(syncClients).where(eq(syncClients.clientId, clientId));
      expect(registered?.lastMutationId, `${p.name}: mutations applied, ${context}`).toBe(issued);
      const refused = await db.select().from(syncRejections).where(eq(syncRejections.clientId, clientId));
      expect(refused, `${p.name}: rejections on the server, ${context}`).toEqual([]);
      // Exactly once: the audit rows of this device's pushes add up to what it issued, per table.
      const pushes = await db
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'sync.push'), eq(auditLog.entityId, clientId)));
      const applied = Object.fromEntries(SYNCED_TABLES.map((table) => [table, 0])) as Record<
        SyncedTable,
        number
      >;
      for (const push of pushes) {
        const tables = (push.detail?.tables ?? {}) as Partial<Record<SyncedTable, number>>;
        for (const table of SYNCED_TABLES) applied[table] += tables[table] ?? 0;
      }
      expect(applied, `${p.name}: mutations applied per table, ${context}`).toEqual(p.issued);
    }

    // Every row the phones queued is in the database, once, with what the test last wrote.
    const columns = { businesses, visits, followUps, checklistStates, photos } as const;
    const found: string[] = [];
    for (const table of SYNCED_TABLES) {
      const ids = [...expected.entries()]
        .filter(([, row]) => row.table === table)
        .map(([key]) => key.slice(table.length + 1));
      if (ids.length === 0) continue;
      const source = columns[table];
      const rows = (await db.select().from(source).where(inArray(source.id, ids))) as Array<
        Record<string, unknown> & { id: string; deletedAt: Date | null }
      >;
      const seen = new Map<string, number>();
      for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
      for (const id of ids) {
        if (seen.get(id) !== 1) found.push(`${table} ${id}: ${seen.get(id) ?? 0} rows`);
      }
      for (const row of rows) {
        const want = expected.get(`${table}/${row.id}`);
        if (!want) continue;
        if ((row.deletedAt !== null) !== want.deleted) {
          found.push(
            `${table} ${row.id}: deleted ${String(row.deletedAt)}, expected ${String(want.deleted)}`,
          );
        }
        for (const [field, value] of Object.entries(want.fields)) {
          if (JSON.stringify(row[field]) !== JSON.stringify(value)) {
            found.push(
              `${table} ${row.id}.${field}: ${JSON.stringify(row[field])}, expected ${JSON.stringify(value)}`,
            );
          }
        }
      }
    }
    expect(found, `rows on the server, ${context}`).toEqual([]);

    // One "submitted" review event per visit: a replayed first submission would add another.
    const visitIds = phones.flatMap((p) => p.visitIds);
    const events = await db
      .select({ visitId: visitReviews.visitId, toState: visitReviews.toState })
      .from(visitReviews)
      .where(inArray(visitReviews.visitId, visitIds));
    expect(events.map((e) => `${e.visitId} ${e.toState}`).sort(), `review events, ${context}`).toEqual(
      visitIds.map((id) => `${id} submitted`).sort(),
    );

    // Photo bytes: the server serves each photo's bytes, and they hash to its sha256.
    const token = await server.login('coach-a');
    const tokenA2 = await server.login('coach-a2');
    for (const sha256 of photoShas) {
      let res = await server.json(`/api/blobs/${sha256}`, { token });
      if (res.status === 404) res = await server.json(`/api/blobs/${sha256}`, { token: tokenA2 });
      expect(res.status, `bytes of ${sha256}, ${context}`).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex'), `bytes of ${sha256}, ${context}`).toBe(sha256);
    }

    // The faults really happened: every kind, more than once, while syncs still got through.
    for (const fault of FAULTS) expect(counts[fault], `${fault} faults, ${context}`).toBeGreaterThan(1);
    expect(pushedUnderFaults, `entries acknowledged under faults, ${context}`).toBeGreaterThan(0);
    console.info(
      `[network faults ${backend}] seed ${SEED}: ${ROUNDS} rounds x ${phones.length} phones, ${expected.size} rows, ${photoShas.size} photos, ${phones.map((p) => SYNCED_TABLES.reduce((n, t) => n + p.issued[t], 0)).join('/')} mutations, ${pushedUnderFaults} acknowledged and ${syncsCompleted} syncs completed under faults; connections ${FAULTS.map((fault) => `${fault} ${counts[fault]}`).join(', ')}`,
    );
  }, 120_000);
});
