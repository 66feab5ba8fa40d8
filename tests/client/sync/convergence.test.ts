// @vitest-environment node
/**
 * Convergence fuzz (sync.md, "How correctness is proven", 1): five devices, each with its own Dexie
 * database on fake-indexeddb and its own signed-in user, work on one city through the app's real
 * repositories against the real server (embedded database, app.request in place of the network).
 * Hundreds of seeded random operations: businesses created, edited and (by the coordinator)
 * assigned to another coach, visits with follow-ups, checklist ticks and photos, edits of visits,
 * follow-ups ticked and removed, reviews and replies, business photos added, relabelled and
 * removed; devices go offline for a while, syncs interleave at random and some lose their request
 * or their answer. Then everyone syncs until nothing moves, and every device's rows must equal what
 * the server lets its user read, field for field, tombstones included.
 *
 * The devices: coach A's phone, coach A's tablet whose clock runs 5 minutes fast (the server pulls
 * its clocks back), coach A2's phone, the coordinator's laptop (creates businesses for either coach,
 * assigns them, approves or returns visits through the outbox as the review screen will) and the
 * owner's phone (reads one business). Besides equal rows, each device's outbox must be empty, the
 * server must have applied exactly the mutation numbers it issued, the only refusals allowed are
 * edits of a visit approved meanwhile, and every photo's bytes must reach the server and come back.
 *
 * Replayable: the operations, the clock (Date is faked and advanced by the operations) and the
 * random bits of client-made ids all come from the seed. A failure prints fast-check's seed and
 * run (`path`; no shrinking, a run is long) and the first device and rows that differ; rerun with
 * SYNC_FUZZ_SEED=<seed> (and SYNC_FUZZ_RUNS) to replay it or to explore other seeds.
 *
 * Scope changes are gain-only here: the coordinator assigns a business to a coach only while its
 * assignee is its creator (who keeps reading it) or nobody. Taking a business away from a coach
 * (scope revocation) is not covered.
 */
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addBusinessPhoto,
  BusinessPhotoDuplicateError,
  removeBusinessPhoto,
  setBusinessPhotoKind,
} from '@/client/data/business-photo-repository';
import {
  createBusiness,
  fieldsOf,
  updateBusiness,
  type BusinessFields,
} from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CLIENT_ID, META_NEXT_MUTATION_ID, writeWithOutbox } from '@/client/data/outbox';
import { setFollowUpDone } from '@/client/data/today-repository';
import { uuidv7 } from '@/client/data/uuid';
import { getVisitWithDetails, replyToReturnedVisit, saveVisit } from '@/client/data/visit-repository';
import type { ChecklistInput, FollowUpInput, VisitPhotoInput } from '@/client/data/visit-types';
import { downloadPhoto } from '@/client/sync/photo-download';
import { changesPageSchema, createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { syncNow } from '@/client/sync/sync-now';
import { uploadPhotos } from '@/client/sync/upload-photos';
import { syncClients } from '@/server/db/schema';
import { currentTemplate } from '@/shared/checklists';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import { businessFieldsSchema, type CoachingStatus } from '@/shared/domain/business';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { SYNCED_TABLES, type SyncedTable } from '@/shared/sync/protocol';
import { startTestServer, type TestServer } from '../../helpers/server';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

const SEED = Number(process.env.SYNC_FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.SYNC_FUZZ_RUNS ?? 3);
/** Operations per run, over all devices. */
const OPERATIONS = 180;
/** The fake clock starts here and only moves forward, by each operation's gap. */
const START = Date.parse('2026-11-24T01:00:00.000Z');
/** One device's clock runs this far ahead (more than the server's 60 s tolerance). */
const FAST_CLOCK_MS = 5 * 60_000;

type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'error500';
type Kind =
  | 'sync'
  | 'offline'
  | 'upload'
  | 'createBusiness'
  | 'editBusiness'
  | 'assign'
  | 'newVisit'
  | 'editVisit'
  | 'tickFollowUp'
  | 'review'
  | 'reply'
  | 'addPhoto'
  | 'relabelPhoto'
  | 'removePhoto';
type Operation = { kind: Kind; device: number; pick: number; seed: number; gapMs: number; fault: Fault };

const operationArb: fc.Arbitrary<Operation> = fc.record({
  kind: fc.oneof(
    ...(
      [
        ['sync', 14],
        ['offline', 3],
        ['upload', 2],
        ['createBusiness', 5],
        ['editBusiness', 14],
        ['assign', 3],
        ['newVisit', 9],
        ['editVisit', 9],
        ['tickFollowUp', 5],
        ['review', 5],
        ['reply', 3],
        ['addPhoto', 3],
        ['relabelPhoto', 2],
        ['removePhoto', 2],
      ] as const
    ).map(([kind, weight]) => ({ weight, arbitrary: fc.constant<Kind>(kind) })),
  ),
  device: fc.nat({ max: 4 }),
  pick: fc.nat({ max: 9_999 }),
  seed: fc.nat({ max: 999_999 }),
  gapMs: fc.oneof(fc.constant(0), fc.nat({ max: 4_000 }), fc.constant(90_000)),
  fault: fc.constantFrom<Fault>('none', 'none', 'none', 'dropRequest', 'dropResponse', 'error500'),
});

type User = { id: string; role: 'coach' | 'coordinator' | 'owner'; organisationId: string };
/** A device's connection: offline for some operations, or about to lose its next push. */
type Network = { offlineFor: number; fault: Fault };
type Device = {
  name: string;
  username: string;
  user: User;
  db: LocalDb;
  api: SyncApi;
  skewMs: number;
  network: Network;
};

/** Seeded random bits for client-made ids (uuidv7), so a seed replays the same ids. */
function seededRandomValues(seed: number) {
  let state = seed >>> 0 || 1;
  return <T extends ArrayBufferView | null>(array: T): T => {
    if (!array) return array;
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      // mulberry32
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }
    return array;
  };
}

