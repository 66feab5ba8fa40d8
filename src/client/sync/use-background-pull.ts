import { useEffect, useState } from 'react';
import { localDb, type LocalDb } from '@/client/data/local-db';
import type { PullOutcome } from './pull';

const PULL_EVERY_MS = 60_000;

export type PullState = { running: boolean; last: PullOutcome | null };

/**
 * Keeps the phone's copy fresh while the app is open: right after sign-in (the first download), when
 * the connection comes back, when the app comes to the front, and every minute. One pull at a time;
 * offline it simply does nothing and the screens keep reading what is on the phone.
 */
export function useBackgroundPull(
  session: { token: string; userId: string } | null,
  db: LocalDb = localDb,
): PullState {
  const [state, setState] = useState<PullState>({ running: false, last: null });
  const token = session?.token ?? null;
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!token || !userId) return;
    let running = false;
    let stopped = false;
    // The pull and the entity schemas it validates with load after the first screen has painted.
    const modules = Promise.all([import('./pull'), import('./sync-api')]);
    const run = async () => {
      if (running || stopped || !navigator.onLine) return;
      running = true;
      setState((s) => ({ ...s, running: true }));
      let outcome: PullOutcome;
      try {
        const [{ pullAll }, { createSyncApi }] = await modules;
        outcome = await pullAll(db, createSyncApi(token), userId);
      } catch {
        outcome = { ok: false, failure: 'server', pages: 0, rows: 0 };
      }
      running = false;
      if (!stopped) setState({ running: false, last: outcome });
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void run();
    };
    void run();
    const timer = window.setInterval(() => void run(), PULL_EVERY_MS);
    window.addEventListener('online', run);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('online', run);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [db, token, userId]);

  return state;
}
