/**
 * Keeps one business search index over the phone's businesses table, fresh while the coach works.
 *
 * Freshness: a `useLiveQuery` reads a cheap change signal (row count + newest `updatedAt`); Dexie
 * re-runs it whenever the table is written (a saved profile, a pulled page of businesses). On a
 * change only the rows with `updatedAt` at or after the newest already indexed are read and
 * upserted (a tombstone carries a new `updatedAt`, so a deletion is an upsert that removes), so a
 * sync pull of 22,000 rows in pages does not rebuild 22,000 rows per page. If the table's count
 * then disagrees with the ids seen (a hard delete, or a row arriving with an older `updatedAt`),
 * the index is rebuilt from the whole table, as it is when the newest row is older than the newest
 * indexed (the table was emptied and refilled, e.g. another sign-in). Limitation: an edit that keeps the row count and
 * carries an `updatedAt` older than the newest row is not noticed until the next change; every
 * write path sets `updatedAt` to now (client) or to the server's newer time (pull).
 * The index lives at module level, so returning to the screen only checks it (milliseconds) instead of
 * rebuilding it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { Business } from '@/shared/domain/business';
import { BusinessSearchIndex } from './business-search';
import { localDb, type LocalDb } from './local-db';

type Indexed = {
  db: LocalDb;
  index: BusinessSearchIndex;
  /** Whether kelurahan/kecamatan names were known when it was built (they are indexed words). */
  withRegions: boolean;
  newest: string;
  ids: Set<string>;
  /** Bumped on every change, so memoised searches re-run. */
  version: number;
};

let current: Indexed | null = null;
let work: Promise<void> = Promise.resolve();

function newestOf(rows: readonly Business[], start = ''): string {
  let newest = start;
  for (const row of rows) if (row.updatedAt > newest) newest = row.updatedAt;
  return newest;
}

async function rebuild(db: LocalDb, nameOf: ((code: string) => string) | null): Promise<Indexed> {
  const rows = await db.businesses.toArray();
  return {
    db,
    index: BusinessSearchIndex.build(rows, nameOf ?? (() => '')),
    withRegions: nameOf !== null,
    newest: newestOf(rows),
    ids: new Set(rows.map((row) => row.id)),
    version: (current?.version ?? 0) + 1,
  };
}

async function refresh(
  db: LocalDb,
  nameOf: ((code: string) => string) | null,
  table: { count: number; newest: string },
): Promise<void> {
  const previous = current;
  if (
    !previous ||
    previous.db !== db ||
    previous.withRegions !== (nameOf !== null) ||
    // The newest row can only get newer; older means the table was emptied and refilled (sign-out).
    table.newest < previous.newest
  ) {
    current = await rebuild(db, nameOf);
    return;
  }
  const changed = await db.businesses.where('updatedAt').aboveOrEqual(previous.newest).toArray();
  for (const row of changed) previous.ids.add(row.id);
  if (previous.ids.size !== table.count) {
    current = await rebuild(db, nameOf);
    return;
  }
  previous.index.upsertMany(changed);
  current = { ...previous, newest: newestOf(changed, previous.newest), version: previous.version + 1 };
}

/** The search index (null until first built) and a version that changes whenever it does. */
export function useBusinessSearchIndex(
  nameOf: ((code: string) => string) | null,
  db: LocalDb = localDb,
): { index: BusinessSearchIndex; version: number } | null {
  const signal = useLiveQuery(async () => {
    const [count, newest] = await Promise.all([db.businesses.count(), db.businesses.orderBy('updatedAt').last()]);
    return { count, newest: newest?.updatedAt ?? '', key: `${count}/${newest?.updatedAt ?? ''}/${newest?.id ?? ''}` };
  }, [db]);
  // Not seeded from the module's index: it is shown only once a refresh has checked it against the table.
  const [state, setState] = useState<Indexed | null>(null);
  const signalKey = signal?.key;
  const count = signal?.count;
  const newest = signal?.newest;

  useEffect(() => {
    if (count === undefined || newest === undefined) return;
    let cancelled = false;
    // One refresh at a time: two overlapping ones would both upsert and both bump the version.
    work = work
      .then(() => refresh(db, nameOf, { count, newest }))
      // A failed read keeps the previous index searchable; the next change signal tries again.
      .catch((error: unknown) => console.error('business search index', error))
      .then(() => {
        if (!cancelled && current?.db === db) setState(current);
      });
    return () => {
      cancelled = true;
    };
  }, [db, nameOf, signalKey, count, newest]);

  return state ? { index: state.index, version: state.version } : null;
}
