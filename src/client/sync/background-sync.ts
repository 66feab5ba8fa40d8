/**
 * The engine behind useBackgroundSync (use-background-sync.ts), loaded once the first screen is
 * drawn (on Today) and the page idle (afterFirstScreen): nothing of it is needed to draw Today, and a coach's
 * phone downloads the first screen's code before anything else.
 */
import { liveQuery } from 'dexie';
import type { LocalDb } from '@/client/data/local-db';
import { announceAccountClosed, SYNC_NOW_EVENT } from './sync-events';
import type { SyncOutcome } from './sync-now';
import type { SyncState } from './use-background-sync';

/** While the app is open it syncs at least this often (sync.md: every 30-60 s). */
const SYNC_EVERY_MS = 45_000;
/** After failed runs the timer backs off (doubling up to this); a save, `online` or the button still run at once. */
const MAX_BACKOFF_MS = 10 * 60_000;
/** A burst of saves (a visit with its follow-ups and photos) goes up as one run shortly after. */
const AFTER_WRITE_MS = 2_000;
/** The tab holding this Web Lock is the one that syncs (sync.md); it holds it until it closes. */
export const SYNC_LEADER_LOCK = 'binaan-sync-leader';
/** Tabs of the app talk about sync over this BroadcastChannel. */
export const SYNC_CHANNEL = 'binaan-sync';
/** The Background Sync tag (Chromium): the service worker wakes an open tab when the network returns. */
export const BACKGROUND_SYNC_TAG = 'binaan-sync';
/** What the service worker posts to the app's windows on a Background Sync event (public/sw-sync.js). */
export const SW_SYNC_MESSAGE = 'binaan-sync-now';

/** How long the timer waits after `failuresInARow` failed runs: 0, then 45 s doubling up to 10 min. */
export function backoffDelay(failuresInARow: number): number {
  if (failuresInARow <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, SYNC_EVERY_MS * 2 ** Math.min(failuresInARow - 1, 20));
}

type ChannelMessage =
  | { type: 'state'; running: boolean; last: SyncOutcome | null }
  | { type: 'sync-now' }
  | { type: 'state-please' };

/** Asks the service worker to wake the app when the network is back (Chromium only; never relied on). */
async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as { sync?: { register: (tag: string) => Promise<void> } } | undefined)?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Not supported, or refused: the timers and the `online` event still run sync.
  }
}

/**
 * Keeps the phone and the server in step while the app is open (sync.md, "When sync runs").
 *
 * - One tab syncs: the one holding the Web Lock `binaan-sync-leader`, requested by every tab and
 *   held until the tab closes, so when the leader is closed or killed the next tab in line takes
 *   over at once. Without Web Locks (old browsers) each tab syncs, one run at a time; the server
 *   applies each numbered change once whoever sends it.
 * - The leader runs right after sign-in, shortly after local saves (in any tab: Dexie reports other
 *   tabs' writes), when the connection comes back, when the app comes to the front, every 45 s, on
 *   "Sinkronkan sekarang" and when the service worker relays a Background Sync event. After failed
 *   runs the 45 s timer backs off (90 s, 3 min, … up to 10 min); the other triggers still run at once.
 * - Other tabs ask the leader to run over BroadcastChannel and show the leader's state.
 * - This module and the sync code load after the first screen, when the page is idle.
 *
 * Returns the stop: leadership released, listeners removed, a run in progress left to finish.
 */
