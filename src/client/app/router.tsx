import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useOutletContext, useParams } from 'react-router';
import { PageErrorBoundary } from '@/client/components/page-error-boundary';
import { StatusPage } from '@/client/components/status-page';
import { localDb } from '@/client/data/local-db';
import { useSession } from '@/client/features/auth/use-session';
import { TodayPage } from '@/client/features/today/today-page';
import { readPersistenceAnswer } from '@/client/pwa/storage-persistence';
import { useOnlineStatus } from '@/client/sync/use-online-status';
import { usePendingCount } from '@/client/sync/use-pending-count';
import { HOME_PATH, PATHS, rolesFor, type AppPath } from './navigation';
import { Shell, type ShellContext } from './shell';

// Everything but Today and sign-in loads on demand: the coach's first screen carries only what it
// shows. The service worker precaches every chunk, so these still open offline.
// Sign-in (and react-hook-form with it) is only for the first visit; a signed-in coach never loads it.
const SettingsPage = lazy(() =>
  import('@/client/features/settings/settings-page').then((m) => ({ default: m.SettingsPage })),
);
const InviteSignedInNotice = lazy(() =>
  import('@/client/features/owner/invite-signed-in').then((m) => ({ default: m.InviteSignedInNotice })),
);
const LoginPage = lazy(() =>
  import('@/client/features/auth/login-page').then((m) => ({ default: m.LoginPage })),
);
const FindBusinessPage = lazy(() =>
  import('@/client/features/businesses/find-page').then((m) => ({ default: m.FindBusinessPage })),
);
const BusinessFormPage = lazy(() =>
  import('@/client/features/businesses/business-form-page').then((m) => ({ default: m.BusinessFormPage })),
);
const BusinessPage = lazy(() =>
  import('@/client/features/businesses/business-page').then((m) => ({ default: m.BusinessPage })),
);
const VisitsPage = lazy(() =>
  import('@/client/features/visits/visits-page').then((m) => ({ default: m.VisitsPage })),
);
const VisitFormPage = lazy(() =>
  import('@/client/features/visits/visit-form-page').then((m) => ({ default: m.VisitFormPage })),
);
/**
 * A lazy page whose code can be loaded ahead: once it is here the page renders at once. A page that
 * suspends shows its loading fallback for at least 300 ms (React's fallback throttle), which is what
 * a coach waited after every saved visit while the visit page's code loaded; the visit form now loads
 * it ahead. The choice is made once per mount, so a page never remounts when its code arrives.
 */
function preloadablePage(load: () => Promise<ComponentType>) {
  let loaded: ComponentType | null = null;
  const preload = () => load().then((component) => (loaded = component));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Page() {
    const [Chosen] = useState<ComponentType>(() => loaded ?? Lazy);
    return <Chosen />;
  }
  return Object.assign(Page, { preload });
}

const VisitPage = preloadablePage(() =>
  import('@/client/features/visits/visit-page').then((m) => m.VisitPage),
);

/** The visit form, with the page a saved visit opens loaded ahead. */
function VisitFormRoute() {
  useEffect(() => {
    void VisitPage.preload();
  }, []);
  return <VisitFormPage />;
}

