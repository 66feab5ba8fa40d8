import { createElement, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localDb } from '@/client/data/local-db';
import { useRegions } from '@/client/data/reference-repository';
import { loadSession } from '@/client/data/session-repository';
import {
  LONG_UNVISITED_DAYS,
  LONG_UNVISITED_LIMIT,
  daysBetween,
  loadDueFollowUps,
  loadOwnerRequests,
  loadReturnedVisits,
  loadVisitDrafts,
  loadVisitPlanning,
  localIsoDate,
  setFollowUpDone,
  type BusinessSummary,
  type DueFollowUp,
  type PlannedVisit,
  type ReturnedVisit,
  type UnvisitedBusiness,
  type VisitDraft,
} from '@/client/data/today-repository';
import type { FollowUp } from '@/shared/domain/follow-up';
import { useFormat } from '@/client/components/use-format';
import { firstScreenDrawn, holdFirstScreen } from '@/client/components/when-idle';
import { useLocalToday } from './today-format';
import { BusinessLine, businessHref, Context, Section } from './today-parts';
import './today-page.css';
import '@/client/i18n/today';

const startVisitHref = (businessId: string) =>
  `/kunjungan/baru?${new URLSearchParams({ usaha: businessId })}`;
const draftHref = (draftId: string) => `/kunjungan/baru?${new URLSearchParams({ draf: draftId })}`;
const visitHref = (id: string) => `/kunjungan/${encodeURIComponent(id)}`;

/** Requests from owners are rare: their section (and the invite texts) load only when there are some. */
type OwnerSection = typeof import('./owner-requests-section').OwnerRequestsSection;

/**
 * The owners' section's code once `needed` (null until then); 'failed' when it could not load, so
 * Today still shows its other lists. Not React.lazy: a grid suspended on it would be revealed no
 * sooner than React's 300 ms throttle allows after its fallback.
 */
function useOwnerSection(needed: boolean): OwnerSection | 'failed' | null {
  const [loaded, setLoaded] = useState<OwnerSection | 'failed' | null>(null);
  useEffect(() => {
    if (!needed || loaded) return;
    let live = true;
    import('./owner-requests-section').then(
      (m) => live && setLoaded(() => m.OwnerRequestsSection),
      () => live && setLoaded('failed'),
    );
    return () => {
      live = false;
    };
  }, [needed, loaded]);
  return loaded;
}

function StartVisitLink({ business }: { business: BusinessSummary }) {
  const { t } = useTranslation();
  return (
    <Link className="button button-primary today-action" to={startVisitHref(business.id)}>
      {t('today.startVisit')}
      <Context>{business.name}</Context>
    </Link>
  );
}

function PlanRow({ plan, nameOf }: { plan: PlannedVisit; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="today-item">
      <div className="today-item-main">
        <BusinessLine business={plan.business} villageName={nameOf(plan.business.villageCode)} />
        <p className={plan.daysLate > 0 ? 'today-item-meta today-late' : 'today-item-meta'}>
          {plan.daysLate > 0
            ? t('today.overdue.late', { count: plan.daysLate, date: format.day(plan.plannedOn) })
            : t('today.planned.plannedAt', { date: format.date(plan.plannedAtVisit.visitedAt) })}
        </p>
      </div>
      <StartVisitLink business={plan.business} />
    </li>
  );
}

function dueLabel(t: (key: string, values?: Record<string, unknown>) => string, dueInDays: number): string {
  if (dueInDays < 0) return t('today.followUps.overdue', { count: -dueInDays });
  if (dueInDays === 0) return t('today.followUps.dueToday');
  if (dueInDays === 1) return t('today.followUps.dueTomorrow');
  return t('today.followUps.dueIn', { count: dueInDays });
}

