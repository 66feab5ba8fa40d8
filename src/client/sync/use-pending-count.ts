import { useLiveQuery } from 'dexie-react-hooks';
import { localDb, type LocalDb } from '@/client/data/local-db';
import { pendingCount } from '@/client/data/outbox';

/** Outbox entries not yet acknowledged; live, so the header updates the moment a write or a sync lands. */
export function usePendingCount(db: LocalDb = localDb): number {
  return useLiveQuery(() => pendingCount(db), [db], 0);
}
