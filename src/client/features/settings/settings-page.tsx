import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/client/components/language-switch';
import type { PersistenceAnswer } from '@/client/pwa/storage-persistence';
import type { Role } from '@/shared/domain/user';
import { SyncCard } from './sync-card';

const STORAGE_KEY: Record<PersistenceAnswer | 'unknown', string> = {
  granted: 'settings.storageGranted',
  denied: 'settings.storageDenied',
  unsupported: 'settings.storageUnsupported',
  unknown: 'settings.storageUnknown',
};

export type SettingsPageProps = {
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

export function SettingsPage({
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

  // Signing out with unsent changes is allowed (they stay on the phone) but never silent (sync.md).
  const requestLogout = () => {
    if (pending > 0) setConfirming(true);
    else onLogout();
  };

  return (
    <section className="page">
      <h1>{t('settings.title')}</h1>

      <div className="card">
        <h2>{t('settings.account')}</h2>
        <p>{t('settings.signedInAs', { name, role: t(`roles.${role}`) })}</p>
        {organisationName && <p className="muted">{t('home.organisation', { name: organisationName })}</p>}
        {confirming ? (
          <div className="warning" role="alert">
            <p>{t('settings.logoutPendingWarning', { count: pending })}</p>
            <div className="button-row">
              <button type="button" className="button button-danger" onClick={onLogout}>
                {t('settings.logoutAnyway')}
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