// The coordinator's desk: its own chunks (and texts), never downloaded by a coach's first screen.
const ReviewQueuePage = lazy(() =>
  import('@/client/features/desk/review-queue-page').then((m) => ({ default: m.ReviewQueuePage })),
);
const ReviewVisitPage = lazy(() =>
  import('@/client/features/desk/review-visit-page').then((m) => ({ default: m.ReviewVisitPage })),
);
const PeoplePage = lazy(() =>
  import('@/client/features/desk/people-page').then((m) => ({ default: m.PeoplePage })),
);
const DashboardPage = lazy(() =>
  import('@/client/features/desk/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);
const MergePage = lazy(() =>
  import('@/client/features/desk/merge-page').then((m) => ({ default: m.MergePage })),
);
const AssignmentsPage = lazy(() =>
  import('@/client/features/desk/assignments-page').then((m) => ({ default: m.AssignmentsPage })),
);

const ImportPage = lazy(() =>
  import('@/client/features/desk/import-page').then((m) => ({ default: m.ImportPage })),
);
const TokensPage = lazy(() =>
  import('@/client/features/desk/tokens-page').then((m) => ({ default: m.TokensPage })),
);

const AuditPage = lazy(() =>
  import('@/client/features/desk/audit-page').then((m) => ({ default: m.AuditPage })),
);

// The owner's pages (issue 6): their own chunks, loaded by owners (and the print page by staff).
const OwnerHomePage = lazy(() =>
  import('@/client/features/owner/owner-home-page').then((m) => ({ default: m.OwnerHomePage })),
);
const OwnerProgressPage = lazy(() =>
  import('@/client/features/owner/owner-progress-page').then((m) => ({ default: m.OwnerProgressPage })),
);
const OwnerPrintPage = lazy(() =>
  import('@/client/features/owner/owner-print-page').then((m) => ({ default: m.OwnerPrintPage })),
);
const InvitePage = lazy(() =>
  import('@/client/features/owner/invite-page').then((m) => ({ default: m.InvitePage })),
);

export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? '0.0.0';

function useSignedInUser() {
  const session = useSession();
  return session.status === 'signedIn' ? session.session : null;
}

/**
 * Renders a page only for the roles navigation.ts gives it; everyone else gets a clear "not
 * allowed" page. The roles live only there, so the menu and the guard cannot disagree.
 */
function RequireRole({ page, children }: { page: AppPath; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSignedInUser();
  if (!session) return null;
  if (!rolesFor(page).includes(session.user.role)) {
    return (
      <StatusPage title={t('errors.forbidden')} message={t('errors.forbiddenAction')}>
        <Link className="button" to={HOME_PATH[session.user.role]}>
          {t('errors.backHome')}
        </Link>
      </StatusPage>
    );
  }
  return (
    <PageErrorBoundary>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}

function PageLoading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

function RoleLanding() {
  const session = useSignedInUser();
  if (!session) return null;
  if (session.user.role !== 'coach') return <Navigate to={HOME_PATH[session.user.role]} replace />;
  return <TodayPage />;
}

function SettingsRoute() {
  const session = useSession();
  const pending = usePendingCount();
  const persistence = useLiveQuery(() => readPersistenceAnswer(localDb), [], null);
  const online = useOnlineStatus();
  const shell = useOutletContext<ShellContext | undefined>();
  if (session.status !== 'signedIn') return null;
  const { user, organisation } = session.session;
  return (
    <SettingsPage
      userId={user.id}
      name={user.name}
      role={user.role}
      organisationName={organisation?.name ?? user.organisationName}
      version={APP_VERSION}
      pending={pending}
      online={online}
      syncRunning={shell?.syncRunning ?? false}
      persistence={persistence}
      onLogout={() => void session.signOut()}
    />
  );
}

/** The invite link, signed out: the owner sets a password and is signed in like the sign-in page does. */
function InviteRoute() {
  const { signIn } = useSession();
  return <InvitePage signIn={signIn} />;
}

function InviteWhileSignedIn() {
  const session = useSignedInUser();
  return <InviteSignedInNotice name={session?.user.name ?? ''} />;
}

function BusinessPrintRoute() {
  const { businessId = '' } = useParams();
  return <OwnerPrintPage businessId={businessId} />;
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
  if (session.status === 'signedOut') {
    return (
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path={PATHS.invite} element={<InviteRoute />} />
          <Route path="*" element={<LoginPage />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<RoleLanding />} />
        <Route
          path={PATHS.businesses}
          element={
            <RequireRole page={PATHS.businesses}>
              <FindBusinessPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.visits}
          element={
            <RequireRole page={PATHS.visits}>
              <VisitsPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.businessNew}
          element={
            <RequireRole page={PATHS.businessNew}>
              <BusinessFormPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.businessDetail}
          element={
            <RequireRole page={PATHS.businessDetail}>
              <BusinessPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.businessEdit}
          element={
            <RequireRole page={PATHS.businessEdit}>
              <BusinessFormPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.visitNew}
          element={
            <RequireRole page={PATHS.visitNew}>
              <VisitFormRoute />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.visitDetail}
          element={
            <RequireRole page={PATHS.visitDetail}>
              <VisitPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.review}
          element={
            <RequireRole page={PATHS.review}>
              <ReviewQueuePage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.reviewVisit}
          element={
            <RequireRole page={PATHS.reviewVisit}>
              <ReviewVisitPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.assignments}
          element={
            <RequireRole page={PATHS.assignments}>
              <AssignmentsPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.merge}
          element={
            <RequireRole page={PATHS.merge}>
              <MergePage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.dashboard}
          element={
            <RequireRole page={PATHS.dashboard}>
              <DashboardPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.people}
          element={
            <RequireRole page={PATHS.people}>
              <PeoplePage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.import}
          element={
            <RequireRole page={PATHS.import}>
              <ImportPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.apiTokens}
          element={
            <RequireRole page={PATHS.apiTokens}>
              <TokensPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.audit}
          element={
            <RequireRole page={PATHS.audit}>
              <AuditPage />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.review}/*`}
          element={
            <RequireRole page={PATHS.review}>
              <NotFound />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.ownerHome}
          element={
            <RequireRole page={PATHS.ownerHome}>
              <OwnerHomePage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.progress}
          element={
            <RequireRole page={PATHS.progress}>
              <OwnerProgressPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.ownerPrint}
          element={
            <RequireRole page={PATHS.ownerPrint}>
              <OwnerPrintPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.businessPrint}
          element={
            <RequireRole page={PATHS.businessPrint}>
              <BusinessPrintRoute />
            </RequireRole>
          }
        />
        <Route path={PATHS.invite} element={<InviteWhileSignedIn />} />
        <Route
          path={PATHS.settings}
          element={
            <RequireRole page={PATHS.settings}>
              <SettingsRoute />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
