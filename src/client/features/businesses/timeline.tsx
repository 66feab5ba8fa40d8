import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Visit } from '@/shared/domain/visit';
import { useFormat } from '@/client/components/use-format';
import '@/client/i18n/history';
import '@/client/i18n/labels';

export const visitHref = (id: string) => `/kunjungan/${encodeURIComponent(id)}`;

/** The first non-empty line of a note, cut at a word near 160 characters so a row stays short. */
export function firstLine(notes: string): string {
  const line =
    notes
      .split('\n')
      .find((part) => part.trim() !== '')
      ?.trim() ?? '';
  if (line.length <= 160) return line;
  const cut = line.slice(0, 160);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 120))}…`;
}

/** Visits painted when the page opens; a business visited weekly for years has hundreds. */
export const FIRST_VISITS_SHOWN = 20;
/** Visits each "show more" adds. */
export const MORE_VISITS_STEP = 50;

/**
 * Visits to the business, newest first, each opening the visit. Heading contract: t('history.timeline').
 * Only the latest FIRST_VISITS_SHOWN are drawn at first, so the page opens fast on a cheap phone
 * however long the history; "show more" draws older ones on request.
 */
export function VisitTimeline({ visits }: { visits: readonly Visit[] | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const [limit, setLimit] = useState(FIRST_VISITS_SHOWN);
  const shown = visits?.slice(0, limit) ?? [];
  const hidden = (visits?.length ?? 0) - shown.length;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.timeline')}</h2>
      {visits === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : visits.length === 0 ? (
        <p className="muted">{t('history.visits.empty')}</p>
      ) : (
        <>
          <p className="muted">
            {hidden > 0
              ? t('history.visits.shown', {
                  shown: format.number(shown.length),
                  count: format.number(visits.length),
                })
              : t('history.visits.count', { count: visits.length })}
          </p>
          <ol className="bp-timeline">
            {shown.map((visit) => {
              const note = firstLine(visit.notes);
              return (
                <li key={visit.id} className="bp-timeline-item">
                  <h3 className="bp-timeline-title">
                    <Link to={visitHref(visit.id)}>
                      {format.date(visit.visitedAt)} · {t(`labels.visitKind.${visit.kind}`)}
                    </Link>
                  </h3>
                  <p className="bp-timeline-meta">
                    <span className={`bp-badge bp-review-${visit.reviewState}`}>
                      {t(`labels.reviewState.${visit.reviewState}`)}
                    </span>
                    {visit.topics.length > 0 && (
                      <span>
                        {t('history.visits.topics', {
                          topics: visit.topics.map((topic) => t(`labels.topic.${topic}`)).join(', '),
                        })}
                      </span>
                    )}
                  </p>
                  <p className={note ? 'bp-timeline-note' : 'bp-timeline-note muted'}>
                    {note || t('history.visits.noNotes')}
                  </p>
                  {visit.monthlySales !== null && (
                    <p className="bp-timeline-meta">
                      {t('history.visits.sales', { amount: format.rupiah(visit.monthlySales) })}
                    </p>
                  )}
                  {visit.reviewState === 'returned' && visit.reviewComment && (
                    <p className="bp-timeline-comment">
                      {t('history.visits.reviewComment', { comment: visit.reviewComment })}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          {hidden > 0 && (
            <button
              type="button"
              className="button bp-timeline-more"
              onClick={() => setLimit((current) => current + MORE_VISITS_STEP)}
            >
              {t('history.visits.more', { count: Math.min(hidden, MORE_VISITS_STEP) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
