/**
 * The service-worker update prompt. binaan registers with registerType 'prompt': a new version waits
 * until the person chooses "Perbarui sekarang". Reloading is refused while a form holds unsaved work
 * (unsaved-work.ts); the outbox lives in IndexedDB and survives the reload untouched.
 *
 * A reload can also be forced from outside: when another tab accepts the update, the new worker takes
 * control of this tab too, and workbox-window asks us to reload (onNeedReload). With unsaved work we
 * wait and reload as soon as the last form is saved.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';
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
    onNeedReload: () => {
      if (hasUnsavedWork()) setReloadWaiting(true);
      else reloadPage();
    },
  });

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
