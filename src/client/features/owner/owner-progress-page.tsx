import { useId, useMemo } from 'react';
import { Link } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { checklistKindSchema, type ChecklistKind } from '@/shared/checklists/checklist-template';
import {
  checklistProgressSeries,
  itemHistories,
  type ChecklistProgressPoint,
  type ItemHistory,
} from '@/shared/domain/progress';
import { OWNER_HOME_PATH, OwnerNoBusiness, OwnerSyncLine } from './owner-common';
import { useLocalized, useLongMonth } from './owner-format';
import { useOwnerText } from './owner-text';
import { useOwnerData } from './use-owner-data';
import './owner.css';
import '@/client/i18n/labels';

type KindProgress = { kind: ChecklistKind; series: ChecklistProgressPoint[]; items: ItemHistory[] };

/**
 * One checklist in plain words: "Kemasan: 7 dari 12 sudah terpenuhi. Naik 3 sejak Maret 2026.", the
 * count at each visit, what is met (and since when), and what is still to do, with the template's
 * hint for each next step.
 */
function ChecklistStory({ progress }: { progress: KindProgress }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const longMonth = useLongMonth();
  const localized = useLocalized();
  const headingId = useId();
  const kindLabel = t(`labels.checklistKind.${progress.kind}`);
  const first = progress.series[0];
  const last = progress.series[progress.series.length - 1];

  if (!first || !last) {
    return (
      <section className="card owner-card" aria-labelledby={headingId}>
        <h2 id={headingId}>{kindLabel}</h2>
        <p className="muted">{t('owner.progress.none', { kind: kindLabel.toLowerCase() })}</p>
      </section>
    );
  }

  const change = last.done - first.done;
  const since = longMonth(first.visitedAt);
  const trend =
    progress.series.length < 2
      ? t('owner.progress.first', { date: format.date(first.visitedAt) })
      : change > 0
        ? t('owner.progress.up', { count: change, month: since })
        : change < 0
          ? t('owner.progress.down', { count: -change, month: since })
          : t('owner.progress.same', { month: since });
  const done = progress.items.filter((item) => item.done);
  const next = progress.items.filter((item) => !item.done);

  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{kindLabel}</h2>
      <p className="owner-story">
        {t('owner.progress.summary', { kind: kindLabel, done: last.done, total: last.applicable })} {trend}
      </p>
      <div
        className="owner-meter"
        role="img"
        aria-label={t('owner.progress.summary', { kind: kindLabel, done: last.done, total: last.applicable })}
      >
        <span style={{ width: `${Math.round(last.share * 100)}%` }} />
      </div>

      <h3 className="owner-subheading">{t('owner.progress.nextHeading')}</h3>
      {next.length === 0 ? (
        <p>{t('owner.progress.nextNone')}</p>
      ) : (
        <ol className="owner-items owner-items-next">
          {next.map(({ item, firstDoneAt }) => (
            <li key={item.id}>
              <span className="owner-item-label">{localized(item.label)}</span>
              {item.hint && <span className="owner-item-hint">{localized(item.hint)}</span>}
              {firstDoneAt && (
                <span className="owner-meta">
                  {t('owner.progress.wasDone', { date: format.date(firstDoneAt) })}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}

      <h3 className="owner-subheading">{t('owner.progress.doneHeading')}</h3>
      {done.length === 0 ? (
        <p className="muted">{t('owner.progress.doneNone')}</p>
      ) : (
        <ul className="owner-items owner-items-done">
          {done.map(({ item, doneSince, doneAtFirstObservation }) => (
            <li key={item.id}>
              <span className="owner-item-label">{localized(item.label)}</span>
              {doneSince && (
                <span className="owner-meta">
                  {doneAtFirstObservation && doneSince === first.visitedAt
                    ? t('owner.progress.doneSinceFirst', { date: format.date(doneSince) })
                    : t('owner.progress.doneSince', { date: format.date(doneSince) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {progress.series.length > 1 && (
        <details className="owner-history">
          <summary>{t('owner.progress.history')}</summary>
          <ol className="owner-items">
            {progress.series.map((point) => (
              <li key={point.visitId}>
                {t('owner.progress.point', {
                  date: format.date(point.visitedAt),
                  done: point.done,
                  total: point.applicable,
                })}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

/**
 * The owner's progress (/pemilik/kemajuan): each checklist the coach fills in at visits, told in
 * plain words over time, from the checklist states on the phone (shared/domain/progress.ts, the same
 * computation as the coach's business page). Works offline like the owner's home.
 */
export function OwnerProgressPage() {
  const { t } = useOwnerText();
  const data = useOwnerData();
  const view = data?.view ?? null;
  const progress = useMemo<KindProgress[]>(() => {
    if (!view) return [];
    const { business, visits, checklistStates } = view;
    return checklistKindSchema.options.map((kind) => ({
      kind,
      series: checklistProgressSeries(checklistStates, visits, kind, business.isFood),
      items: itemHistories(checklistStates, visits, kind, business.isFood),
    }));
  }, [view]);

  if (data === undefined) {
    return (
      <p className="loading" role="status">
        {t('owner.common.loading')}
      </p>
    );
  }
  if (!view) return <OwnerNoBusiness />;

  return (
    <article className="page owner-page">
      <header className="owner-header">
        <h1>{t('owner.progress.title')}</h1>
        <p className="owner-brand">{view.business.name}</p>
        <p className="muted">{t('owner.progress.intro')}</p>
        <OwnerSyncLine lastSyncAt={data.lastSyncAt} />
      </header>
      <div className="owner-grid">
        {progress.map((entry) => (
          <ChecklistStory key={entry.kind} progress={entry} />
        ))}
      </div>
      <p>
        <Link className="button" to={OWNER_HOME_PATH}>
          {t('owner.progress.back')}
        </Link>
      </p>
    </article>
  );
}