const STATUSES: CoachingStatus[] = ['baru', 'berkembang', 'stagnan', 'naik_kelas', 'tutup'];
const NAMES = ['Amplang', 'Bingka', 'Sasirangan', 'Kerupuk', 'Dodol', 'Wadai', 'Pundut', 'Iwak Karing'];

function businessEdit(seed: number): Partial<BusinessFields> {
  switch (seed % 9) {
    case 0:
      return { name: `${NAMES[seed % NAMES.length] ?? 'Usaha'} ${seed % 50}` };
    case 1:
      return { phone: seed % 5 === 0 ? null : `+62813${String(seed % 10_000_000).padStart(7, '0')}` };
    case 2:
      return { products: `Produk ${seed % 1000}` };
    case 3:
      return { cohort: seed % 4 === 0 ? null : `WUB ${2024 + (seed % 3)}` };
    case 4:
      return { status: STATUSES[seed % STATUSES.length] ?? 'baru' };
    case 5:
      return { capital: (seed % 500) * 1_000_000 };
    case 6:
      return { annualSales: (seed % 900) * 10_000_000 };
    case 7:
      return { employees: seed % 30 };
    default:
      return { address: `Jl. Veteran No. ${seed % 200}`, brand: seed % 3 === 0 ? null : `Merek ${seed % 7}` };
  }
}

/** 64 bytes that pass the server's JPEG sniffing; few distinct ones, so some photos share bytes. */
const photoFile = (seed: number) => jpegPhoto(64, (i) => (seed % 25) * 31 + i);

function checklistTicks(kind: ChecklistKind, seed: number, items: ChecklistInput['items'] = {}) {
  const ids = currentTemplate(kind).items.map((item) => item.id);
  const id = ids[seed % ids.length] ?? 'x';
  return { ...items, [id]: { done: !(items[id]?.done ?? false), evidence: null, note: null } };
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
const live = <T extends { deletedAt: string | null }>(rows: T[]) => rows.filter((row) => !row.deletedAt);
const chosen = <T>(rows: readonly T[], pick: number): T | undefined => rows[pick % Math.max(1, rows.length)];

/**
 * The rows of one user or device, comparable: values, tombstones and field clocks (which must agree
 * too, or the next edit would merge differently on different replicas); the times a replica wrote
 * the row are its own bookkeeping. Object keys are sorted (jsonb reorders them).
 */
type View = Record<SyncedTable, Map<string, Record<string, unknown>>>;
/** Not compared: bookkeeping, and the phone's own key of its listed-visits index (local-db.ts). */
const BOOKKEEPING = new Set(['createdAt', 'updatedAt', 'version', 'listedAt']);

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return Object.fromEntries(
    entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => [key, sortedKeys(item)]),
  );
}

