/**
 * Downloads what changed on the server into the phone's database, page by page.
 *
 * Invariants (sync.md):
 * - A page and the cursor after it are written in ONE transaction: an interrupted pull resumes from
 *   the last whole page and never skips or half-applies one.
 * - Pulled rows merge field by field with the shared rule (shared/sync/merge.ts): a field the coach
 *   edited on the phone and has not yet sent carries a newer clock, so the pull cannot erase it.
 *   A field with nothing left in the outbox takes the server's value (`mergePulled`): the server
 *   has weighed every write the phone sent, clamping a fast clock or refusing a write.
 * - The device's clock is moved past every pulled clock, so an edit made after a pull always
 *   outranks what the pull brought (causality across devices).
 * - The phone holds one person's data: when someone else signs in on it, the previous person's rows
 *   are removed first (never while their outbox still has unsent entries).
 */
import { mergePulled } from '@/shared/sync/merge';
import { formatHlc, parseHlc, receiveHlc, type Hlc } from '@/shared/sync/hlc';
import { SYNCED_TABLES } from '@/shared/sync/protocol';
import type { LocalDb, SyncedRows } from '@/client/data/local-db';
import { readMeta, writeMeta } from '@/client/data/local-db';
import {
  getClientId,
  META_CLIENT_ID,
  META_CLOCK_OFFSET,
  META_CURSOR,
  META_LAST_HLC,
  META_NEXT_MUTATION_ID,
} from '@/client/data/outbox';
import { loadRegions, saveRegions } from '@/client/data/reference-repository';
import type { ApiFailure, ChangesPage, SyncApi } from './sync-api';
import {
  keepBusinesses,
  localRemovalTables,
  META_PENDING_REMOVALS,
  META_RESYNC,
  removeBusinessesOrDefer,
} from './local-removal';

export const META_DATA_OWNER = 'dataOwner';
export const META_LAST_PULL_AT = 'lastPullAt';
/**
 * Rows per pulled page: the server's maximum. Each page is one IndexedDB transaction and one request
 * (the server's fixed cost per request is ~12 ms); a new phone's 122,000 rows came down in 18.4 s in
 * 25 pages of 5,000 against 20.8 s in 62 of 2,000 (npm run bench). 5,000 rows are ~3.7 MB of JSON;
 * a page cut off by a bad connection is fetched again whole, as before.
 */
export const PULL_PAGE_SIZE = 5000;

export type PullOutcome =
  | { ok: true; pages: number; rows: number }
  | { ok: false; failure: ApiFailure | 'pendingOtherUser'; pages: number; rows: number };

/** Empties the synced tables and the cursor when the data on the phone belongs to someone else. */
export async function ensureDataBelongsTo(db: LocalDb, userId: string): Promise<boolean> {
  return db.transaction('rw', localRemovalTables(db), async () => {
    const owner = await readMeta<string>(db, META_DATA_OWNER);
    if (owner === userId) return true;
    if (owner !== undefined) {
      if ((await db.outbox.count()) > 0) return false;
      for (const table of SYNCED_TABLES) await db.table(table).clear();
      await db.blobs.clear();
      await db.drafts.clear();
      await db.syncConflicts.clear();
      await db.meta.bulkDelete([META_CURSOR, META_PENDING_REMOVALS, META_RESYNC]);
      // The server knows a device per person: the next person's changes are numbered afresh.
      await db.meta.bulkDelete([META_CLIENT_ID, META_NEXT_MUTATION_ID]);
    }
    await writeMeta(db, META_DATA_OWNER, userId);
    return true;
  });
}

/** What writing a page touches; a caller wrapping applyPage in its own transaction must cover these. */
export const pageTables = localRemovalTables;

/**
 * Writes one page and its cursor atomically; returns how many rows changed. `seen` (during a full
 * resync) collects the id of every row the page brought.
 *
 * `fresh`: this run started on an empty phone (cursor 0, no rows). Every row already here then came
 * from an earlier page of the same run, and a row with nothing unsent takes the server's copy whole
 * (mergePulled), so only rows with an outbox entry are read back before the write. Reading 2,000
 * rows back per page, all missing, was a large part of a first sync.
 */
