/**
 * The one conflict rule (sync.md), the same on the phone and on the server: per field, the value
 * with the higher hybrid-logical clock wins. HLC strings end in the device id, so equal instants
 * are broken by device id and every replica picks the same winner in any order of arrival.
 *
 * - A field without a clock on one side counts as older than any clocked write (the empty string
 *   sorts first); two missing clocks mean "no newer information", so the incoming value is taken.
 * - A tombstone beats a concurrent edit: once either side has `deletedAt`, the row stays deleted.
 * - Fields one side does not know (a newer app version's) are kept, never dropped.
 */
import { SYNC_META_FIELDS } from '../domain/common';

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
