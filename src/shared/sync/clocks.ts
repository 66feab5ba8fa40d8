/**
 * How a row's field clocks are stored and sent: compactly.
 *
 * Every field of a synced row has its own hybrid-logical clock (sync.md), about 55 characters
 * each. Most rows are written once, by one device, so 20–35 fields carry the same clock: those
 * clocks were three quarters of the bytes of a first sync and of the phone's database. A row keeps
 * that shared clock once, under `*`, and lists only the fields whose clock differs.
 *
 * - `*` stands for every clocked field of the row that has no clock of its own; `deletedAt` always
 *   keeps its own. Rows stored before this (every field listed) are valid as they are.
 * - The merge works on expanded maps (every field listed) and compacts what it keeps, so the rule
 *   itself (merge.ts) does not know about `*`.
 */
import { SYNC_META_FIELDS } from '../domain/sync-fields';

export const SHARED_CLOCK = '*';
type Clocks = Record<string, string>;
/**
 * Keys with no clock: the sync bookkeeping, the server's commit order (`version`) and the phone's
 * own key of its listed-visits index (`listedAt`, client/data/local-db.ts), which are not fields.
 */
const UNCLOCKED = new Set<string>([...SYNC_META_FIELDS, 'version', 'listedAt']);

/** The clock of `field` in a row (`''` when it has none). */
export function clockOf(clocks: Clocks, field: string): string {
  const own = clocks[field];
  if (own !== undefined) return own;
  if (field === 'deletedAt' || field === SHARED_CLOCK) return '';
  return clocks[SHARED_CLOCK] ?? '';
}

/** The row's clocks with every field listed and no `*` (the row itself unchanged when it has none). */
export function expandClocks<T extends { clocks: Clocks }>(row: T): T {
  const shared = row.clocks[SHARED_CLOCK];
  if (shared === undefined) return row;
  const clocks: Clocks = {};
  for (const field of Object.keys(row)) {
    if (!UNCLOCKED.has(field)) clocks[field] = row.clocks[field] ?? shared;
  }
  for (const [field, clock] of Object.entries(row.clocks)) {
    if (field !== SHARED_CLOCK) clocks[field] = clock;
  }
  return { ...row, clocks };
}

/** Folds the clock most fields share into `*` (when at least two share it). Expects an expanded map. */
export function compactClocks(clocks: Clocks): Clocks {
  if (clocks[SHARED_CLOCK] !== undefined) return clocks;
  const counts = new Map<string, number>();
  let shared = '';
  let best = 1;
  for (const [field, clock] of Object.entries(clocks)) {
    if (field === 'deletedAt' || field === SHARED_CLOCK) continue;
    const count = (counts.get(clock) ?? 0) + 1;
    counts.set(clock, count);
    if (count > best) {
      best = count;
      shared = clock;
    }
  }
  if (shared === '') return clocks;
  const compact: Clocks = { [SHARED_CLOCK]: shared };
  for (const [field, clock] of Object.entries(clocks)) {
    if (field === SHARED_CLOCK) continue;
    if (clock !== shared || field === 'deletedAt') compact[field] = clock;
  }
  return compact;
}
