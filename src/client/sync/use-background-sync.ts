/**
 * The shell's hook for sync while the app is open. It only holds the state the header shows; the
 * engine (background-sync.ts: the leader tab, the triggers, the runs) loads once the first screen
 * is drawn and the page idle, so its code is not among what a phone downloads before Today.
 */
import { useEffect, useState } from 'react';
import { afterFirstScreen } from '@/client/components/when-idle';
import { localDb, type LocalDb } from '@/client/data/local-db';
import type { SyncOutcome } from './sync-now';

export type SyncState = { running: boolean; last: SyncOutcome | null; leader: boolean };

/** Keeps the phone and the server in step while someone is signed in (background-sync.ts). */
export function useBackgroundSync(
  session: { token: string; userId: string } | null,
  db: LocalDb = localDb,
): SyncState {
  const [state, setState] = useState<SyncState>({ running: false, last: null, leader: false });
  const token = session?.token ?? null;
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!token || !userId) return;
    let stopped = false;
    let stop: (() => void) | undefined;
    const cancelIdle = afterFirstScreen(() => {
      void import('./background-sync').then(({ startBackgroundSync }) => {
        if (!stopped) stop = startBackgroundSync({ token, userId }, db, setState);
      });
    });
    return () => {
      stopped = true;
      cancelIdle();
      stop?.();
    };
  }, [db, token, userId]);

  return state;
}
