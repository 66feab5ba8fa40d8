/**
 * "Sync now" from anywhere in the app: a window event the background sync (background-sync.ts)
 * listens for, so a button does not need to reach the hook that owns the run.
 */
export const SYNC_NOW_EVENT = 'binaan:sync-now';

export function requestSync(): void {
  window.dispatchEvent(new Event(SYNC_NOW_EVENT));
}

/**
 * The account was deactivated and this phone has handed over everything it had waiting (the outbox
 * is empty, the photos are up): the session provider signs out. Only sync says so, because only
 * sync knows that nothing is left to send.
 */
export const ACCOUNT_CLOSED_EVENT = 'binaan:account-closed';

export function announceAccountClosed(): void {
  window.dispatchEvent(new Event(ACCOUNT_CLOSED_EVENT));
}
