import { useId, useState } from 'react';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { markFollowUpDone, type OwnerWriter } from '@/client/data/owner-repository';
import { localIsoDate } from '@/client/data/today-repository';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Visit } from '@/shared/domain/visit';
import { useOwnerText } from './owner-text';
import '@/client/i18n/labels';

/** Open first (by due date, as given), then done; the order of `actions` is kept within each. */
function openFirst(rows: readonly FollowUp[]): FollowUp[] {
  return [...rows.filter((row) => !row.doneAt), ...rows.filter((row) => row.doneAt)];
}

function OwnerActionRow({
  action,
  today,
  busy,
  onToggle,
}: {
  action: FollowUp;
  today: string;
  busy: boolean;
  onToggle: (action: FollowUp, done: boolean) => void;
}) {
  const { t } = useOwnerText();
  const format = useFormat();
  const metaId = useId();
  const done = action.doneAt !== null;
  const late = !done && action.dueOn !== null && action.dueOn < today;
  return (
    <li className={done ? 'owner-action owner-action-done' : 'owner-action'}>
      <label className="owner-check">
        <input
          type="checkbox"
          checked={done}
          disabled={busy}
          aria-describedby={metaId}
          onChange={(event) => onToggle(action, event.target.checked)}
        />
        <span className="owner-check-text">{action.what}</span>
      </label>
      <p
        id={metaId}
        className={late ? 'owner-meta owner-meta-indented owner-late' : 'owner-meta owner-meta-indented'}
      >
        {done && action.doneAt
          ? t('owner.actions.doneOn', { date: format.date(action.doneAt) })
          : action.dueOn
            ? late
              ? t('owner.actions.overdue', { date: format.day(action.dueOn) })
              : t('owner.actions.due', { date: format.day(action.dueOn) })
            : t('owner.actions.noDue')}
      </p>
    </li>
  );
}

/**
 * "Rencana aksi saya": the actions assigned to the owner, each a checkbox saved at once through the
 * outbox; the actions of the coach and other offices below, read-only.
 */
export function OwnerActionPlan({ actions, user }: { actions: readonly FollowUp[]; user: OwnerWriter }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const headingId = useId();
  const othersId = useId();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const today = localIsoDate(new Date());
  const mine = openFirst(actions.filter((action) => action.assignee === 'owner'));
  const others = openFirst(actions.filter((action) => action.assignee !== 'owner'));

  async function toggle(action: FollowUp, done: boolean) {
    setBusyId(action.id);
    try {
      await markFollowUpDone(localDb, user, action.id, done);
      setMessage({
        text: t(done ? 'owner.actions.saved' : 'owner.actions.undone', { what: action.what }),
        failed: false,
      });
    } catch {
      setMessage({ text: t('owner.actions.failed'), failed: true });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('owner.actions.heading')}</h2>
      {mine.length === 0 ? (
        <p className="muted">{t('owner.actions.empty')}</p>
      ) : (
        <>
          <p className="muted owner-small">{t('owner.actions.intro')}</p>
          <ul className="owner-list">
            {mine.map((action) => (
              <OwnerActionRow
                key={action.id}
                action={action}
                today={today}
                busy={busyId === action.id}
                onToggle={(row, done) => void toggle(row, done)}
              />
            ))}
          </ul>
        </>
      )}
      <div role="status" className="owner-status">
        {message && <p className={message.failed ? 'form-error' : 'owner-saved'}>{message.text}</p>}
      </div>
      <h3 id={othersId} className="owner-subheading">
        {t('owner.actions.others')}
      </h3>
      {others.length === 0 ? (
        <p className="muted">{t('owner.actions.othersEmpty')}</p>
      ) : (
        <ul className="owner-list" aria-labelledby={othersId}>
          {others.map((action) => (
            <li key={action.id} className={action.doneAt ? 'owner-action owner-action-done' : 'owner-action'}>
              <p className="owner-action-what">{action.what}</p>
              <p className="owner-meta">
                {t('owner.actions.who', { who: action.who })} ·{' '}
                {action.doneAt
                  ? t('owner.actions.otherDone')
                  : action.dueOn
                    ? `${t('owner.actions.otherOpen')}, ${t('owner.actions.due', { date: format.day(action.dueOn) })}`
                    : t('owner.actions.otherOpen')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * "Ringkasan kunjungan": only what the coach chose to share (visits marked `sharedWithOwner`), in
 * the coach's words for the owner. The coach's notes, problems and advice are never shown here.
 */
export function OwnerVisitSummaries({ visits }: { visits: readonly Visit[] }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const headingId = useId();
  const shared = visits.filter((visit) => visit.sharedWithOwner && !visit.deletedAt);
  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('owner.visits.heading')}</h2>
      {shared.length === 0 ? (
        <p className="muted">{t('owner.visits.empty')}</p>
      ) : (
        <ol className="owner-list owner-visits">
          {shared.map((visit) => (
            <li key={visit.id} className="owner-visit">
              <h3 className="owner-visit-title">
                {t('owner.visits.visitOn', { date: format.date(visit.visitedAt) })}
              </h3>
              <p className="owner-meta">
                {t(`labels.visitKind.${visit.kind}`)}
                {visit.topics.length > 0 &&
                  ` · ${t('owner.visits.topics', {
                    topics: visit.topics.map((topic) => t(`labels.topic.${topic}`)).join(', '),
                  })}`}
              </p>
              {visit.ownerSummary.trim() ? (
                <p className="owner-summary">{visit.ownerSummary}</p>
              ) : (
                <p className="muted">{t('owner.visits.noSummary')}</p>
              )}
              {visit.nextVisitOn && (
                <p className="owner-meta">
                  {t('owner.visits.next', { date: format.day(visit.nextVisitOn) })}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