export function startBackgroundSync(
  session: { token: string; userId: string },
  db: LocalDb,
  setState: (update: (state: SyncState) => SyncState) => void,
): () => void {
  const { token, userId } = session;
  let stopped = false;
  let leader = false;
  let running = false;
  let again = false;
  let soon: number | undefined;
  let timer: number | undefined;
  let releaseLeadership: (() => void) | undefined;
  const queued = new AbortController();
  let lastOutcome: SyncOutcome | null = null;
  let failuresInARow = 0;
  let notBefore = 0;
  let photoDownload: typeof import('./photo-download') | undefined;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(SYNC_CHANNEL) : null;
  const post = (message: ChannelMessage) => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel (the tab is going away): nothing to tell.
    }
  };

  let modules: Promise<
    [typeof import('./sync-now'), typeof import('./sync-api'), typeof import('./upload-photos')]
  >;
  const loadModules = () =>
    (modules ??= Promise.all([import('./sync-now'), import('./sync-api'), import('./upload-photos')]));

  const once = async () => {
    setState((s) => ({ ...s, running: true }));
    post({ type: 'state', running: true, last: null });
    let outcome: SyncOutcome;
    try {
      const [{ syncNow }, { createSyncApi }, { uploadPhotos }] = await loadModules();
      const api = createSyncApi(token);
      outcome = await syncNow(db, api, userId);
      // Text first, then the photos' bytes one by one (a visit is on the server before its photos).
      // A deactivated account's phone hands its photos over too before it signs out.
      if (outcome.ok || outcome.failure === 'accountClosed') {
        const upload = await uploadPhotos(db, api);
        if (!outcome.ok && upload.failure === 'network') outcome = { ...outcome, failure: 'network' };
      }
    } catch {
      outcome = { ok: false, failure: 'server', pushed: 0, rejected: 0, pages: 0, rows: 0 };
    }
    const waiting = await db.outbox.count().catch(() => 0);
    if (!outcome.ok && outcome.failure === 'network' && waiting > 0) void registerBackgroundSync();
    lastOutcome = outcome;
    // A server that is down or a connection that keeps failing is not hammered every 45 s.
    failuresInARow = outcome.ok ? 0 : failuresInARow + 1;
    notBefore = Date.now() + backoffDelay(failuresInARow);
    if (!stopped) setState(() => ({ running: false, last: outcome, leader }));
    post({ type: 'state', running: false, last: outcome });
    if (outcome.failure === 'accountClosed') announceAccountClosed();
  };
  const run = async () => {
    if (stopped || !leader || !navigator.onLine) return;
    if (running) {
      again = true; // a save during a run goes up right after it
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await once();
      } while (again && !stopped);
    } finally {
      running = false;
    }
  };
  /** Any tab may ask: the leader runs, the others pass the request on. */
  const request = () => {
    if (leader) void run();
    else post({ type: 'sync-now' });
  };

  if (channel) {
    channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
      const message = event.data;
      if (message.type === 'sync-now') {
        if (leader) void run();
      } else if (message.type === 'state-please') {
        if (leader) post({ type: 'state', running, last: lastOutcome });
      } else if (message.type === 'state' && !leader && !stopped) {
        setState((s) => ({ running: message.running, last: message.last ?? s.last, leader: false }));
        // The leader handed everything over for a deactivated account: this tab signs out too.
        if (message.last?.failure === 'accountClosed') announceAccountClosed();
      }
    };
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') request();
  };
  const onWorkerMessage = (event: MessageEvent<unknown>) => {
    if ((event.data as { type?: unknown } | null)?.type === SW_SYNC_MESSAGE) request();
  };
  let lastCount = -1;
  const outbox = liveQuery(() => db.outbox.count()).subscribe({
    next: (count) => {
      if (count > lastCount && lastCount !== -1 && leader) {
        window.clearTimeout(soon);
        soon = window.setTimeout(() => void run(), AFTER_WRITE_MS);
      }
      lastCount = count;
    },
    error: () => undefined,
  });

  const becomeLeader = () => {
    if (stopped) return;
    leader = true;
    setState((s) => ({ ...s, leader: true }));
    timer = window.setInterval(() => {
      if (Date.now() >= notBefore) void run();
    }, SYNC_EVERY_MS);
    void run();
  };
  // Screens fetch other devices' photos on demand through the signed-in user's API. Offline there
  // is nothing to fetch, so the code (and zod, which checks the server's answers) waits for signal.
  let photoSourceAsked = false;
  const providePhotoSource = () => {
    if (stopped || photoSourceAsked || !navigator.onLine) return;
    photoSourceAsked = true;
    void Promise.all([import('./photo-download'), import('./sync-api')]).then(
      ([download, { createSyncApi }]) => {
        if (stopped) return;
        photoDownload = download;
        download.setPhotoSource({ db, api: createSyncApi(token) });
      },
    );
  };
  const onOnline = () => {
    providePhotoSource();
    request();
  };
  providePhotoSource();
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) {
    becomeLeader();
  } else {
    // A tab that is not the leader shows the leader's last state until the next run.
    post({ type: 'state-please' });
    void locks
      .request(SYNC_LEADER_LOCK, { signal: queued.signal }, () => {
        if (stopped) return undefined;
        becomeLeader();
        // Held until this tab signs out or closes; then the next tab in line becomes the leader.
        return new Promise<void>((resolve) => {
          releaseLeadership = resolve;
        });
      })
      .catch(() => undefined);
  }

  window.addEventListener('online', onOnline);
  window.addEventListener(SYNC_NOW_EVENT, request);
  document.addEventListener('visibilitychange', onVisible);
  navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
  return () => {
    stopped = true;
    leader = false;
    releaseLeadership?.();
    queued.abort();
    photoDownload?.setPhotoSource(null);
    channel?.close();
    outbox.unsubscribe();
    window.clearTimeout(soon);
    window.clearInterval(timer);
    window.removeEventListener('online', onOnline);
    window.removeEventListener(SYNC_NOW_EVENT, request);
    document.removeEventListener('visibilitychange', onVisible);
    navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
  };
}