function FollowUpRow({
  item,
  nameOf,
  busy,
  onDone,
}: {
  item: DueFollowUp;
  nameOf: (code: string) => string;
  busy: boolean;
  onDone: (followUp: FollowUp) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { followUp, business, dueInDays } = item;
  return (
    <li className="today-item">
      <div className="today-item-main">
        <p className="today-item-what">{followUp.what}</p>
        <p className="today-item-meta">
          <span className={dueInDays < 0 ? 'today-late' : 'today-soon'}>{dueLabel(t, dueInDays)}</span>
          {followUp.dueOn ? ` (${format.day(followUp.dueOn)})` : ''} ·{' '}
          {t('today.followUps.who', { who: followUp.who })}
        </p>
        <p className="today-item-business">
          <Link to={businessHref(business.id)}>{business.name}</Link>
          <span className="today-item-meta"> · {nameOf(business.villageCode)}</span>
        </p>
      </div>
      <button type="button" className="button today-action" disabled={busy} onClick={() => onDone(followUp)}>
        {t('today.followUps.markDone')}
        <Context>{followUp.what}</Context>
      </button>
    </li>
  );
}

/** Follow-ups with a one-tap "done" and an undo, announced politely to screen readers. */
function FollowUpSection({
  followUps,
  nameOf,
}: {
  followUps: DueFollowUp[];
  nameOf: (code: string) => string;
}) {
  const { t } = useTranslation();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ followUp: FollowUp; failed: boolean } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);

  async function mark(followUp: FollowUp, done: boolean) {
    setBusyId(followUp.id);
    try {
      await setFollowUpDone(localDb, followUp.id, done);
      setMessage(done ? { followUp, failed: false } : null);
      // The row leaves the list; keep the keyboard next to what just happened.
      if (done) requestAnimationFrame(() => undoRef.current?.focus());
    } catch {
      setMessage({ followUp, failed: true });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <Section
      title={t('today.followUps.heading')}
      items={followUps}
      empty={t('today.followUps.empty')}
      renderItem={(item) => (
        <FollowUpRow
          key={item.followUp.id}
          item={item}
          nameOf={nameOf}
          busy={busyId === item.followUp.id}
          onDone={(followUp) => void mark(followUp, true)}
        />
      )}
      footer={
        <div role="status" className="today-status">
          {message &&
            (message.failed ? (
              <p className="form-error">{t('today.followUps.failed')}</p>
            ) : (
              <p className="today-done">
                <span>{t('today.followUps.doneMessage', { what: message.followUp.what })}</span>
                <button
                  ref={undoRef}
                  type="button"
                  className="button"
                  disabled={busyId !== null}
                  onClick={() => void mark(message.followUp, false)}
                >
                  {t('today.followUps.undo')}
                </button>
              </p>
            ))}
        </div>
      }
    />
  );
}

