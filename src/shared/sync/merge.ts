/**
 * The one conflict rule (sync.md), the same on the phone and on the server: per field, the value
 * with the higher hybrid-logical clock wins. HLC strings end in the device id, so equal instants
 * are broken by device id and every replica picks the same winner in any order of arrival.
 *
 * - A field without a clock on one side counts as older than any clocked write (the empty string
 *   sorts first); two missing clocks mean "no newer information", so the incoming value is taken.
 * - A tombstone beats a concurrent edit: once either side has `deletedAt`, the row stays deleted.
 * - Fields one side does not know (a newer app version's) are kept, never dropped.
 * - Rows may keep a clock shared by many fields under `*` (clocks.ts); the merge expands both
 *   sides first and compacts what it keeps.
 * - On the phone, a pulled field with nothing left in the outbox takes the server's value whatever
 *   the clocks say (`mergePulled`): the server has already judged every write the phone sent.
 */
import { SYNC_META_FIELDS } from '../domain/common';
import { compactClocks, expandClocks } from './clocks';

export type Clocked = {
  clocks: Record<string, string>;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type LostField = { field: string; value: unknown; clock: string };

export type MergeResult<T> = {
  row: T;
  /** Whether anything differs from `local`. */
  changed: boolean;
  /** Local values that an incoming, newer write replaced (for the conflicts table of long texts). */
  lost: LostField[];
};

const META = new Set<string>(SYNC_META_FIELDS);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Merges `incoming` (a whole row with its field clocks) into `local`, field by field. */
export function mergeRow<T extends Clocked>(local: T | undefined, incoming: T): MergeResult<T> {
  if (!local) return { row: incoming, changed: true, lost: [] };
  const merged = mergeExpanded(expandClocks(local), expandClocks(incoming));
  return { ...merged, row: { ...merged.row, clocks: compactClocks(merged.row.clocks) } };
}

function mergeExpanded<T extends Clocked>(local: T, incoming: T): MergeResult<T> {
  const merged: Record<string, unknown> = { ...local };
  const clocks: Record<string, string> = { ...local.clocks };
  const lost: LostField[] = [];
  let changed = false;
  const incomingRecord = incoming as unknown as Record<string, unknown>;
  for (const field of Object.keys(incomingRecord)) {
    if (META.has(field) || field === 'version') continue;
    const incomingClock = incoming.clocks[field] ?? '';
    const localClock = local.clocks[field] ?? '';
    if (incomingClock < localClock) continue;
    const value = incomingRecord[field];
    const localValue = merged[field];
    if (!sameValue(localValue, value)) {
      if (localClock !== '') lost.push({ field, value: localValue, clock: localClock });
      merged[field] = value;
      changed = true;
    }
    if (incomingClock !== '' && clocks[field] !== incomingClock) {
      clocks[field] = incomingClock;
      changed = true;
    }
  }
  const deletedAt = local.deletedAt ?? incoming.deletedAt;
  if (deletedAt !== local.deletedAt) changed = true;
  const deleteClock = [local.clocks.deletedAt ?? '', incoming.clocks.deletedAt ?? ''].sort().pop() ?? '';
  if (deleteClock !== '') clocks.deletedAt = deleteClock;
  const updatedAt = incoming.updatedAt > local.updatedAt ? incoming.updatedAt : local.updatedAt;
  if (updatedAt !== local.updatedAt) changed = true;
  return {
    row: { ...(merged as T), clocks, deletedAt, updatedAt, createdAt: local.createdAt },
    changed,
    lost,
  };
}

/**
 * Merges a row pulled from the server into the phone's copy. Fields with a change still in the
 * phone's outbox (`pending`; `deletedAt` for a pending delete) merge by clock as in `mergeRow`, so
 * unsent edits survive a pull. Every other field takes the server's value and clock: the server has
 * already merged each write this phone sent, and may have pulled a fast clock back or refused the
 * write, so the phone's own (higher) clock no longer means its value is the newer one. Without this
 * a phone whose clock ran ahead, or whose edit was refused, would keep its value for good.
 */
export function mergePulled<T extends Clocked>(
  local: T | undefined,
  incoming: T,
  pending: ReadonlySet<string>,
): MergeResult<T> {
  if (!local) return mergeRow(local, incoming);
  local = expandClocks(local);
  incoming = expandClocks(incoming);
  const merged = mergeExpanded(local, incoming);
  const row = { ...merged.row, clocks: { ...merged.row.clocks } };
  const target = row as unknown as Record<string, unknown>;
  const before = local as unknown as Record<string, unknown>;
  const source = incoming as unknown as Record<string, unknown>;
  let changed = merged.changed;
  const settled = Object.keys(source).filter(
    (field) => (!META.has(field) || field === 'deletedAt') && field !== 'version' && !pending.has(field),
  );
  for (const field of settled) {
    target[field] = source[field];
    const clock = incoming.clocks[field];
    if (clock === undefined) delete row.clocks[field];
    else row.clocks[field] = clock;
    if (!sameValue(before[field], source[field]) || local.clocks[field] !== clock) changed = true;
  }
  return { row: { ...row, clocks: compactClocks(row.clocks) }, changed, lost: merged.lost };
}
