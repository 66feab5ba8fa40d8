/**
 * The phone's side of the sync figures, run in Chromium at the server's origin (bundled by
 * sync-bench.ts). It is the app's own code, not a copy: `syncNow` (src/client/sync/sync-now.ts,
 * what the app runs after sign-in and after saves) over `createSyncApi`, so every exchange is the
 * app's POST /api/sync and every page lands through `applyPage`; the outbox is filled by the app's
 * repositories (saveVisit, setFollowUpDone, updateBusiness) exactly as the screens fill it. Each
 * figure uses a LocalDb of its own name, so nothing of the app's 'binaan' database is touched.
 * Timings are taken here with performance.now(); the server's handling time is taken in Node.
 */
import { Dexie } from 'dexie';
import { fieldsOf, updateBusiness } from '@/client/data/business-repository';
import { LocalDb } from '@/client/data/local-db';
import { setFollowUpDone } from '@/client/data/today-repository';
import { uuidv7 } from '@/client/data/uuid';
import { saveVisit } from '@/client/data/visit-repository';
import type { ChecklistInput, SaveVisitInput, VisitFields } from '@/client/data/visit-types';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { syncNow, type SyncOutcome } from '@/client/sync/sync-now';
import { currentTemplate } from '@/shared/checklists';
import type { ChecklistItemState } from '@/shared/domain/checklist-state';
import { visitFieldsSchema } from '@/shared/domain/visit';

export type BenchSession = { token: string; userId: string; organisationId: string };

/** Where a sync run's time went, as the page saw it. */
export type SyncRun = {
  totalMs: number;
  outcome: SyncOutcome;
  requests: number;
  /** In the API layer: fetch over loopback (server included), JSON parse and the zod check of each answer. */
  apiMs: number;
  /** The rest: reading the outbox and writing each answer with its cursor (applyPage) in Dexie. */
  localMs: number;
  /** Response bodies of /api/sync as they crossed the wire (brotli: the browser accepts it). */
  responseBytes: number;
  /** The same bodies decoded: the JSON the phone parsed. */
  decodedBytes: number;
  requestBytes: number;
};

const databases = new Map<string, LocalDb>();

async function freshDb(name: string): Promise<LocalDb> {
  databases.get(name)?.close();
  await Dexie.delete(name);
  const db = new LocalDb(name);
  await db.open();
  databases.set(name, db);
  return db;
}

function dbNamed(name: string): LocalDb {
  const db = databases.get(name);
  if (!db) throw new Error(`no bench database ${name}: run the pull first`);
  return db;
}

/** The app's API with its push timed (the only call syncNow makes per exchange, besides regions once). */
function timedApi(token: string): { api: SyncApi; spent: { ms: number; requests: number; sent: number } } {
  const api = createSyncApi(token);
  const spent = { ms: 0, requests: 0, sent: 0 };
  const push: SyncApi['push'] = async (body) => {
    const started = performance.now();
    try {
      return await api.push(body);
    } finally {
      spent.ms += performance.now() - started;
      spent.requests += 1;
      spent.sent += JSON.stringify(body).length;
    }
  };
  return { api: { ...api, push }, spent };
}

async function timedSync(db: LocalDb, session: BenchSession): Promise<SyncRun> {
  performance.setResourceTimingBufferSize(5_000);
  performance.clearResourceTimings();
  const { api, spent } = timedApi(session.token);
  const started = performance.now();
  const outcome = await syncNow(db, api, session.userId);
  const totalMs = performance.now() - started;
  const responses = performance
    .getEntriesByType('resource')
    .filter((entry): entry is PerformanceResourceTiming => entry.name.endsWith('/api/sync'));
  return {
    totalMs,
    outcome,
    requests: spent.requests,
    apiMs: spent.ms,
    localMs: totalMs - spent.ms,
    responseBytes: responses.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
    decodedBytes: responses.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
    requestBytes: spent.sent,
  };
}

/** A new phone's first sync: an empty database, the cursor at the start, the whole caseload coming down. */
async function firstSync(name: string, session: BenchSession) {
  const db = await freshDb(name);
  const run = await timedSync(db, session);
  const counts = { businesses: await db.businesses.count(), visits: await db.visits.count() };
  return { run, counts };
}

/**
 * The floor under the first sync: the same records, already in memory, written with one Dexie
 * bulkPut per table into an empty database with the app's schema (same indexes).
 */
async function rawWrite(sourceName: string, rawName: string) {
  const source = dbNamed(sourceName);
  const businesses = await source.businesses.toArray();
  const visits = await source.visits.toArray();
  const raw = await freshDb(rawName);
  const started = performance.now();
  await raw.businesses.bulkPut(businesses);
  await raw.visits.bulkPut(visits);
  const ms = performance.now() - started;
  raw.close();
  databases.delete(rawName);
  await Dexie.delete(rawName);
  return { ms, rows: businesses.length + visits.length };
}

// --- Filling the outbox as the screens do ---------------------------------------------------------

function ticked(kind: ChecklistInput['kind'], count: number): ChecklistInput {
  const template = currentTemplate(kind);
  const items: Record<string, ChecklistItemState> = {};
  for (const item of template.items.slice(0, count))
    items[item.id] = { done: true, evidence: null, note: null };
  return { kind, templateVersion: template.version, items };
}

