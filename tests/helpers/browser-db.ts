/**
 * Reads the app's real IndexedDB from a Playwright page, with plain IndexedDB calls (the app's Dexie
 * instance is not reachable from outside, and a test must not add hooks to the app for itself).
 */
import type { Page } from 'playwright-core';

export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('binaan');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error ?? new Error('read failed'));
        };
      }),
    store,
  );
}

export async function countStore(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('binaan');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error ?? new Error('count failed'));
        };
      }),
    store,
  );
}

/** When this browser profile last finished a sync run (meta `lastSyncAt`), or null. */
export async function lastSyncAt(page: Page): Promise<string | null> {
  const meta = await readStore<{ key: string; value: unknown }>(page, 'meta');
  const row = meta.find((entry) => entry.key === 'lastSyncAt');
  return typeof row?.value === 'string' ? row.value : null;
}
