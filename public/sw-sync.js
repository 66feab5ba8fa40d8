/* global self */
/*
 * Loaded into the generated service worker (vite.config.ts, workbox.importScripts).
 * Background Sync (Chromium): when the network comes back after a failed sync with changes still
 * waiting, the browser fires `sync` with our tag. The sync itself needs the signed-in session and
 * the app's code, so the worker wakes every open window of the app, whose leader tab runs it.
 * Other browsers never fire this; the app's own timers and `online` handler cover them.
 */
self.addEventListener('sync', (event) => {
  if (event.tag !== 'binaan-sync') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) client.postMessage({ type: 'binaan-sync-now' });
    }),
  );
});