/** A new visit as the form saves it: the visit, `followUps` follow-up actions, one checklist. */
function newVisit(session: BenchSession, businessId: string, followUps: number, at: number): SaveVisitInput {
  const fields: VisitFields = visitFieldsSchema.parse({
    businessId,
    coachId: session.userId,
    visitedAt: new Date(at).toISOString(),
    kind: 'follow_up',
    topics: ['packaging', 'licensing'],
    notes: 'Kemasan masih plastik polos; sarankan standing pouch dan label dengan komposisi.',
    problems: 'Belum punya izin edar.',
    advice: 'Daftar NIB lewat OSS, lalu ajukan SPP-IRT.',
    monthlySales: 7_500_000,
    employees: 2,
  });
  return {
    visitId: uuidv7(at),
    draftId: null,
    fields,
    followUps: Array.from({ length: followUps }, (_, i) => ({
      id: uuidv7(at),
      what: i === 0 ? 'Daftar NIB lewat OSS' : 'Foto ulang produk dengan latar putih',
      who: 'Pemilik',
      dueOn: new Date(at + (7 + i) * 86_400_000).toISOString().slice(0, 10),
    })),
    checklists: [ticked('packaging', 3)],
    photos: [],
  };
}

/** The businesses a coach works on this week: a spread of the caseload. */
async function someBusinessIds(db: LocalDb, count: number, offset: number): Promise<string[]> {
  const all = await db.businesses.orderBy('id').primaryKeys();
  const step = Math.max(1, Math.floor(all.length / count));
  return Array.from({ length: count }, (_, i) => all[(offset + i * step) % all.length] ?? '');
}

/**
 * Earlier days' work, already synced: `visits` new visits with a follow-up and a checklist each.
 * Gives the timed mix follow-ups to tick done and checklists to tick further.
 */
async function earlierWork(name: string, session: BenchSession, visits: number) {
  const db = dbNamed(name);
  const ids = await someBusinessIds(db, visits, 7);
  const start = Date.now() - 3 * 86_400_000;
  for (const [i, businessId] of ids.entries()) {
    await saveVisit(
      db,
      { id: session.userId, organisationId: session.organisationId },
      newVisit(session, businessId, 1, start + i * 60_000),
    );
  }
  const run = await timedSync(db, session);
  if (!run.outcome.ok || run.outcome.rejected > 0)
    throw new Error(`earlier work did not sync: ${JSON.stringify(run.outcome)}`);
  return { queued: run.outcome.pushed };
}

export type MixPlan = {
  newVisits: number;
  followUpsDone: number;
  checklistTicks: number;
  businessEdits: number;
};

/**
 * A busy offline stretch, queued through the app's repositories: new visits (each a visit, a
 * follow-up and a checklist: three entries), follow-ups ticked done, checklists of earlier visits
 * ticked further (the visit re-saved from its form), and business profiles edited.
 */
async function queueMix(name: string, session: BenchSession, plan: MixPlan) {
  const db = dbNamed(name);
  const user = { id: session.userId, organisationId: session.organisationId };
  const before = await db.outbox.count();
  const now = Date.now();

  const ids = await someBusinessIds(db, plan.newVisits, 11);
  for (const [i, businessId] of ids.entries())
    await saveVisit(db, user, newVisit(session, businessId, 1, now + i));

  const open = (await db.followUps.toArray()).filter((row) => row.doneAt === null && !row.deletedAt);
  for (const row of open.slice(0, plan.followUpsDone)) await setFollowUpDone(db, row.id, true);

  // Earlier visits (not today's) re-opened and saved with one more packaging item ticked.
  const states = (await db.checklistStates.toArray()).filter(
    (row) => row.createdAt < new Date(now).toISOString(),
  );
  const fieldNames = Object.keys(visitFieldsSchema.shape) as Array<keyof VisitFields>;
  for (const state of states.slice(0, plan.checklistTicks)) {
    const visit = await db.visits.get(state.visitId);
    if (!visit) continue;
    const followUps = await db.followUps.where('visitId').equals(visit.id).toArray();
    const fields = Object.fromEntries(fieldNames.map((field) => [field, visit[field]])) as VisitFields;
    const more = ticked('packaging', Object.keys(state.items).length + 1);
    await saveVisit(db, user, {
      visitId: visit.id,
      draftId: null,
      fields,
      followUps: followUps.map((row) => ({ id: row.id, what: row.what, who: row.who, dueOn: row.dueOn })),
      checklists: [more],
      photos: [],
    });
  }

  const edited = await someBusinessIds(db, plan.businessEdits, 13);
  for (const [i, id] of edited.entries()) {
    const current = await db.businesses.get(id);
    if (!current) continue;
    await updateBusiness(db, { ...user, role: 'coach' }, id, {
      ...fieldsOf(current),
      employees: (current.employees ?? 0) + 1,
      phone: `+62813${String(50_000_000 + i)}`,
    });
  }
  return { queued: (await db.outbox.count()) - before };
}

/** Pushes whatever the outbox holds (and pulls the answers), timed. */
function pushOutbox(name: string, session: BenchSession): Promise<SyncRun> {
  return timedSync(dbNamed(name), session);
}

/** One visit as the coach saves it (visit, two follow-ups, a checklist), then the sync that sends it. */
async function typicalVisit(name: string, session: BenchSession, index: number) {
  const db = dbNamed(name);
  const [businessId = ''] = await someBusinessIds(db, 1, 101 + index * 37);
  await saveVisit(
    db,
    { id: session.userId, organisationId: session.organisationId },
    newVisit(session, businessId, 2, Date.now()),
  );
  const queued = await db.outbox.count();
  return { queued, run: await timedSync(db, session) };
}

async function drop(name: string) {
  databases.get(name)?.close();
  databases.delete(name);
  await Dexie.delete(name);
}

const api = { firstSync, rawWrite, earlierWork, queueMix, pushOutbox, typicalVisit, drop };
export type SyncBenchPage = typeof api;
(globalThis as unknown as { binaanSyncBench: SyncBenchPage }).binaanSyncBench = api;
