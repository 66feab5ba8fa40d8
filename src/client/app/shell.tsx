import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from '@/client/components/language-switch';
import { SyncStatus } from '@/client/components/sync-status';
import { useSession } from '@/client/features/auth/use-session';
import { useBackgroundSync } from '@/client/sync/use-background-sync';
import { useOnlineStatus } from '@/client/sync/use-online-status';
import { usePendingCount } from '@/client/sync/use-pending-count';
import { MENU } from './navigation';

/** What the shell hands the pages inside it (read with useOutletContext). */
export type ShellContext = { syncRunning: boolean };

/** Header (brand, sync area, language), the role's menu (bottom bar on phones, side bar on wide screens), content. */
export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const online = useOnlineStatus();
  const pending = usePendingCount();
  const signedIn = session.status === 'signedIn' ? session.session : null;
  const sync = useBackgroundSync(signedIn ? { token: signedIn.token, userId: signedIn.user.id } : null);
  if (session.status !== 'signedIn') return null;
  const { user, organisation } = session.session;
  const menu = MENU[user.role];

  return (
    <div className={menu.length > 4 ? 'shell shell-wide-menu' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {organisation?.isDemo && (
        <div className="banner banner-demo" role="note">
          {t('app.demoBanner')}
        </div>
      )}
      <header className="app-header">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-role">{t(`roles.${user.role}`)}</span>
        </div>
        <SyncStatus online={online} pending={pending} downloading={sync.running} />
        <LanguageSwitch className="header-language" />
      </header>
      <nav className="app-nav" aria-label={t('nav.mainMenu')}>
        <ul>
          {menu.map((item) => (
            <li key={item.path}>
              <NavLink to={item.path} end className="nav-link">
                {t(item.labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet context={{ syncRunning: sync.running } satisfies ShellContext} />
      </main>
    </div>
  );
}
