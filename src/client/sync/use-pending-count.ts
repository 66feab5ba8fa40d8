import { useLiveQuery } from 'dexie-react-hooks';
import { localDb, type LocalDb } from '@/client/data/local-db';

/** Outbox entries not yet acknowledged; live, so the header updates the moment a write or a sync lands. */
export function usePendingCount(db: LocalDb = localDb): number {
  // The table's count directly: the outbox module (clocks, ids) stays off the first screen.
  return useLiveQuery(() => db.outbox.count(), [db], 0);
}
