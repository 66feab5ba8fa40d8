import { useMemo } from 'react';
import { Link } from 'react-router';
import { licensingHints } from '@/shared/domain/licensing-hints';
import { OWNER_PRINT_PATH, OWNER_PROGRESS_PATH, OwnerNoBusiness, OwnerSyncLine } from './owner-common';
import { OwnerCorrection } from './owner-correction';
import { OwnerActionPlan, OwnerVisitSummaries } from './owner-plan';
import { OwnerHints, OwnerProfileCard } from './owner-profile';
import { useOwnerText } from './owner-text';
import { useOwnerData } from './use-owner-data';
import './owner.css';

/**
 * The business owner's home (/pemilik): their profile, the next licensing steps, their action plan,
 * the visit summaries the coach shared, and correction requests. Everything comes from the phone's
 * database, so it opens without signal after the first sync; ticking an action or asking for a
 * correction is saved on the phone and sent with the next sync.
 */
export function OwnerHomePage() {
  const { t } = useOwnerText();
  const data = useOwnerData();
  const business = data?.view?.business ?? null;
  const hints = useMemo(() => (business ? licensingHints(business) : []), [business]);

  if (data === undefined) {
    return (
      <p className="loading" role="status">
        {t('owner.common.loading')}
      </p>
    );
  }
  const { session, view } = data;
  if (!session || !view) return <OwnerNoBusiness />;
  const user = session.user;

  return (
    <article className="page owner-page">
      <header className="owner-header">
        <p className="greeting">{t('owner.home.greeting', { name: user.name })}</p>
        <h1>{view.business.name}</h1>
        {view.business.brand && <p className="owner-brand">{view.business.brand}</p>}
        <OwnerSyncLine lastSyncAt={data.lastSyncAt} />
        <div className="owner-links-row">
          <Link className="button" to={OWNER_PROGRESS_PATH}>
            {t('owner.home.toProgress')}
          </Link>
          <Link className="button" to={OWNER_PRINT_PATH}>
            {t('owner.home.toPrint')}
          </Link>
        </div>
      </header>
      <div className="owner-grid">
        <OwnerProfileCard business={view.business} nameOf={data.nameOf} />
        <OwnerHints hints={hints} />
        <OwnerActionPlan actions={view.actions} user={user} />
        <OwnerVisitSummaries visits={view.sharedVisits} />
        <OwnerCorrection business={view.business} corrections={view.corrections} user={user} />
      </div>
    </article>
  );
}