export async function applyPage(
  db: LocalDb,
  page: ChangesPage,
  now: number = Date.now(),
  seen?: Set<string>,
  fresh = false,
): Promise<number> {
  return db.transaction('rw', pageTables(db), async () => {
    const clientId = await getClientId(db);
    let applied = 0;
    let newest = '';
    for (const table of SYNCED_TABLES) {
      const incoming = page.changes[table] as Array<SyncedRows[typeof table]>;
      if (incoming.length === 0) continue;
      if (seen) for (const row of incoming) seen.add(row.id);
      const store = db.table<SyncedRows[typeof table], string>(table);
      const ids = incoming.map((row) => row.id);
      const pending = new Map<string, Set<string>>();
      for (const entry of await db.outbox.where('rowId').anyOf(ids).toArray()) {
        if (entry.table !== table) continue;
        const fields = pending.get(entry.rowId) ?? new Set<string>();
        for (const field of Object.keys(entry.fields)) fields.add(field);
        if (entry.op === 'delete') fields.add('deletedAt');
        pending.set(entry.rowId, fields);
      }
      const lookedUp = fresh ? ids.filter((id) => pending.has(id)) : ids;
      const found = await store.bulkGet(lookedUp);
      const existing = new Map<string, SyncedRows[typeof table]>();
      lookedUp.forEach((id, i) => {
        const row = found[i];
        if (row) existing.set(id, row);
      });
      const writes: Array<SyncedRows[typeof table]> = [];
      for (const row of incoming) {
        for (const clock of Object.values(row.clocks)) if (clock > newest) newest = clock;
        const merged = mergePulled(existing.get(row.id), row, pending.get(row.id) ?? new Set());
        if (merged.changed) writes.push(merged.row);
      }
      if (writes.length > 0) await store.bulkPut(writes);
      applied += writes.length;
    }
    // A business pulled again is in scope (again): it must not be removed by an older revocation.
    await keepBusinesses(
      db,
      page.changes.businesses.map((row) => row.id),
    );
    // The server sends a revocation only while the business is out of scope, and never in the same
    // page as that business's rows, so the order of these two steps cannot matter.
    applied += await removeBusinessesOrDefer(db, page.revokedBusinessIds);
    if (page.conflicts.length > 0) {
      // The phone's own "seen it" mark survives the same conflict arriving again (a re-assignment).
      const known = new Set(
        (await db.syncConflicts.bulkGet(page.conflicts.map((c) => c.id))).flatMap((c) => (c ? [c.id] : [])),
      );
      await db.syncConflicts.bulkPut(page.conflicts.filter((conflict) => !known.has(conflict.id)));
    }
    const offset = Date.parse(page.serverTime) - now;
    if (Number.isFinite(offset)) await writeMeta(db, META_CLOCK_OFFSET, offset);
    if (newest !== '') {
      const lastText = await readMeta<string>(db, META_LAST_HLC);
      const last: Hlc = lastText ? parseHlc(lastText) : { millis: 0, counter: 0, node: clientId };
      let next: Hlc | null = null;
      try {
        next = receiveHlc(
          { ...last, node: clientId },
          parseHlc(newest),
          now + (Number.isFinite(offset) ? offset : 0),
        );
      } catch {
        // A clock this version cannot parse: keep ours; the merge still compared it as a string.
      }
      // Outside the try: a failed write must abort the page, not be taken for an unparsable clock.
      if (next) await writeMeta(db, META_LAST_HLC, formatHlc(next));
    }
    await writeMeta(db, META_CURSOR, page.cursor);
    return applied;
  });
}

/** Pulls until the server has nothing more; stops at the first failure, keeping every whole page. */
export async function pullAll(db: LocalDb, api: SyncApi, userId: string): Promise<PullOutcome> {
  let pages = 0;
  let rows = 0;
  if (!(await ensureDataBelongsTo(db, userId)))
    return { ok: false, failure: 'pendingOtherUser', pages, rows };
  if (!(await loadRegions(db))) {
    const regions = await api.regions();
    if (regions.ok) await saveRegions(db, regions.value);
  }
  for (;;) {
    const cursor = (await readMeta<string>(db, META_CURSOR)) ?? '0';
    const result = await api.changes(cursor, PULL_PAGE_SIZE);
    if (!result.ok) return { ok: false, failure: result.failure, pages, rows };
    rows += await applyPage(db, result.value);
    pages += 1;
    if (!result.value.hasMore) break;
  }
  await writeMeta(db, META_LAST_PULL_AT, new Date().toISOString());
  return { ok: true, pages, rows };
}
