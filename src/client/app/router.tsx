import type { ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { StatusPage } from '@/client/components/status-page';
import { localDb } from '@/client/data/local-db';
import { LoginPage } from '@/client/features/auth/login-page';
import { useSession } from '@/client/features/auth/use-session';
import { HomePage } from '@/client/features/home/home-page';
import { SettingsPage } from '@/client/features/settings/settings-page';
import { readPersistenceAnswer } from '@/client/pwa/storage-persistence';
import { usePendingCount } from '@/client/sync/use-pending-count';
import type { Role } from '@/shared/domain/user';
import { HOME_PATH, PATHS } from './navigation';
import { Shell } from './shell';

export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? '0.0.0';

function useSignedInUser() {
  const session = useSession();
  return session.status === 'signedIn' ? session.session : null;
}

/** Renders its page only for the listed roles; everyone else gets a clear "not allowed" page. */
function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSignedInUser();
  if (!session) return null;
  if (!roles.includes(session.user.role)) {
    return (
      <StatusPage title={t('errors.forbidden')} message={t('api.forbidden')}>
        <Link className="button" to={HOME_PATH[session.user.role]}>
          {t('errors.backHome')}
        </Link>
      </StatusPage>
    );
  }
  return children;
}

function Placeholder({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return <StatusPage title={t(titleKey)} message={t('home.comingSoon')} />;
}

function Home({ role }: { role: Role }) {
  const session = useSignedInUser();
  if (!session) return null;
  return (
    <HomePage
      role={role}
      name={session.user.name}
      organisationName={session.organisation?.name ?? session.user.organisationName}
    />
  );
}

function RoleLanding() {
  const session = useSignedInUser();
  if (!session) return null;
  if (session.user.role !== 'coach') return <Navigate to={HOME_PATH[session.user.role]} replace />;
  return <Home role="coach" />;
}

function SettingsRoute() {
  const session = useSession();
  const pending = usePendingCount();
  const persistence = useLiveQuery(() => readPersistenceAnswer(localDb), [], null);
  if (session.status !== 'signedIn') return null;
  const { user, organisation } = session.session;
  return (
    <SettingsPage
      name={user.name}
      role={user.role}
      organisationName={organisation?.name ?? user.organisationName}
      version={APP_VERSION}
      pending={pending}
      persistence={persistence}
      onLogout={() => void session.signOut()}
    />
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <StatusPage title={t('errors.notFound')} message="">
      <Link className="button" to="/">
        {t('errors.backHome')}
      </Link>
    </StatusPage>
  );
}

const COACH_COORDINATOR: readonly Role[] = ['coach', 'coordinator'];
const ALL: readonly Role[] = ['coach', 'coordinator', 'owner'];

/**
 * Signed out: every URL shows the sign-in page and keeps the URL, so a deep link opens after sign-in.
 * Signed in: the shell with role-guarded pages. The stored session is read from IndexedDB before the
 * first paint of either, so a signed-in coach never sees the sign-in page flash offline.
 */
export function AppRoutes() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (session.status === 'signedOut') return <LoginPage />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<RoleLanding />} />
        <Route
          path={PATHS.businesses}
          element={
            <RequireRole roles={COACH_COORDINATOR}>
              <Placeholder titleKey="nav.businesses" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.visits}
          element={
            <RequireRole roles={['coach']}>
              <Placeholder titleKey="nav.visits" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.review}
          element={
            <RequireRole roles={['coordinator']}>
              <Home role="coordinator" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.assignments}
          element={
            <RequireRole roles={['coordinator']}>
              <Placeholder titleKey="nav.assignments" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.dashboard}
          element={
            <RequireRole roles={['coordinator']}>
              <Placeholder titleKey="nav.dashboard" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.people}
          element={
            <RequireRole roles={['coordinator']}>
              <Placeholder titleKey="nav.people" />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.review}/*`}
          element={
            <RequireRole roles={['coordinator']}>
              <NotFound />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.ownerHome}
          element={
            <RequireRole roles={['owner']}>
              <Home role="owner" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.progress}
          element={
            <RequireRole roles={['owner']}>
              <Placeholder titleKey="nav.progress" />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.settings}
          element={
            <RequireRole roles={ALL}>
              <SettingsRoute />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