function ReturnedRow({ entry, nameOf }: { entry: ReturnedVisit; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { visit, business } = entry;
  return (
    <li className="today-item">
      <div className="today-item-main">
        {business ? (
          <BusinessLine business={business} villageName={nameOf(business.villageCode)} />
        ) : (
          <p className="today-item-title">{t('today.unknownBusiness')}</p>
        )}
        <p className="today-item-meta">
          {t('today.returned.visitOn', { date: format.date(visit.visitedAt) })}
        </p>
        <blockquote className="today-comment">
          {visit.reviewComment
            ? t('today.returned.comment', { comment: visit.reviewComment })
            : t('today.returned.noComment')}
        </blockquote>
      </div>
      <Link className="button button-primary today-action" to={visitHref(visit.id)}>
        {t('today.returned.open')}
        <Context>
          {business?.name ?? t('today.unknownBusiness')}, {format.date(visit.visitedAt)}
        </Context>
      </Link>
    </li>
  );
}

function DraftRow({ draft, nameOf }: { draft: VisitDraft; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const name =
    draft.business?.name ?? (draft.businessId ? t('today.unknownBusiness') : t('today.drafts.noBusiness'));
  return (
    <li className="today-item">
      <div className="today-item-main">
        {draft.business ? (
          <BusinessLine business={draft.business} villageName={nameOf(draft.business.villageCode)} />
        ) : (
          <p className="today-item-title">{name}</p>
        )}
        <p className="today-item-meta">
          {t('today.drafts.savedAt', { date: format.dateTime(draft.updatedAt) })}
        </p>
      </div>
      <Link className="button button-primary today-action" to={draftHref(draft.draftId)}>
        {t('today.drafts.continue')}
        <Context>{name}</Context>
      </Link>
    </li>
  );
}

function UnvisitedRow({
  entry,
  today,
  nameOf,
}: {
  entry: UnvisitedBusiness;
  today: string;
  nameOf: (code: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { business, lastVisitedAt } = entry;
  return (
    <li className="today-item">
      <div className="today-item-main">
        <BusinessLine business={business} villageName={nameOf(business.villageCode)} />
        <p className="today-item-meta">
          {lastVisitedAt
            ? t('today.unvisited.lastVisit', {
                date: format.date(lastVisitedAt),
                count: daysBetween(localIsoDate(new Date(lastVisitedAt)), today),
              })
            : t('today.unvisited.never')}
        </p>
      </div>
      <StartVisitLink business={business} />
    </li>
  );
}

/**
 * The coach's landing page: what to do today, each list one tap from its action. Loaded eagerly
 * with the app shell, so it carries no heavy library and no reference list.
 */
export function TodayPage() {
  // Before the shell's idle work starts (it waits for the first render's idle moment): the sync
  // engine's code then waits for these lists instead of arriving while they are read. Once per load.
  holdFirstScreen();
  const { t } = useTranslation();
  // The session as stored on the phone (features do not reach into the auth feature); the router
  // shows this page only to a signed-in coach.
  const user = useLiveQuery(() => loadSession(localDb), [])?.user ?? null;
  const userId = user?.id ?? null;
  const today = useLocalToday();
  const format = useFormat();
  const regions = useRegions();
  const nameOf = regions?.nameOf ?? ((code: string) => code);
  // Four live queries, not one: each section appears as soon as its own data is read, and a change
  // re-reads only what it touches (ticking a follow-up does not re-read every business's visits).
  const followUps = useLiveQuery(
    () => (userId ? loadDueFollowUps(localDb, userId, today) : undefined),
    [userId, today],
  );
  const returned = useLiveQuery(() => (userId ? loadReturnedVisits(localDb, userId) : undefined), [userId]);
  const drafts = useLiveQuery(() => (userId ? loadVisitDrafts(localDb, userId) : undefined), [userId]);
  const ownerRequests = useLiveQuery(
    () => (userId ? loadOwnerRequests(localDb, userId) : undefined),
    [userId],
  );
  // Planning reads one visit per business, hundreds of requests for a large caseload; it starts once
  // returned visits and drafts are in, so their few requests are not queued behind it.
  const lightReady = returned !== undefined && drafts !== undefined;
  const planning = useLiveQuery(
    () => (userId && lightReady ? loadVisitPlanning(localDb, userId, today) : undefined),
    [userId, today, lightReady],
  );
  // The lists are drawn together, once all are read: drawn one by one, the first section ("planned
  // today", the last read) grew under the coach's thumb and pushed every other list down (Lighthouse
  // measured a layout shift of 0.5 on a day with planned visits). Until then one line says it is
  // loading, below everything already on screen, so nothing moves. The owners' requests section is
  // a chunk of its own: the grid waits for it too, rather than having it open up in the middle.
  const OwnerRequestsSection = useOwnerSection((ownerRequests?.length ?? 0) > 0);
  const loaded =
    followUps !== undefined &&
    returned !== undefined &&
    drafts !== undefined &&
    ownerRequests !== undefined &&
    (ownerRequests.length === 0 || OwnerRequestsSection !== null) &&
    planning !== undefined;
  // The grid is drawn as deferred work: React then renders it in slices, yielding to the browser
  // every few milliseconds, instead of one task holding the main thread for all the lists at once.
  const drawn = useDeferredValue(loaded) && loaded;
  useEffect(() => {
    if (drawn) firstScreenDrawn();
  }, [drawn]);
  const loading = (
    <p className="muted" role="status">
      {t('app.loading')}
    </p>
  );

  return (
    <section className="page today-page">
      <h1>{t('today.title')}</h1>
      {/* Its line is there before the session is read, so the lists below do not move when it is. */}
      <p className="greeting">{user ? t('home.greeting', { name: user.name }) : '\u00a0'}</p>
      <p className="muted today-date">{format.longDay(today)}</p>

      {!drawn ? (
        loading
      ) : (
        <div className="today-grid">
          <Section
            title={t('today.planned.heading')}
            items={planning.plannedToday}
            empty={t('today.planned.empty')}
            renderItem={(plan) => <PlanRow key={plan.business.id} plan={plan} nameOf={nameOf} />}
          />
          <Section
            title={t('today.drafts.heading')}
            items={drafts}
            empty={t('today.drafts.empty')}
            renderItem={(draft) => <DraftRow key={draft.draftId} draft={draft} nameOf={nameOf} />}
          />
          <Section
            title={t('today.overdue.heading')}
            items={planning.overduePlans}
            empty={t('today.overdue.empty')}
            renderItem={(plan) => <PlanRow key={plan.business.id} plan={plan} nameOf={nameOf} />}
          />
          <FollowUpSection followUps={followUps} nameOf={nameOf} />
          {OwnerRequestsSection &&
            OwnerRequestsSection !== 'failed' &&
            // The loaded module's component, set once (useOwnerSection): not one made per render.
            createElement(OwnerRequestsSection, { requests: ownerRequests, nameOf })}
          <Section
            title={t('today.returned.heading')}
            items={returned}
            empty={t('today.returned.empty')}
            renderItem={(entry) => <ReturnedRow key={entry.visit.id} entry={entry} nameOf={nameOf} />}
          />
          <Section
            title={t('today.unvisited.heading')}
            items={planning.unvisited.businesses}
            total={planning.unvisited.total}
            limit={LONG_UNVISITED_LIMIT}
            empty={t('today.unvisited.empty', { days: LONG_UNVISITED_DAYS })}
            renderItem={(entry) => (
              <UnvisitedRow key={entry.business.id} entry={entry} today={today} nameOf={nameOf} />
            )}
            footer={
              planning.unvisited.total > planning.unvisited.businesses.length ? (
                <p className="muted today-footnote">
                  {t('today.unvisited.showing', {
                    shown: planning.unvisited.businesses.length,
                    total: planning.unvisited.total,
                    days: LONG_UNVISITED_DAYS,
                  })}
                </p>
              ) : null
            }
          />
        </div>
      )}
    </section>
  );
}
