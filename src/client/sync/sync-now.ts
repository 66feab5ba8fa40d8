/**
 * One sync run: the outbox goes up in numbered batches and what changed comes down, through
 * POST /api/sync (sync.md, "The exchange"), until the outbox is empty and the server has nothing more.
 *
 * Invariants:
 * - An outbox entry leaves the phone only when an answer says the server has applied its number
 *   (`lastMutationId`); a lost answer means the same batch goes again, and the server skips what it
 *   already applied. Nothing is removed on a guess.
 * - Removing acknowledged entries, remembering rejections and writing the pulled page with its
 *   cursor happen in ONE transaction: an interrupted run leaves either all of it or none.
 * - A rejected entry is removed like an applied one (the server recorded it; it must not block the
 *   rest) and kept in `meta` with the server's reason, so the coach can see what was refused and why.
 * - On a gap (409) the server says what it has; entries up to there were applied, so they go, and
 *   the batch is sent again from the next number.
 * - A deactivated account's phone still hands its outbox over (the server applies it and answers
 *   `signOut`, sending nothing down); the run ends with `accountClosed` only once the outbox is
 *   empty, so signing out never leaves an unsent entry behind. Local rows stay, and refused entries
 *   keep their reasons like any other rejection.
 */
import { PROTOCOL_VERSION, SYNCED_TABLES } from '@/shared/sync/protocol';
import { readMeta, writeMeta, type LocalDb } from '@/client/data/local-db';
import { getClientId, META_CURSOR } from '@/client/data/outbox';
import { loadRegions, saveRegions } from '@/client/data/reference-repository';
import { applyPage, ensureDataBelongsTo, META_LAST_PULL_AT, pageTables, PULL_PAGE_SIZE } from './pull';
import { META_RESYNC, removeUnseen, retryPendingRemovals } from './local-removal';
import type { ApiFailure, PushAnswer, PushBody, SyncApi } from './sync-api';
import { META_LAST_SYNC_AT, META_REJECTIONS, type StoredRejection } from './sync-meta';

/** Entries per request (the server takes at most 200). */
export const PUSH_BATCH_SIZE = 200;
/**
 * Bytes of mutations one request carries at most (the server takes 1 MB of JSON). Two hundred
 * visits with long notes would pass that; a batch is cut at this size, and halved again whenever
 * the server still answers 413, so a server with a smaller limit never leaves the outbox stuck.
 */
export const PUSH_BATCH_BYTES = 512 * 1024;
/** Rejections kept for the coach to read; the oldest go first. */
const REJECTIONS_KEPT = 200;
/** A run stops after this many exchanges (a city's first download is about 25 pages of 5,000). */
const MAX_ROUNDS = 2_000;

export type SyncOutcome = {
  ok: boolean;
  /** `accountClosed`: the account was deactivated and the whole outbox has been handed over. */
  failure?: ApiFailure | 'pendingOtherUser' | 'gap' | 'accountClosed';
  /** Entries the server acknowledged (applied or rejected) in this run. */
  pushed: number;
  rejected: number;
  pages: number;
  rows: number;
  /** Whether the server asked for a full resync (410) and this run did it. */
  resynced?: boolean;
};

/** Removes acknowledged entries, keeps rejections and writes the pulled page, atomically. */
async function acknowledge(
  db: LocalDb,
  answer: PushAnswer,
  now: number,
  seen: Set<string> | undefined,
  fresh: boolean,
): Promise<{ removed: number; rows: number }> {
  return db.transaction('rw', pageTables(db), async () => {
    const done = await db.outbox.where('mutationId').belowOrEqual(answer.lastMutationId).toArray();
    if (answer.rejected.length > 0) {
      const byId = new Map(done.map((entry) => [entry.mutationId, entry]));
      const kept = (await readMeta<StoredRejection[]>(db, META_REJECTIONS)) ?? [];
      const known = new Set(kept.map((rejection) => rejection.mutationId));
      const at = new Date(now).toISOString();
      for (const rejection of answer.rejected) {
        const entry = byId.get(rejection.mutationId);
        // Only entries leaving the outbox now: a repeated reason for an entry gone earlier is known.
        if (!entry || known.has(rejection.mutationId)) continue;
        kept.push({
          mutationId: rejection.mutationId,
          table: entry.table,
          rowId: entry.rowId,
          reason: rejection.reason,
          message: rejection.message,
          at,
        });
      }
      await writeMeta(db, META_REJECTIONS, kept.slice(-REJECTIONS_KEPT));
    }
    await db.outbox.bulkDelete(done.map((entry) => entry.mutationId));
    const rows = await applyPage(db, answer, now, seen, fresh);
    return { removed: done.length, rows };
  });
}

