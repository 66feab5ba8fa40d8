/**
 * The browser looks for a new version of the app only when a page loads. A coach keeps binaan open
 * all day, so while it is open it asks too: when the connection comes back and every hour (while
 * online). A new version found waits for the coach's "Perbarui sekarang" as usual (update-prompt.tsx).
 */
export const UPDATE_CHECK_EVERY_MS = 60 * 60_000;

type Updatable = { update: () => Promise<unknown> };

/** Starts the checks for one registration; returns what stops them. */
export function keepCheckingForUpdates(registration: Updatable, everyMs = UPDATE_CHECK_EVERY_MS): () => void {
  const check = () => {
    if (!navigator.onLine) return;
    // A failed check (offline after all, server down) is simply tried again at the next occasion.
    registration.update().catch(() => undefined);
  };
  const timer = window.setInterval(check, everyMs);
  window.addEventListener('online', check);
  return () => {
    window.clearInterval(timer);
    window.removeEventListener('online', check);
  };
}
