/**
 * A tiny registry of forms with unsaved typing. The update prompt asks it before reloading: an app
 * update must never throw away a half-written visit report. Forms call `markUnsaved` on first edit
 * and `clearUnsaved` once saved (or deliberately discarded).
 */
const unsaved = new Set<string>();
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function markUnsaved(key: string): void {
  if (unsaved.has(key)) return;
  unsaved.add(key);
  notify();
}

export function clearUnsaved(key: string): void {
  if (!unsaved.delete(key)) return;
  notify();
}

export function hasUnsavedWork(): boolean {
  return unsaved.size > 0;
}

/** For useSyncExternalStore-style subscribers; returns the unsubscribe function. */
export function subscribeUnsavedWork(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
