import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/client/components/language-switch';
import { currentIosBrowserTab } from '@/client/pwa/home-screen';
import type { PersistenceAnswer } from '@/client/pwa/storage-persistence';
import type { Role } from '@/shared/domain/user';
import { localDb } from '@/client/data/local-db';
import { buildOutboxExport } from '@/client/data/outbox-export';
import { requestSync } from '@/client/sync/sync-events';
import { SyncCard } from './sync-card';
import '@/client/i18n/settings';

const STORAGE_KEY: Record<PersistenceAnswer | 'unknown', string> = {
  granted: 'settings.storageGranted',
  denied: 'settings.storageDenied',
  unsupported: 'settings.storageUnsupported',
  unknown: 'settings.storageUnknown',
};

export type SettingsPageProps = {
  userId: string;
  name: string;
  role: Role;
  organisationName: string;
  version: string;
  pending: number;
  online: boolean;
  syncRunning: boolean;
  persistence: PersistenceAnswer | null;
  onLogout: () => void;
};

/** Hands the file to the browser's download (a phone saves it in Downloads). */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SettingsPage({
  userId,
  name,
  role,
  organisationName,
  version,
  pending,
  online,
  syncRunning,
  persistence,
  onLogout,
}: SettingsPageProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);

  const [exportFailed, setExportFailed] = useState(false);

  // Signing out is refused while changes wait to be sent, unless the coach first saves them to a
  // file (sync.md: never sign out with a non-empty outbox without the coach's explicit choice).
  const requestLogout = () => {
    if (pending > 0) setConfirming(true);
    else onLogout();
  };
  const exportThenLogout = async () => {
    setExportFailed(false);
    try {
      const file = await buildOutboxExport(localDb, userId);
      download(file.fileName, file.json);
      onLogout();
    } catch {
      setExportFailed(true);
    }
  };

  return (
    <section className="page">
      <h1>{t('settings.title')}</h1>

      <div className="card">
        <h2>{t('settings.account')}</h2>
        <p>{t('settings.signedInAs', { name, role: t(`roles.${role}`) })}</p>
        {organisationName && <p className="muted">{t('home.organisation', { name: organisationName })}</p>}
        {confirming && pending > 0 ? (
          <div className="warning" role="alert">
            <p>{t('settings.logoutPendingWarning', { count: pending })}</p>
            {exportFailed && <p className="field-error">{t('settings.exportFailed')}</p>}
            <div className="button-row">
              {online && (
                <button type="button" className="button button-primary" onClick={requestSync}>
                  {t('settings.syncNow')}
                </button>
              )}
              <button type="button" className="button button-danger" onClick={() => void exportThenLogout()}>
                {t('settings.exportThenLogout')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('settings.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button" onClick={requestLogout}>
            {t('nav.logout')}
          </button>
        )}
      </div>

      <SyncCard pending={pending} online={online} running={syncRunning} />

      <div className="card">
        <LanguageSwitch className="language-switch-card" />
      </div>

      <div className="card">
        <h2>{t('settings.storageTitle')}</h2>
        <p>{t(STORAGE_KEY[persistence ?? 'unknown'])}</p>
        {currentIosBrowserTab() && <p className="notice">{t('settings.iosHomeScreen')}</p>}
      </div>

      <div className="card">
        <h2>{t('settings.about')}</h2>
        <p>
          {t('app.name')} — {t('app.tagline')}
        </p>
        <p className="muted">{t('settings.version', { version })}</p>
        <p className="muted">{t('settings.regionsAttribution')}</p>
      </div>
    </section>
  );
}
