/**
 * "Sync now" from anywhere in the app: a window event the background sync (use-background-sync.ts)
 * listens for, so a button does not need to reach the hook that owns the run.
 */
export const SYNC_NOW_EVENT = 'binaan:sync-now';

export function requestSync(): void {
  window.dispatchEvent(new Event(SYNC_NOW_EVENT));
}
