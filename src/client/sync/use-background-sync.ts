import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { localDb, type LocalDb } from '@/client/data/local-db';
import { SYNC_NOW_EVENT } from './sync-events';
import type { SyncOutcome } from './sync-now';

/** While the app is open it syncs at least this often (sync.md: every 30-60 s). */
const SYNC_EVERY_MS = 45_000;
/** A burst of saves (a visit with its follow-ups and photos) goes up as one run shortly after. */
const AFTER_WRITE_MS = 2_000;
/** Only one tab of the app syncs at a time (sync.md): the one holding this Web Lock. */
export const SYNC_LOCK = 'binaan-sync';

export type SyncState = { running: boolean; last: SyncOutcome | null };

/**
 * Keeps the phone and the server in step while the app is open: pushes the outbox and pulls what
 * changed right after sign-in, shortly after local saves, when the connection comes back, when the
 * app comes to the front, and every 45 s. One run at a time, and in one tab at a time (Web Locks
 * where the browser has them); offline it does nothing and the screens keep reading the phone.
 */
export function useBackgroundSync(
  session: { token: string; userId: string } | null,
  db: LocalDb = localDb,
): SyncState {
  const [state, setState] = useState<SyncState>({ running: false, last: null });
  const token = session?.token ?? null;
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!token || !userId) return;
    let running = false;
    let stopped = false;
    let again = false;
    let soon: number | undefined;
    // The sync code and the entity schemas it validates with load after the first screen has painted.
    const modules = Promise.all([import('./sync-now'), import('./sync-api'), import('./upload-photos')]);
    // Screens fetch other devices' photos on demand through the signed-in user's API.
    const photoDownloads = Promise.all([import('./photo-download'), import('./sync-api')]).then(
      ([download, { createSyncApi }]) => {
        if (!stopped) download.setPhotoSource({ db, api: createSyncApi(token) });
        return download;
      },
    );
    const once = async () => {
      setState((s) => ({ ...s, running: true }));
      let outcome: SyncOutcome;
      try {
        const [{ syncNow }, { createSyncApi }, { uploadPhotos }] = await modules;
        const api = createSyncApi(token);
        outcome = await syncNow(db, api, userId);
        // Text first, then the photos' bytes one by one (a visit is on the server before its photos).
        if (outcome.ok) await uploadPhotos(db, api);
      } catch {
        outcome = { ok: false, failure: 'server', pushed: 0, rejected: 0, pages: 0, rows: 0 };
      }
      if (!stopped) setState({ running: false, last: outcome });
    };
    const run = async () => {
      if (stopped || !navigator.onLine) return;
      if (running) {
        again = true; // a save during a run goes up right after it
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
          if (locks) {
            // Another tab syncing now is enough: this one skips rather than queueing behind it.
            await locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => {
              if (lock) await once();
            });
          } else {
            await once();
          }
        } while (again && !stopped);
      } finally {
        running = false;
      }
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void run();
    };
    const onOnline = () => void run();
    let lastCount = -1;
    const outbox = liveQuery(() => db.outbox.count()).subscribe({
      next: (count) => {
        if (count > lastCount && lastCount !== -1) {
          window.clearTimeout(soon);
          soon = window.setTimeout(() => void run(), AFTER_WRITE_MS);
        }
        lastCount = count;
      },
      error: () => undefined,
    });
    void run();
    const timer = window.setInterval(() => void run(), SYNC_EVERY_MS);
    window.addEventListener('online', onOnline);
    window.addEventListener(SYNC_NOW_EVENT, onOnline);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener(SYNC_NOW_EVENT, onOnline);
      stopped = true;
      void photoDownloads.then((download) => download.setPhotoSource(null));
      outbox.unsubscribe();
      window.clearTimeout(soon);
      window.clearInterval(timer);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [db, token, userId]);

  return state;
}