function canonical(row: object): Record<string, unknown> {
  const kept = Object.entries(row).filter(([key]) => !BOOKKEEPING.has(key));
  return sortedKeys(Object.fromEntries(kept)) as Record<string, unknown>;
}

function emptyView(): View {
  return {
    businesses: new Map(),
    visits: new Map(),
    followUps: new Map(),
    checklistStates: new Map(),
    photos: new Map(),
  };
}

async function deviceView(db: LocalDb): Promise<View> {
  const view = emptyView();
  for (const table of SYNCED_TABLES) {
    for (const row of (await db.table(table).toArray()) as Array<{ id: string }>) {
      view[table].set(row.id, canonical(row));
    }
  }
  return view;
}

/** Every difference between what the device holds and what the server lets its user read. */
function differences(device: View, server: View): string[] {
  const found: string[] = [];
  for (const table of SYNCED_TABLES) {
    const ids = new Set([...device[table].keys(), ...server[table].keys()]);
    for (const id of [...ids].sort()) {
      const mine = device[table].get(id);
      const truth = server[table].get(id);
      if (!truth) found.push(`${table} ${id}: on the device, not readable on the server`);
      else if (!mine) found.push(`${table} ${id}: on the server, missing on the device`);
      else {
        for (const field of new Set([...Object.keys(mine), ...Object.keys(truth)])) {
          const a = JSON.stringify(mine[field]);
          const b = JSON.stringify(truth[field]);
          if (a !== b) found.push(`${table} ${id}.${field}: device ${a}, server ${b}`);
        }
      }
    }
  }
  return found;
}

let s: TestServer | null = null;
const databases: LocalDb[] = [];

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const db of databases.splice(0)) await db.delete();
  await s?.dispose();
  s = null;
});

