/**
 * The service-worker update prompt. binaan registers with registerType 'prompt': a new version waits
 * until the person chooses "Perbarui sekarang". Reloading is refused while a form holds unsaved work
 * (unsaved-work.ts); the outbox lives in IndexedDB and survives the reload untouched.
 *
 * A reload can also be forced from outside: when another tab accepts the update, the new worker takes
 * control of this tab too, and this tab must reload. With unsaved work we wait and reload as soon as
 * the last form is saved.
 *
 * Both cases are recognised by the controller changing from one worker to another, not by
 * workbox-window's `onNeedReload`: that one fires only if a worker controlled this page when it
 * loaded (vite-plugin-pwa#789, #601), so the tab in which the app was installed never reloaded and
 * ran on under the new worker, whose precache no longer holds the old lazy chunks
 * (tests/e2e/service-worker-update.test.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { controllerAtLoad } from './page-controller';
import { keepCheckingForUpdates } from './update-checks';
import { hasUnsavedWork, subscribeUnsavedWork } from './unsaved-work';

function reloadPage(): void {
  window.location.reload();
}

export function UpdatePrompt() {
  const { t } = useTranslation();
  const [blocked, setBlocked] = useState(false);
  const [reloadWaiting, setReloadWaiting] = useState(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    // Given, so the plugin does not reload by itself past unsaved work; the listener below decides.
    onNeedReload: () => undefined,
    onRegisteredSW: (_url, registration) => {
      if (registration) stopChecks.current = keepCheckingForUpdates(registration);
    },
  });
  const stopChecks = useRef<(() => void) | null>(null);
  useEffect(() => () => stopChecks.current?.(), []);

  // A new worker took over from the one that served this page (accepted here or in another tab):
  // the page's code is the old version, so it reloads. The first claim (from no worker) is not one.
  useEffect(() => {
    // Absent where service workers cannot run (insecure origins, jsdom).
    const workers: ServiceWorkerContainer | undefined = navigator.serviceWorker;
    if (!workers) return undefined;
    let current = controllerAtLoad() ?? workers.controller;
    const onControllerChange = () => {
      const replaced = current !== null && current !== workers.controller;
      current = workers.controller;
      if (!replaced) return;
      if (hasUnsavedWork()) setReloadWaiting(true);
      else reloadPage();
    };
    // Replaced before this prompt loaded (another tab accepted in the first seconds): reload now.
    if (current !== null && workers.controller !== current) onControllerChange();
    workers.addEventListener('controllerchange', onControllerChange);
    return () => workers.removeEventListener('controllerchange', onControllerChange);
  }, []);

  // Once the forms are saved, finish a reload that had to wait, and lift the "save first" notice.
  useEffect(
    () =>
      subscribeUnsavedWork(() => {
        if (hasUnsavedWork()) return;
        setBlocked(false);
        if (reloadWaiting) reloadPage();
      }),
    [reloadWaiting],
  );

  const dismissOfflineReady = useCallback(() => setOfflineReady(false), [setOfflineReady]);
  const update = useCallback(() => {
    if (hasUnsavedWork()) {
      setBlocked(true);
      return;
    }
    void updateServiceWorker(true);
  }, [updateServiceWorker]);

  if (needRefresh || reloadWaiting) {
    return (
      <div className="toast" role="status" aria-live="polite">
        <p>{blocked || reloadWaiting ? t('pwa.updateBlocked') : t('pwa.updateAvailable')}</p>
        <div className="toast-actions">
          {!reloadWaiting && (
            <button type="button" className="button button-primary" onClick={update}>
              {t('pwa.updateNow')}
            </button>
          )}
          {!reloadWaiting && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setBlocked(false);
                setNeedRefresh(false);
              }}
            >
              {t('pwa.later')}
            </button>
          )}
        </div>
      </div>
    );
  }

  if (offlineReady) return <OfflineReadyNotice onDismiss={dismissOfflineReady} />;
  return null;
}

/** How long "ready to use offline" stays up: it is news, not a question, and must not linger over a form. */
export const OFFLINE_READY_MS = 8_000;

function OfflineReadyNotice({ onDismiss }: { onDismiss: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(onDismiss, OFFLINE_READY_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="toast" role="status" aria-live="polite">
      <p>{t('pwa.offlineReady')}</p>
      <div className="toast-actions">
        <button type="button" className="button" onClick={onDismiss}>
          {t('pwa.dismiss')}
        </button>
      </div>
    </div>
  );
}
