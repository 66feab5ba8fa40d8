import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import type { FollowUp } from '@/shared/domain/follow-up';
import type {
  ChecklistProgressPoint,
  ItemHistory,
  NaikKelasSignal,
  SalesPoint,
  SalesTrend,
} from '@/shared/domain/progress';
import { useFormat } from '@/client/components/use-format';
import { SalesSparkline } from './sales-sparkline';
import '@/client/i18n/history';
import '@/client/i18n/labels';

export type ChecklistProgress = {
  kind: ChecklistKind;
  series: ChecklistProgressPoint[];
  items: ItemHistory[];
};

function useLabel() {
  const { i18n } = useTranslation();
  return (text: { id: string; en: string }) => (i18n.language === 'en' ? text.en : text.id);
}

function ChecklistKindProgress({ progress }: { progress: ChecklistProgress }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useLabel();
  const kindLabel = t(`labels.checklistKind.${progress.kind}`);
  if (progress.series.length === 0) {
    return (
      <div className="bp-checklist">
        <h3>{kindLabel}</h3>
        <p className="muted">{t('history.progress.empty', { kind: kindLabel.toLowerCase() })}</p>
      </div>
    );
  }
  const done = progress.items.filter((item) => item.done);
  const pending = progress.items.filter((item) => !item.done);
  return (
    <div className="bp-checklist">
      <h3>{kindLabel}</h3>
      <h4 className="bp-subheading">{t('history.progress.series')}</h4>
      <ol className="bp-progress-series">
        {progress.series.map((point) => (
          <li key={point.visitId}>
            <span className="bp-progress-date">{format.date(point.visitedAt)}</span>
            <span className="bp-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(point.share * 100)}%` }} />
            </span>
            <span className="bp-progress-value">
              {t('history.progress.point', { done: point.done, total: point.applicable })} (
              {format.percent(point.share)})
            </span>
          </li>
        ))}
      </ol>
      <h4 className="bp-subheading">{t('history.progress.doneHeading')}</h4>
      {done.length === 0 ? (
        <p className="muted">{t('history.progress.doneNone')}</p>
      ) : (
        <ul className="bp-items">
          {done.map(({ item, doneSince, doneAtFirstObservation }) => (
            <li key={item.id}>
              <strong>{label(item.label)}</strong>:{' '}
              {doneSince &&
                (doneAtFirstObservation && doneSince === progress.series[0]?.visitedAt
                  ? t('history.progress.doneSinceFirst', { date: format.date(doneSince) })
                  : t('history.progress.doneSince', { date: format.date(doneSince) }))}
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <details className="bp-pending">
          <summary>{t('history.progress.pendingHeading', { count: pending.length })}</summary>
          <ul className="bp-items">
            {pending.map(({ item, firstDoneAt }) => (
              <li key={item.id}>
                {label(item.label)}
                {firstDoneAt && (
                  <span className="muted">
                    {' '}
                    — {t('history.progress.wasDone', { date: format.date(firstDoneAt) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Per checklist kind: the share done at each visit, and which items became true when. */
export function ChecklistProgressSection({ progress }: { progress: readonly ChecklistProgress[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.progress.heading')}</h2>
      {progress.map((entry) => (
        <ChecklistKindProgress key={entry.kind} progress={entry} />
      ))}
    </section>
  );
}

/** "Naik kelas" signals, oldest first, each with where the evidence came from. */
export function SignalsSection({ signals }: { signals: readonly NaikKelasSignal[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.signals.heading')}</h2>
      {signals.length === 0 ? (
        <p className="muted">{t('history.signals.empty')}</p>
      ) : (
        <>
          <ol className="bp-signals">
            {signals.map((signal) => (
              <li key={`${signal.kind}-${signal.at}`}>
                <strong>
                  {signal.kind === 'size_up'
                    ? t('history.signals.kind.size_up', {
                        from: t(`sizeClass.${signal.from}`),
                        to: t(`sizeClass.${signal.to}`),
                      })
                    : t(`history.signals.kind.${signal.kind}`)}
                </strong>
                <span className="bp-signal-date">{format.date(signal.at)}</span>
                <span className="muted bp-small">{t(`history.signals.source.${signal.source}`)}</span>
              </li>
            ))}
          </ol>
          {signals.some((signal) => signal.source === 'profile') && (
            <p className="muted bp-small">{t('history.signals.profileNote')}</p>
          )}
        </>
      )}
    </section>
  );
}

/** Monthly sales from visits: a sparkline and the same trend in one sentence. */
export function SalesSection({ series, trend }: { series: readonly SalesPoint[]; trend: SalesTrend | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  let summary = '';
  const first = series[0];
  if (trend) {
    const values = {
      first: format.rupiah(trend.first.amount),
      firstMonth: format.month(trend.first.month),
      last: format.rupiah(trend.last.amount),
      lastMonth: format.month(trend.last.month),
      change: trend.change === null ? '' : format.signedPercent(trend.change),
    };
    summary = `${t(`history.sales.${trend.direction}`, values)} ${t('history.sales.range', {
      min: format.rupiah(trend.min),
      max: format.rupiah(trend.max),
    })}`;
  } else if (first) {
    summary = t('history.sales.single', {
      amount: format.rupiah(first.amount),
      month: format.month(first.month),
    });
  }
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.sales.heading')}</h2>
      {series.length === 0 ? (
        <p className="muted">{t('history.sales.empty')}</p>
      ) : (
        <>
          <SalesSparkline values={series.map((point) => point.amount)} summary={summary} />
          <details className="bp-figures">
            <summary>{t('history.sales.figures')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('history.sales.month')}</th>
                  <th scope="col">{t('history.sales.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {series.map((point) => (
                  <tr key={point.month}>
                    <th scope="row">{format.month(point.month)}</th>
                    <td>{format.rupiah(point.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

/** Follow-up actions not done yet, earliest due first; overdue ones stand out. */
export function OpenFollowUpsSection({
  followUps,
  today,
}: {
  followUps: readonly FollowUp[];
  today: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.followUps.heading')}</h2>
      {followUps.length === 0 ? (
        <p className="muted">{t('history.followUps.empty')}</p>
      ) : (
        <ul className="bp-followups">
          {followUps.map((followUp) => {
            const overdue = followUp.dueOn !== null && followUp.dueOn < today;
            return (
              <li key={followUp.id}>
                <strong>{followUp.what}</strong>
                <span className="muted">{t('history.followUps.who', { who: followUp.who })}</span>
                <span className={overdue ? 'bp-overdue' : undefined}>
                  {followUp.dueOn === null
                    ? t('history.followUps.noDue')
                    : t(overdue ? 'history.followUps.overdue' : 'history.followUps.due', {
                        date: format.day(followUp.dueOn),
                      })}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