/** Pushes the whole outbox and pulls until the server has nothing more; stops at the first failure. */
export async function syncNow(db: LocalDb, api: SyncApi, userId: string): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { ok: false, pushed: 0, rejected: 0, pages: 0, rows: 0 };
  if (!(await ensureDataBelongsTo(db, userId))) return { ...outcome, failure: 'pendingOtherUser' };
  if (!(await loadRegions(db))) {
    const regions = await api.regions();
    if (regions.ok) await saveRegions(db, regions.value);
  }
  const clientId = await getClientId(db);
  let gapsInARow = 0;
  // During a full resync: every row id the server sends again (what it does not send goes at the end).
  let seen: Set<string> | undefined;
  const startResync = async () => {
    await db.transaction('rw', db.meta, async () => {
      if (!(await readMeta<string>(db, META_RESYNC)))
        await writeMeta(db, META_RESYNC, new Date().toISOString());
      await writeMeta(db, META_CURSOR, '0');
    });
    seen = new Set();
    outcome.resynced = true;
  };
  if (await readMeta<string>(db, META_RESYNC)) await startResync();
  // A new phone (nothing pulled, nothing stored): pages need not be read back before they are written.
  const fresh = ((await readMeta<string>(db, META_CURSOR)) ?? '0') === '0' && (await isEmpty(db));
  let batchSize = PUSH_BATCH_SIZE;
  type Answer = Awaited<ReturnType<SyncApi['push']>>;
  let next: { cursor: string; answer: Promise<Answer> } | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const queued = await db.outbox
      .orderBy('mutationId')
      .limit(batchSize + 1)
      .toArray();
    const batch = withinBytes(queued.slice(0, batchSize), PUSH_BATCH_BYTES);
    // The whole outbox goes up before anything comes down: every entry then reaches the server with
    // the cursor the phone had when the entry was written (a business moved away meanwhile still
    // takes what the coach saved before the phone heard of the move).
    const moreAfter = queued.length > batch.length;
    const cursor = (await readMeta<string>(db, META_CURSOR)) ?? '0';
    const body: PushBody = {
      clientId,
      schemaVersion: PROTOCOL_VERSION,
      cursor,
      limit: moreAfter ? 0 : PULL_PAGE_SIZE,
      mutations: batch,
    };
    const asked: Promise<Answer> | null =
      next !== null && batch.length === 0 && next.cursor === cursor ? next.answer : null;
    next = null;
    const result: Answer = await (asked ?? api.push(body));
    if (!result.ok && result.failure === 'expired') {
      // The phone missed deletes the server has since purged: send the outbox again with cursor 0
      // (nothing of this request was applied) and take everything down afresh.
      if (cursor === '0') return { ...outcome, failure: 'server' };
      await startResync();
      continue;
    }
    if (!result.ok && result.failure === 'gap') {
      // Entries up to the server's number were applied (their answer was lost): they go; resend the rest.
      const removed = await db.outbox.where('mutationId').belowOrEqual(result.lastMutationId).delete();
      outcome.pushed += removed;
      gapsInARow += 1;
      if (removed === 0 || gapsInARow > 3) return { ...outcome, failure: 'gap' };
      continue;
    }
    if (!result.ok && result.status === 413 && batch.length > 1) {
      // The server takes less than we sent: send the same entries in smaller requests.
      batchSize = Math.ceil(batch.length / 2);
      continue;
    }
    if (!result.ok) return { ...outcome, failure: result.failure };
    gapsInARow = 0;
    // Only pulling now: ask for the next page before writing this one, so the server's and the
    // network's time passes while the phone writes (a first sync is ~60 pages). Used only if the
    // next round still pushes nothing from the same cursor; otherwise it is dropped unread.
    if (batch.length === 0 && result.value.hasMore) {
      const ahead: PushBody = { ...body, cursor: result.value.cursor };
      next = { cursor: ahead.cursor, answer: api.push(ahead) };
    }
    const { removed, rows } = await acknowledge(db, result.value, Date.now(), seen, fresh && !seen);
    outcome.pushed += removed;
    outcome.rejected += result.value.rejected.filter((r) =>
      batch.some((e) => e.mutationId === r.mutationId),
    ).length;
    outcome.pages += 1;
    outcome.rows += rows;
    const more = (await db.outbox.count()) > 0;
    if (result.value.signOut) {
      // Deactivated: nothing comes down (no resync to finish, nothing to remove); send the rest first.
      if (!more) return { ...outcome, failure: 'accountClosed' };
      if (batch.length > 0 && removed === 0) return { ...outcome, failure: 'server' };
      continue;
    }
    if (!more && !result.value.hasMore) {
      // Whatever the full resync did not bring back is gone on the server (or out of scope).
      if (seen) outcome.rows += await removeUnseen(db, seen);
      await retryPendingRemovals(db);
      const at = new Date().toISOString();
      await writeMeta(db, META_LAST_SYNC_AT, at);
      await writeMeta(db, META_LAST_PULL_AT, at);
      return { ...outcome, ok: true };
    }
    // An answer that acknowledged nothing of a non-empty batch would loop forever: stop and retry later.
    if (batch.length > 0 && removed === 0) return { ...outcome, failure: 'server' };
  }
  return { ...outcome, failure: 'server' };
}

/** The leading entries of `entries` whose JSON fits in `maxBytes` (always at least one). */
function withinBytes<T>(entries: readonly T[], maxBytes: number): T[] {
  const encoder = new TextEncoder();
  let bytes = 0;
  const fitting: T[] = [];
  for (const entry of entries) {
    bytes += encoder.encode(JSON.stringify(entry)).length + 1;
    if (fitting.length > 0 && bytes > maxBytes) break;
    fitting.push(entry);
  }
  return fitting;
}

async function isEmpty(db: LocalDb): Promise<boolean> {
  for (const table of SYNCED_TABLES) {
    if ((await db.table(table).limit(1).primaryKeys()).length > 0) return false;
  }
  return true;
}
