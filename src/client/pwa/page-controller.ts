/**
 * What the page does about its service worker as the app starts (main.tsx), before anything else:
 *
 * - remembers which worker controlled the page when it loaded: the update prompt loads a few
 *   seconds later (app.tsx), and if another tab accepted an update meanwhile, the page's code is
 *   already older than its worker; the prompt compares against this;
 * - registers the worker at once, so a coach who signs in and walks out of signal seconds later has
 *   the whole app cached. Registering is a few bytes; workbox-window, which the prompt uses to hear
 *   about new versions, registers the same script again later (a no-op for the browser).
 */
let atLoad: ServiceWorker | null = null;

export function startServiceWorker(): void {
  const workers: ServiceWorkerContainer | undefined =
    typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  atLoad = workers?.controller ?? null;
  // Not in development (no sw.js) and not where workers cannot run: nothing to do then.
  if (!workers || import.meta.env.DEV) return;
  workers.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

export function controllerAtLoad(): ServiceWorker | null {
  return atLoad;
}
