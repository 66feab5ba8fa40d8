import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listVisitDrafts } from '@/client/data/draft-repository';
import { LISTED_DAYS, localDb, type LocalDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { newestVisitFirst, newestVisits, visitsInState } from '@/client/data/visit-queries';
import type { Business } from '@/shared/domain/business';
import type { Visit } from '@/shared/domain/visit';
import { useFormat } from '@/client/components/use-format';
import { newVisitHref, visitHref } from './visit-paths';
import './visits.css';
import '@/client/i18n/visits';
import '@/client/i18n/labels';

type DraftSummary = {
  draftId: string;
  businessId: string | null;
  updatedAt: string;
  photoCount: number;
  /** The draft completes a visit already saved (its photos did not fit on a full disk). */
  ofSavedVisit: boolean;
};
type VisitLists = { returned: Visit[]; pending: Visit[]; recent: Visit[] };
type PageData = VisitLists & { drafts: DraftSummary[]; businesses: Map<string, Business> };

/** How many of the coach's latest visits the page lists. */
const RECENT_LIMIT = 30;

/** The coach's returned visits, those not yet sent, and the latest ones of LISTED_DAYS days (newest first). */
async function loadVisitLists(db: LocalDb, coachId: string): Promise<VisitLists> {
  const own = (visit: Visit) => visit.coachId === coachId && !visit.deletedAt;
  const [returned, recent, queued] = await Promise.all([
    visitsInState(db, 'returned').filter(own).toArray(),
    newestVisits(db, own, RECENT_LIMIT),
    db.outbox.where('table').equals('visits').toArray(),
  ]);
  const pendingIds = [...new Set(queued.map((entry) => entry.rowId))];
  const pending = (await db.visits.bulkGet(pendingIds)).filter(
    (visit): visit is Visit => visit !== undefined && own(visit),
  );
  return { returned: returned.sort(newestVisitFirst), pending: pending.sort(newestVisitFirst), recent };
}

/** Rows a section shows before "show all": the page must fit a glance even with 100 returned visits. */
const VISIBLE_ROWS = 5;

function Section<T>({
  title,
  items,
  empty,
  render,
}: {
  title: string;
  items: readonly T[];
  empty: string;
  render: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const id = useId();
  const shown = all ? items : items.slice(0, VISIBLE_ROWS);
  return (
    <section className="card vl-section" aria-labelledby={id}>
      <h2 id={id} className="vl-title">
        {title} <span className="vl-count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="vl-list">{shown.map(render)}</ul>
      )}
      {items.length > VISIBLE_ROWS && (
        <button type="button" className="button vl-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('visits.list.showFewer') : t('visits.list.showAll', { count: items.length })}
        </button>
      )}
    </section>
  );
}

function VisitRow({
  visit,
  business,
  showComment = false,
}: {
  visit: Visit;
  business: Business | undefined;
  /** Returned visits show what the coordinator asked instead of the (obvious) state. */
  showComment?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="vl-row">
      <Link to={visitHref(visit.id)} className="vl-link">
        <span className="vl-name">{business?.name ?? t('visits.unknownBusiness')}</span>
        <span className="vl-meta">
          {format.dateTime(visit.visitedAt)} · {t(`labels.visitKind.${visit.kind}`)}
          {!showComment && (
            <>
              {' '}
              <span className={`vp-badge vp-badge-${visit.reviewState}`}>
                {t(`labels.reviewState.${visit.reviewState}`)}
              </span>
            </>
          )}
        </span>
        {showComment && visit.reviewComment && <span className="vl-comment">“{visit.reviewComment}”</span>}
      </Link>
    </li>
  );
}

/**
 * `/kunjungan`: the coach's visits. Drafts to finish first, then what waits for the server, what a
 * coordinator returned, and the latest visits; each row opens its page.
 */
export function VisitsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useLiveQuery(() => loadSession(localDb), []);
  const coachId = session?.user.id;
  const data = useLiveQuery(async (): Promise<PageData | undefined> => {
    if (!coachId) return undefined;
    const [lists, stored] = await Promise.all([loadVisitLists(localDb, coachId), listVisitDrafts(localDb)]);
    const savedVisits = await localDb.visits.bulkGet(stored.map((draft) => draft.data.visitId));
    const drafts: DraftSummary[] = stored.map((draft, index) => ({
      draftId: draft.id,
      businessId: draft.data.businessId,
      updatedAt: draft.data.updatedAt,
      photoCount: draft.data.photos.length,
      ofSavedVisit: savedVisits[index] !== undefined,
    }));
    const ids = new Set<string>();
    for (const visit of [...lists.pending, ...lists.returned, ...lists.recent]) ids.add(visit.businessId);
    for (const draft of drafts) if (draft.businessId) ids.add(draft.businessId);
    const rows = await localDb.businesses.bulkGet([...ids]);
    const businesses = new Map<string, Business>();
    for (const row of rows) if (row) businesses.set(row.id, row);
    return { ...lists, drafts, businesses };
  }, [coachId]);

  return (
    <section className="page vl-page" aria-labelledby="vl-heading">
      <div className="vl-head">
        <h1 id="vl-heading">{t('visits.title')}</h1>
        <Link className="button button-primary" to={newVisitHref({})}>
          {t('visits.list.new')}
        </Link>
      </div>
      {data === undefined ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <>
          <Section
            title={t('visits.list.drafts')}
            items={data.drafts}
            empty={t('visits.list.noDrafts')}
            render={(draft) => {
              const name = draft.businessId ? data.businesses.get(draft.businessId)?.name : undefined;
              const isEdit = draft.ofSavedVisit;
              return (
                <li key={draft.draftId} className="vl-row">
                  <Link to={newVisitHref({ draftId: draft.draftId })} className="vl-link">
                    <span className="vl-name">{name ?? t('visits.list.noBusiness')}</span>
                    <span className="vl-meta">
                      {isEdit ? t('visits.list.editDraft') : t('visits.list.newDraft')} ·{' '}
                      {t('visits.list.savedAt', { time: format.dateTime(draft.updatedAt) })}
                      {draft.photoCount > 0 && ` · ${t('visits.list.photos', { count: draft.photoCount })}`}
                    </span>
                    <span className="vl-action">
                      {t('visits.list.continue')}
                      <span aria-hidden="true"> →</span>
                    </span>
                  </Link>
                </li>
              );
            }}
          />
          <Section
            title={t('visits.list.returned')}
            items={data.returned}
            empty={t('visits.list.noReturned')}
            render={(visit) => (
              <VisitRow
                key={visit.id}
                visit={visit}
                business={data.businesses.get(visit.businessId)}
                showComment
              />
            )}
          />
          <Section
            title={t('visits.list.pending')}
            items={data.pending}
            empty={t('visits.list.noPending')}
            render={(visit) => (
              <VisitRow key={visit.id} visit={visit} business={data.businesses.get(visit.businessId)} />
            )}
          />
          <Section
            title={t('visits.list.recent', { days: LISTED_DAYS })}
            items={data.recent}
            empty={t('visits.list.noRecent', { days: LISTED_DAYS })}
            render={(visit) => (
              <VisitRow key={visit.id} visit={visit} business={data.businesses.get(visit.businessId)} />
            )}
          />
        </>
      )}
    </section>
  );
}