async function runFleet(randomSeed: number, operations: Operation[]): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'], now: START });
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(seededRandomValues(randomSeed));
  await s?.dispose();
  const server = await startTestServer('embedded');
  s = server;
  const f = server.fixture;
  const serverFetch: typeof fetch = (input, init) =>
    Promise.resolve(server.app.request(typeof input === 'string' ? input : input.toString(), init));

  async function device(name: string, username: string, user: User, skewMs = 0): Promise<Device> {
    const db = new LocalDb(`binaan-fleet-${username}-${name.length}-${uuidv7()}`);
    await db.open();
    databases.push(db);
    const token = await server.login(username);
    const network: Network = { offlineFor: 0, fault: 'none' };
    const api = createSyncApi(token, async (input, init) => {
      if (network.offlineFor > 0) throw new TypeError('offline');
      const url = typeof input === 'string' ? input : input.toString();
      const fault = url === '/api/sync' ? network.fault : 'none';
      if (url === '/api/sync') network.fault = 'none';
      if (fault === 'none') return serverFetch(input, init);
      if (fault === 'dropRequest') throw new TypeError('network down');
      await serverFetch(input, init); // the server commits; its answer never arrives
      if (fault === 'dropResponse') throw new TypeError('connection reset');
      return new Response('{}', { status: 500 });
    });
    return { name, username, user, db, api, skewMs, network };
  }
  const org = f.orgA;
  const coachA: User = { id: f.coachA, role: 'coach', organisationId: org };
  const coachA2: User = { id: f.otherCoachA, role: 'coach', organisationId: org };
  const devices = [
    await device('coach A phone', 'coach-a', coachA),
    await device('coach A tablet, clock 5 min fast', 'coach-a', coachA, FAST_CLOCK_MS),
    await device('coach A2 phone', 'coach-a2', coachA2),
    await device('coordinator laptop', 'koor-a', {
      id: f.coordinatorA,
      role: 'coordinator',
      organisationId: org,
    }),
    await device('owner phone', 'owner-a', { id: f.ownerA, role: 'owner', organisationId: org }),
  ];
  const coaches = devices.slice(0, 3);
  const staff = devices.slice(0, 4);
  const coordinator = devices[3] as Device;

  for (const operation of operations) {
    vi.setSystemTime(Date.now() + operation.gapMs);
    for (const each of devices) each.network.offlineFor = Math.max(0, each.network.offlineFor - 1);
    await perform(operation);
  }

  async function perform(op: Operation): Promise<void> {
    const any = devices[op.device % devices.length] as Device;
    const coach = coaches[op.device % coaches.length] as Device;
    const writer = staff[op.device % staff.length] as Device;
    switch (op.kind) {
      case 'sync':
        any.network.fault = op.fault;
        await syncNow(any.db, any.api, any.user.id); // may fail part-way: a later sync carries on
        any.network.fault = 'none';
        return;
      case 'offline':
        any.network.offlineFor = 3 + (op.seed % 30);
        return;
      case 'upload':
        await uploadPhotos(any.db, any.api);
        return;
      case 'createBusiness': {
        const assignedCoachId =
          writer.user.role === 'coordinator' ? ([null, f.coachA, f.otherCoachA][op.seed % 3] ?? null) : null;
        const fields = businessFieldsSchema.parse({
          name: `${NAMES[op.seed % NAMES.length] ?? 'Usaha'} baru ${op.seed % 1000}`,
          ownerName: 'Rusmini',
          districtCode: '63.71.01',
          villageCode: '63.71.01.1001',
          sector: 'makanan_olahan',
          isFood: op.seed % 2 === 0,
          assignedCoachId,
        });
        await createBusiness(writer.db, writer.user, fields, { now: new Date(Date.now() + writer.skewMs) });
        return;
      }
      case 'editBusiness': {
        const business = chosen(byId(live(await writer.db.businesses.toArray())), op.pick);
        if (!business) return;
        const fields = { ...fieldsOf(business), ...businessEdit(op.seed), ...businessEdit(op.seed >> 4) };
        await updateBusiness(writer.db, writer.user, business.id, fields, {
          now: new Date(Date.now() + writer.skewMs),
        });
        return;
      }
      case 'assign': {
        await syncNow(coordinator.db, coordinator.api, coordinator.user.id); // the coordinator looks first
        // Gain-only: the current assignee (if any) is the creator, who keeps reading the business.
        const movable = byId(live(await coordinator.db.businesses.toArray())).filter(
          (row) => row.assignedCoachId === null || row.assignedCoachId === row.createdBy,
        );
        const business = chosen(movable, op.pick);
        const to = [f.coachA, f.otherCoachA][op.seed % 2] ?? f.coachA;
        if (!business || business.assignedCoachId === to) return;
        await updateBusiness(coordinator.db, coordinator.user, business.id, {
          ...fieldsOf(business),
          assignedCoachId: to,
        });
        return;
      }
      case 'newVisit': {
        const business = chosen(byId(live(await coach.db.businesses.toArray())), op.pick);
        if (!business) return;
        const now = Date.now() + coach.skewMs;
        const followUps: FollowUpInput[] = Array.from({ length: op.seed % 3 }, (_, i) => ({
          id: uuidv7(now),
          what: `Tindak lanjut ${i + 1} (${op.seed % 100})`,
          who: 'Pemilik',
          dueOn: `2026-12-0${i + 1}`,
        }));
        const kind: ChecklistKind = op.seed % 4 < 2 ? 'packaging' : 'digital_marketing';
        const checklists: ChecklistInput[] =
          op.seed % 3 === 0 ? [] : [{ kind, templateVersion: 1, items: checklistTicks(kind, op.seed) }];
        const photos: VisitPhotoInput[] =
          op.seed % 4 === 0
            ? [
                {
                  ...(await photoFile(op.seed)),
                  id: uuidv7(now),
                  kind: 'packaging_before',
                  caption: null,
                  takenAt: new Date(now).toISOString(),
                },
              ]
            : [];
        await saveVisit(
          coach.db,
          coach.user,
          {
            visitId: uuidv7(now),
            draftId: null,
            fields: visitFieldsSchema.parse({
              businessId: business.id,
              coachId: coach.user.id,
              visitedAt: new Date(now).toISOString(),
              kind: 'monitoring',
              topics: ['packaging'],
              notes: `Kunjungan ${op.seed % 1000}`,
              reviewState: 'submitted',
            }),
            followUps,
            checklists,
            photos,
          },
          { now },
        );
        return;
      }
      case 'editVisit': {
        const mine = byId(live(await coach.db.visits.toArray())).filter(
          (visit) => visit.coachId === coach.user.id && visit.reviewState !== 'approved',
        );
        const visit = chosen(mine, op.pick);
        const details = visit ? await getVisitWithDetails(coach.db, visit.id) : null;
        if (!details) return;
        const now = Date.now() + coach.skewMs;
        const current = visitFieldsSchema.parse(details.visit);
        const fields = {
          ...current,
          ...(op.seed % 3 === 0 ? { notes: `Catatan ${op.seed % 1000}` } : {}),
          ...(op.seed % 3 === 1 ? { problems: `Kendala ${op.seed % 1000}` } : {}),
          ...(op.seed % 3 === 2 ? { monthlySales: (op.seed % 90) * 1_000_000 } : {}),
        };
        let followUps: FollowUpInput[] = details.followUps.map(({ id, what, who, dueOn }) => ({
          id,
          what,
          who,
          dueOn,
        }));
        const change = (op.seed >> 2) % 4;
        if (change === 0) followUps = followUps.slice(1); // removed in the form: a tombstone
        if (change === 1 && followUps[0]) followUps[0] = { ...followUps[0], what: `Diubah ${op.seed % 100}` };
        if (change === 2)
          followUps.push({ id: uuidv7(now), what: 'Tambahan', who: 'Pendamping', dueOn: null });
        const kind: ChecklistKind = (op.seed >> 4) % 2 === 0 ? 'packaging' : 'digital_marketing';
        const existing = details.checklistStates.find((state) => state.kind === kind);
        const checklists: ChecklistInput[] =
          (op.seed >> 5) % 2 === 0
            ? [{ kind, templateVersion: 1, items: checklistTicks(kind, op.seed >> 6, existing?.items) }]
            : [];
        const photos: VisitPhotoInput[] =
          (op.seed >> 7) % 5 === 0
            ? [
                {
                  ...(await photoFile(op.seed >> 7)),
                  id: uuidv7(now),
                  kind: 'packaging_after',
                  caption: 'Sesudah',
                  takenAt: new Date(now).toISOString(),
                },
              ]
            : [];
        await saveVisit(
          coach.db,
          coach.user,
          { visitId: details.visit.id, draftId: null, fields, followUps, checklists, photos },
          { now },
        );
        return;
      }
      case 'tickFollowUp': {
        const followUp = chosen(byId(live(await coach.db.followUps.toArray())), op.pick);
        if (!followUp) return;
        await setFollowUpDone(
          coach.db,
          followUp.id,
          followUp.doneAt === null,
          new Date(Date.now() + coach.skewMs),
        );
        return;
      }
      case 'review': {
        // The review screen is not built yet: the coordinator's decision goes through the outbox as it will.
        await syncNow(coordinator.db, coordinator.api, coordinator.user.id);
        const submitted = byId(live(await coordinator.db.visits.toArray())).filter(
          (visit) => visit.reviewState === 'submitted',
        );
        const visit = chosen(submitted, op.pick);
        if (!visit) return;
        const approve = op.seed % 2 === 0;
        await coordinator.db.transaction(
          'rw',
          [coordinator.db.visits, coordinator.db.outbox, coordinator.db.meta],
          () =>
            writeWithOutbox(
              coordinator.db,
              'visits',
              {
                ...visit,
                reviewState: approve ? 'approved' : 'returned',
                reviewComment: approve ? visit.reviewComment : `Omzet belum diisi (${op.seed % 100})`,
                updatedAt: new Date().toISOString(),
              },
              approve ? ['reviewState'] : ['reviewState', 'reviewComment'],
            ),
        );
        return;
      }
      case 'reply': {
        await syncNow(coach.db, coach.api, coach.user.id);
        const returned = byId(live(await coach.db.visits.toArray())).filter(
          (visit) => visit.reviewState === 'returned' && visit.coachId === coach.user.id,
        );
        const visit = chosen(returned, op.pick);
        if (!visit) return;
        await replyToReturnedVisit(coach.db, coach.user, visit.id, `Sudah dilengkapi ${op.seed % 100}`, {
          now: Date.now() + coach.skewMs,
        });
        return;
      }
      case 'addPhoto': {
        const business = chosen(byId(live(await writer.db.businesses.toArray())), op.pick);
        if (!business) return;
        const now = Date.now() + writer.skewMs;
        try {
          await addBusinessPhoto(
            writer.db,
            writer.user,
            business.id,
            { ...(await photoFile(op.seed)), kind: 'premises', takenAt: new Date(now).toISOString() },
            now,
          );
        } catch (error) {
          if (!(error instanceof BusinessPhotoDuplicateError)) throw error;
        }
        return;
      }
      case 'relabelPhoto':
      case 'removePhoto': {
        const photos = byId(live(await writer.db.photos.toArray())).filter((photo) => photo.visitId === null);
        const photo = chosen(photos, op.pick);
        if (!photo) return;
        const now = Date.now() + writer.skewMs;
        if (op.kind === 'removePhoto') await removeBusinessPhoto(writer.db, photo.id, now);
        else
          await setBusinessPhotoKind(
            writer.db,
            photo.id,
            (['premises', 'product', 'other'] as const)[op.seed % 3] ?? 'other',
            now,
          );
        return;
      }
    }
  }

  // Everyone back online; sync round after round until a whole round moves nothing.
  for (const each of devices) each.network.offlineFor = 0;
  let rounds = 0;
  for (let moved = true; moved; rounds++) {
    if (rounds > 12) throw new Error('no quiescence after 12 rounds of syncing everyone');
    moved = false;
    for (const each of devices) {
      vi.setSystemTime(Date.now() + 1_000);
      const outcome = await syncNow(each.db, each.api, each.user.id);
      if (!outcome.ok) throw new Error(`${each.name}: sync failed (${outcome.failure ?? '?'})`);
      if (outcome.pushed > 0 || outcome.rows > 0) moved = true;
    }
  }

  for (const each of devices) {
    expect(await each.db.outbox.count(), `${each.name}: outbox`).toBe(0);
    // Exactly once: the server applied every number the device issued, no more, no fewer.
    const clientId = await readMeta<string>(each.db, META_CLIENT_ID);
    const issued = ((await readMeta<number>(each.db, META_NEXT_MUTATION_ID)) ?? 1) - 1;
    const [registered] = await server.database.db
      .select()
      .from(syncClients)
      .where(eq(syncClients.clientId, clientId ?? ''));
    expect(registered?.lastMutationId ?? 0, `${each.name}: mutations applied`).toBe(issued);
    // The only refusal this workload can earn: editing a visit the coordinator approved meanwhile.
    const rejections = (await readMeta<StoredRejection[]>(each.db, META_REJECTIONS)) ?? [];
    expect(
      rejections.filter((rejection) => rejection.reason !== 'locked'),
      `${each.name}: unexpected rejections`,
    ).toEqual([]);

    const token = await server.login(each.username);
    const truth = emptyView();
    let cursor = '0';
    for (;;) {
      const response = await server.json(
        `/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=2000`,
        {
          token,
        },
      );
      const page = changesPageSchema.parse(await response.json());
      for (const table of SYNCED_TABLES) {
        for (const row of page.changes[table]) truth[table].set(row.id, canonical(row));
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const diff = differences(await deviceView(each.db), truth);
    if (diff.length > 0) {
      throw new Error(
        `${each.name} (${each.user.role}) differs from the server in ${diff.length} place(s):\n  ${diff
          .slice(0, 15)
          .join('\n  ')}`,
      );
    }
  }

  // Photo bytes: every device uploads what it holds; every live photo a device can read can be fetched.
  for (const each of devices) expect(await uploadPhotos(each.db, each.api)).toMatchObject({ pending: 0 });
  for (const each of devices) {
    for (const photo of live(await each.db.photos.toArray())) {
      expect(await downloadPhoto(each.db, each.api, photo.sha256), `${each.name}: bytes of ${photo.id}`).toBe(
        true,
      );
    }
  }
  for (const db of databases.splice(0)) await db.delete();
  vi.useRealTimers();
  vi.restoreAllMocks();
}

describe('convergence of many devices (seeded fuzz)', () => {
  it('every device ends with exactly the rows the server lets its user read, whatever the order of work and sync', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.array(operationArb, { minLength: OPERATIONS, maxLength: OPERATIONS }),
        runFleet,
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
