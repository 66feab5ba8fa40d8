import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { StatusPage } from '@/client/components/status-page';
import { loadBusiness, loadBusinessHistory } from '@/client/data/history-repository';
import { localDb } from '@/client/data/local-db';
import { loadRegionNames } from '@/client/data/reference-repository';
import { BusinessPhotos } from './business-photos';
import { CorrectionRequests } from './correction-requests';
import { OwnerInviteCard } from './owner-invite-card';
import { ConflictTexts, useMovedAway } from './conflict-texts';
import { loadSession } from '@/client/data/session-repository';
import { checklistKindSchema } from '@/shared/checklists/checklist-template';
import type { Business } from '@/shared/domain/business';
import { licensingHints } from '@/shared/domain/licensing-hints';
import {
  checklistProgressSeries,
  itemHistories,
  monthlySalesSeries,
  naikKelasSignals,
  salesTrend,
} from '@/shared/domain/progress';
import type { BusinessHistory } from '@/client/data/history-repository';
import { BusinessHints } from './business-page-hints';
import { BusinessProfile } from './business-page-profile';
import {
  ChecklistProgressSection,
  OpenFollowUpsSection,
  SalesSection,
  SignalsSection,
  type ChecklistProgress,
} from './business-page-progress';
import { VisitTimeline } from './timeline';
import './business-page.css';
import '@/client/i18n/history';
import '@/client/i18n/invites';
import '@/client/i18n/labels';

// Paths this page links to (client/app/navigation.ts names them; a feature does not import app/).
const findPath = '/usaha';
const editHref = (id: string) => `/usaha/${encodeURIComponent(id)}/ubah`;
const printHref = (id: string) => `/usaha/${encodeURIComponent(id)}/cetak`;
const startVisitHref = (id: string) => `/kunjungan/baru?${new URLSearchParams({ usaha: id })}`;

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The pure computations over the history, redone only when the profile or history changes. */
function useDerived(business: Business | null | undefined, history: BusinessHistory | undefined) {
  return useMemo(() => {
    if (!business || !history) return null;
    const { visits, checklistStates } = history;
    const progress: ChecklistProgress[] = checklistKindSchema.options.map((kind) => ({
      kind,
      series: checklistProgressSeries(checklistStates, visits, kind, business.isFood),
      items: itemHistories(checklistStates, visits, kind, business.isFood),
    }));
    const sales = monthlySalesSeries(visits);
    return {
      progress,
      sales,
      trend: salesTrend(sales),
      signals: naikKelasSignals({ business, visits, checklistStates }),
    };
  }, [business, history]);
}

/**
 * One business: the profile summary, licensing hints, and its history (visits, checklist progress,
 * sales trend, open follow-ups, naik-kelas signals). Coaches and coordinators open it; only the
 * coach edits the profile. Everything comes from the phone's database, so it opens offline.
 */
export function BusinessPage() {
  const { t } = useTranslation();
  const { businessId = '' } = useParams();
  // "Saved on the phone" from the profile form, handed over in the navigation state.
  const flash = (useLocation().state as { flash?: unknown } | null)?.flash;
  // The session as stored on the phone (features do not reach into the auth feature).
  // Everything the page shows, in one live query: the page draws once with all of it rather than
  // once per piece as each arrives (on a cheap phone each full draw of a long history counts).
  const page = useLiveQuery(async () => {
    const [session, regions, business, history] = await Promise.all([
      loadSession(localDb),
      loadRegionNames(localDb),
      loadBusiness(localDb, businessId),
      loadBusinessHistory(localDb, businessId),
    ]);
    return { user: session?.user ?? null, regions, business, history };
  }, [businessId]);
  const user = page?.user ?? null;
  const role = user?.role ?? null;
  const nameOf = page?.regions?.nameOf ?? ((code: string) => code);
  const business = page?.business;
  const history = page?.history;
  const hints = useMemo(() => (business ? licensingHints(business) : []), [business]);
  const derived = useDerived(business, history);
  const movedAway = useMovedAway(businessId);

  if (business === undefined) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (business === null) {
    return (
      <StatusPage title={t('history.notFound.title')} message={t('history.notFound.message')}>
        <Link className="button" to={findPath}>
          {t('history.notFound.back')}
        </Link>
      </StatusPage>
    );
  }

  const isCoach = role === 'coach';
  // Who speaks for the office to the owner: the coach (of a business still theirs) or a coordinator.
  const staff = user && ((isCoach && !movedAway) || role === 'coordinator') ? user : null;
  return (
    <article className="page business-page">
      {typeof flash === 'string' && (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}
      {movedAway && (
        <p className="warning bp-moved" role="status">
          {t('history.movedAway')}
        </p>
      )}
      <header className="bp-header">
        <h1>{business.name}</h1>
        {business.brand && <p className="bp-brand">{business.brand}</p>}
        <p className="bp-badges">
          <span className={`bp-badge bp-status-${business.status}`}>
            {t(`labels.status.${business.status}`)}
          </span>
          {business.sizeClass && <span className="bp-badge">{t(`sizeClass.${business.sizeClass}`)}</span>}
          <span className="bp-badge">{t(`labels.sector.${business.sector}`)}</span>
          {business.cohort && <span className="bp-badge">{business.cohort}</span>}
        </p>
        <p className="muted">
          {nameOf(business.villageCode)}, {nameOf(business.districtCode)}
        </p>
        <div className="button-row bp-actions">
          {isCoach && (
            <Link className="button button-primary" to={startVisitHref(business.id)}>
              {t('history.actions.startVisit')}
            </Link>
          )}
          {/* A moved business's profile is the new coach's to edit; visits are still taken. */}
          {isCoach && !movedAway && (
            <Link className="button" to={editHref(business.id)}>
              {t('history.actions.edit')}
            </Link>
          )}
          <Link className="button" to={printHref(business.id)}>
            {t('invites.card.print')}
          </Link>
        </div>
      </header>

      <div className="bp-layout">
        <div className="bp-column">
          {/* The owner's requests are tasks: first, above the profile they would change. */}
          {staff && <CorrectionRequests business={business} user={staff} />}
          <BusinessProfile
            business={business}
            canSeeNik={role === 'coach' || role === 'coordinator'}
            nameOf={nameOf}
          />
          {role !== 'owner' && <ConflictTexts businessId={business.id} userId={user?.id ?? null} />}
          <BusinessPhotos
            businessId={business.id}
            organisationId={user?.organisationId ?? null}
            canEdit={isCoach}
          />
          <BusinessHints hints={hints} />
          <OpenFollowUpsSection
            followUps={(history?.openFollowUps ?? []).filter((followUp) => !followUp.correction)}
            today={localToday()}
          />
          {staff && <OwnerInviteCard business={business} user={staff} />}
          {derived && <SignalsSection signals={derived.signals} />}
          {derived && <SalesSection series={derived.sales} trend={derived.trend} />}
        </div>
        <div className="bp-column">
          <VisitTimeline key={business.id} visits={history?.visits} />
          {derived && <ChecklistProgressSection progress={derived.progress} />}
        </div>
      </div>
    </article>
  );
}
