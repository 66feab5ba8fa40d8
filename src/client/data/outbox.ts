/**
 * The outbox: every local write to a synced table goes through `writeWithOutbox`, which puts the row
 * and its numbered mutation in ONE read-write transaction. Either both land or neither does, so the
 * server can never miss a change the coach saw saved, and never receive one the phone rolled back.
 *
 * Invariants (sync.md):
 * - mutationIds increase by exactly 1 per device, without gaps: the counter lives in `meta` and is
 *   advanced inside the same transaction, so an aborted write gives its number back.
 * - every changed field carries a fresh HLC, never behind the previous one issued on this device,
 *   and the clock it had before (`baseClocks`), so the server can tell an edit of what the coach saw
 *   from a concurrent one.
 * - clientId is a UUIDv7 made once per device (per IndexedDB) and kept in `meta`.
 */
import type { Mutation } from '@/shared/sync/protocol';
import { PROTOCOL_VERSION, type SyncedTable } from '@/shared/sync/tables';
import { clockOf, compactClocks, expandClocks } from '@/shared/sync/clocks';
import { formatHlc, parseHlc, tickHlc, type Hlc } from '@/shared/sync/hlc';
import { readMeta, writeMeta, type LocalDb, type SyncedRows } from './local-db';
import { uuidv7 } from './uuid';

export const META_CLIENT_ID = 'clientId';
export const META_NEXT_MUTATION_ID = 'nextMutationId';
export const META_LAST_HLC = 'lastHlc';
export const META_CLOCK_OFFSET = 'clockOffset';
export const META_CURSOR = 'cursor';

/** This device's sync identity; made on first use inside whatever transaction is running. */
export async function getClientId(db: LocalDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await readMeta<string>(db, META_CLIENT_ID);
    if (existing) return existing;
    const clientId = uuidv7();
    await writeMeta(db, META_CLIENT_ID, clientId);
    return clientId;
  });
}

export type WriteOptions = {
  /** Defaults to 'delete' when the row carries a tombstone, else 'upsert'. */
  op?: Mutation['op'];
  /**
   * Changed fields whose stored value the person did not see (a pull changed it while their form
   * was open): sent without a base clock, so the server keeps the text they replace as a conflict.
   */
  unseen?: readonly string[];
  now?: number;
};

/**
 * Saves `row` in `table` and queues the mutation describing `changedFields`. Joins an enclosing
 * transaction when there is one (so a caller can save a visit and its photos atomically).
 */
export async function writeWithOutbox<T extends SyncedTable>(
  db: LocalDb,
  table: T,
  row: SyncedRows[T],
  changedFields: ReadonlyArray<keyof SyncedRows[T] & string>,
  options: WriteOptions = {},
): Promise<Mutation> {
  const target = db.table<SyncedRows[T], string>(table);
  return db.transaction('rw', target, db.outbox, db.meta, async () => {
    const clientId = await getClientId(db);
    const mutationId = (await readMeta<number>(db, META_NEXT_MUTATION_ID)) ?? 1;
    const offset = (await readMeta<number>(db, META_CLOCK_OFFSET)) ?? 0;
    const lastText = await readMeta<string>(db, META_LAST_HLC);
    const last: Hlc = lastText ? parseHlc(lastText) : { millis: 0, counter: 0, node: clientId };
    const clock = formatHlc(tickHlc({ ...last, node: clientId }, (options.now ?? Date.now()) + offset));

    const clocks: Record<string, string> = { ...expandClocks(row).clocks };
    const fields: Record<string, unknown> = {};
    for (const field of changedFields) {
      clocks[field] = clock;
      fields[field] = row[field];
    }
    const saved: SyncedRows[T] = { ...row, clocks: compactClocks(clocks) };

    const baseClocks: Record<string, string> = {};
    for (const field of changedFields) {
      if (options.unseen?.includes(field)) continue;
      const base = clockOf(row.clocks, field);
      if (base !== '') baseClocks[field] = base;
    }
    const mutation: Mutation = {
      mutationId,
      table,
      rowId: row.id,
      op: options.op ?? (row.deletedAt ? 'delete' : 'upsert'),
      fields,
      clocks: Object.fromEntries(changedFields.map((field) => [field, clock])),
      baseClocks,
      schemaVersion: PROTOCOL_VERSION,
      createdAt: new Date(options.now ?? Date.now()).toISOString(),
    };

    await target.put(saved);
    await db.outbox.add(mutation);
    await writeMeta(db, META_NEXT_MUTATION_ID, mutationId + 1);
    await writeMeta(db, META_LAST_HLC, clock);
    return mutation;
  });
}

/** Mutations not yet acknowledged by the server. */
export function pendingCount(db: LocalDb): Promise<number> {
  return db.outbox.count();
}
