import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadRegionNames } from '@/client/data/reference-repository';
import { REVIEW_COMMENT_MAX, type ReviewDecision } from '@/shared/domain/review';
import type { Photo } from '@/shared/domain/photo';
import { failureReason, type DeskApi, type DeskFailure, type VisitDetail } from './desk-api';
import { useDeskTranslation } from './desk-text';
import { LoadStatus } from './load-status';
import { businessHref, REVIEW_PATH } from './desk-paths';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import '@/client/i18n/labels';

/** The comment being written is kept on this device until the decision is saved. */
const draftKey = (visitId: string) => `binaan.desk.reviewComment.${visitId}`;
function readDraft(visitId: string): string {
  try {
    return localStorage.getItem(draftKey(visitId)) ?? '';
  } catch {
    return '';
  }
}
function writeDraft(visitId: string, comment: string): void {
  try {
    if (comment === '') localStorage.removeItem(draftKey(visitId));
    else localStorage.setItem(draftKey(visitId), comment);
  } catch {
    // Storage refused (private mode): the text is still in the form.
  }
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; failure: DeskFailure }
  | { status: 'ready'; detail: VisitDetail };

type Notice = { kind: 'error' | 'warning'; text: string } | null;

export function ReviewVisitPage() {
  const { visitId = '' } = useParams();
  const { t } = useDeskTranslation();
  const api = useDeskApi();
  const run = useMemo(() => (api ? () => api.visit(visitId) : null), [api, visitId]);
  const { result, retry, replace } = useRequest(run, visitId);
  const loaded: Loaded =
    result === null
      ? { status: 'loading' }
      : result.ok
        ? { status: 'ready', detail: result.value }
        : { status: 'failed', failure: result };
  /** Reads the visit again under the open form (after a stale answer); on failure the old one stays. */
  const reread = async () => {
    if (!run) return;
    const again = await run();
    if (again.ok) replace(again);
  };

  return (
    <section className="page desk-page">
      <p>
        <Link to={REVIEW_PATH}>← {t('desk.visit.back')}</Link>
      </p>
      {loaded.status !== 'ready' && (
        <LoadStatus
          failure={loaded.status === 'failed' ? loaded.failure : null}
          offlineText={t('desk.visit.loadOffline')}
          notFoundText={t('desk.visit.notFound')}
          onRetry={retry}
        />
      )}
      {loaded.status === 'ready' && api && <VisitReview api={api} detail={loaded.detail} onReload={reread} />}
    </section>
  );
}

function VisitReview({
  api,
  detail,
  onReload,
}: {
  api: DeskApi;
  detail: VisitDetail;
  /** Reads the visit again (after a stale answer: the coordinator sees what changed). */
  onReload: () => Promise<void>;
}) {
  const { t } = useDeskTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const regions = useLiveQuery(() => loadRegionNames(localDb), []);
  const { visit, business, coach } = detail;
  const headingId = useId();
  const commentId = useId();
  const hintId = useId();
  const [restored] = useState(() => readDraft(visit.id));
  const [comment, setComment] = useState(restored);
  const [saving, setSaving] = useState<ReviewDecision | null>(null);
  const [notice, setNotice] = useState<Notice>(
    restored ? { kind: 'warning', text: t('desk.visit.draftKept') } : null,
  );
  const [commentError, setCommentError] = useState<string | null>(null);
  const nameOf = (code: string) => regions?.nameOf(code) ?? code;

  const changeComment = (text: string) => {
    setComment(text);
    writeDraft(visit.id, text);
    if (text.trim() !== '') setCommentError(null);
  };

  const decide = async (decision: ReviewDecision, event?: FormEvent) => {
    event?.preventDefault();
    const text = comment.trim();
    if (decision === 'return' && text === '') {
      setCommentError(t('desk.visit.commentRequired'));
      document.getElementById(commentId)?.focus();
      return;
    }
    setSaving(decision);
    setNotice(null);
    const result = await api.review(visit.id, {
      decision,
      comment: text === '' ? null : text,
      expectedUpdatedAt: visit.updatedAt,
    });
    setSaving(null);
    if (result.ok) {
      writeDraft(visit.id, '');
      const flash = decision === 'approve' ? t('desk.visit.approved') : t('desk.visit.returned');
      void navigate(REVIEW_PATH, { state: { flash } });
      return;
    }
    switch (result.failure) {
      case 'stale':
        // Show what changed; the comment stays in the box for a second decision.
        setNotice({ kind: 'warning', text: t('desk.visit.stale') });
        await onReload();
        return;
      case 'network':
        setNotice({ kind: 'error', text: t('desk.visit.offline') });
        return;
      case 'invalid':
        if (result.fields.some((field) => field.path === 'comment')) {
          setCommentError(result.fields.find((field) => field.path === 'comment')?.message ?? result.message);
        } else setNotice({ kind: 'error', text: t('desk.visit.failed', { reason: result.message }) });
        return;
      case 'notFound':
        setNotice({ kind: 'error', text: t('desk.visit.notFound') });
        return;
      default:
        setNotice({
          kind: 'error',
          text: t('desk.visit.failed', { reason: failureReason(result) }),
        });
    }
  };

  const location = visit.location;
  return (
    <article aria-labelledby={headingId}>
      <header className="desk-visit-head">
        <h1 id={headingId}>{t('desk.visit.title', { name: business.name })}</h1>
        <span className={`desk-badge desk-badge-${visit.reviewState}`}>
          {t(`labels.reviewState.${visit.reviewState}`)}
        </span>
      </header>
      <p className="muted">
        <Link to={businessHref(business.id)}>{business.name}</Link> · {business.ownerName} ·{' '}
        {nameOf(business.villageCode)}, {nameOf(business.districtCode)}
      </p>

      <div className="desk-columns">
        <div>
          <dl className="card desk-facts">
            <dt>{t('desk.visit.visitedAt')}</dt>
            <dd>{format.dateTime(visit.visitedAt)}</dd>
            <dt>{t('desk.visit.coach')}</dt>
            <dd>{coach.name}</dd>
            <dt>{t('desk.visit.kind')}</dt>
            <dd>{t(`labels.visitKind.${visit.kind}`)}</dd>
            <dt>{t('desk.visit.topics')}</dt>
            <dd>
              {visit.topics.length > 0
                ? visit.topics.map((topic) => t(`labels.topic.${topic}`)).join(', ')
                : t('desk.visit.nothing')}
            </dd>
            <dt>{t('desk.visit.monthlySales')}</dt>
            <dd>
              {visit.monthlySales === null ? t('desk.visit.nothing') : format.rupiah(visit.monthlySales)}
            </dd>
            <dt>{t('desk.visit.employees')}</dt>
            <dd>{visit.employees === null ? t('desk.visit.nothing') : format.number(visit.employees)}</dd>
            <dt>{t('desk.visit.location')}</dt>
            <dd>
              {location ? (
                <>
                  {location.lat.toFixed(5)}, {location.lng.toFixed(5)}
                  {location.accuracy !== undefined &&
                    ` (${t('desk.visit.locationAccuracy', { meters: Math.round(location.accuracy) })})`}{' '}
                  <a
                    href={`https://www.openstreetmap.org/?mlat=${location.lat}&mlon=${location.lng}#map=18/${location.lat}/${location.lng}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t('desk.visit.openMap')}
                  </a>
                </>
              ) : (
                t('desk.visit.noLocation')
              )}
            </dd>
          </dl>

          <TextBlock title={t('desk.visit.notes')} text={visit.notes} empty={t('desk.visit.nothing')} />
          <TextBlock title={t('desk.visit.problems')} text={visit.problems} empty={t('desk.visit.nothing')} />
          <TextBlock title={t('desk.visit.advice')} text={visit.advice} empty={t('desk.visit.nothing')} />

          <section className="card">
            <h2>{t('desk.visit.followUps')}</h2>
            {detail.followUps.length === 0 ? (
              <p className="muted">{t('desk.visit.noFollowUps')}</p>
            ) : (
              <ul className="desk-plain-list">
                {detail.followUps.map((followUp) => (
                  <li key={followUp.id}>
                    {followUp.what}
                    {followUp.who ? ` (${followUp.who})` : ''} —{' '}
                    {followUp.doneAt
                      ? t('desk.visit.followUpDone', { date: format.date(followUp.doneAt) })
                      : followUp.dueOn
                        ? t('desk.visit.followUpDue', { date: format.day(followUp.dueOn) })
                        : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card">
            <h2>{t('desk.visit.checklists')}</h2>
            {detail.checklistStates.length === 0 ? (
              <p className="muted">{t('desk.visit.noChecklists')}</p>
            ) : (
              <ul className="desk-plain-list">
                {detail.checklistStates.map((state) => (
                  <li key={state.id}>
                    {t(`labels.checklistKind.${state.kind}`)}:{' '}
                    {t('desk.visit.checklistCount', {
                      done: Object.values(state.items).filter((item) => item.done).length,
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <Photos api={api} photos={detail.photos} />
        </div>

        <div>
          <section className="card">
            <h2>{t('desk.visit.history')}</h2>
            <ol className="desk-history">
              {/* The submission itself, from the visit (rows synced before the history existed have none). */}
              <li>
                <strong>{t('labels.reviewState.submitted')}</strong> — {coach.name},{' '}
                {format.dateTime(visit.createdAt)}
              </li>
              {detail.history
                .filter((event) => event.fromState !== null)
                .map((event) => (
                  <li key={event.id}>
                    <strong>{t(`labels.reviewState.${event.toState}`)}</strong> —{' '}
                    {event.byName ?? t('desk.visit.someone')}, {format.dateTime(event.at)}
                    {event.comment && <q className="desk-quote">{event.comment}</q>}
                  </li>
                ))}
            </ol>
          </section>

          <form className="card desk-decision" onSubmit={(event) => void decide('approve', event)} noValidate>
            <h2>{t('desk.visit.decision')}</h2>
            {notice && (
              <p className={notice.kind === 'error' ? 'form-error' : 'warning'} role="alert">
                {notice.text}
              </p>
            )}
            <div className="field">
              <label htmlFor={commentId}>{t('desk.visit.comment')}</label>
              <textarea
                id={commentId}
                rows={4}
                maxLength={REVIEW_COMMENT_MAX}
                value={comment}
                aria-describedby={hintId}
                aria-invalid={commentError ? true : undefined}
                onChange={(event) => changeComment(event.target.value)}
              />
              <p id={hintId} className="muted">
                {t('desk.visit.commentHint')}
              </p>
              {commentError && (
                <p className="field-error" role="alert">
                  {commentError}
                </p>
              )}
            </div>
            <div className="button-row">
              <button
                type="submit"
                className="button button-primary"
                disabled={saving !== null || visit.reviewState === 'approved'}
              >
                {saving === 'approve' ? t('desk.visit.saving') : t('desk.visit.approve')}
              </button>
              <button
                type="button"
                className="button"
                disabled={saving !== null}
                onClick={() => void decide('return')}
              >
                {saving === 'return' ? t('desk.visit.saving') : t('desk.visit.return')}
              </button>
            </div>
          </form>
        </div>
      </div>
    </article>
  );
}

function TextBlock({ title, text, empty }: { title: string; text: string; empty: string }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      <p className={text ? 'desk-text' : 'muted'}>{text || empty}</p>
    </section>
  );
}

/** Photos are fetched only when asked for: a review often needs none, and each is a download. */
function Photos({ api, photos }: { api: DeskApi; photos: Photo[] }) {
  const { t } = useDeskTranslation();
  const [urls, setUrls] = useState<Record<string, string | null> | null>(null);
  useEffect(
    () => () => {
      for (const url of Object.values(urls ?? {})) if (url) URL.revokeObjectURL(url);
    },
    [urls],
  );
  const show = async () => {
    const entries = await Promise.all(
      photos.map(async (photo) => [photo.id, await api.photoUrl(photo.sha256)] as const),
    );
    setUrls(Object.fromEntries(entries));
  };
  return (
    <section className="card">
      <h2>{t('desk.visit.photos')}</h2>
      {photos.length === 0 ? (
        <p className="muted">{t('desk.visit.noPhotos')}</p>
      ) : urls === null ? (
        <button type="button" className="button" onClick={() => void show()}>
          {t('desk.visit.showPhotos', { count: photos.length })}
        </button>
      ) : (
        <ul className="desk-photos">
          {photos.map((photo) => {
            const url = urls[photo.id];
            return (
              <li key={photo.id}>
                {url ? (
                  <figure>
                    <img src={url} alt={photo.caption || t(`labels.photoKind.${photo.kind}`)} />
                    <figcaption>
                      {photo.caption || t(`labels.photoKind.${photo.kind}`)} ·{' '}
                      <a href={url} target="_blank" rel="noreferrer">
                        {t('desk.visit.fullSize')}
                      </a>
                    </figcaption>
                  </figure>
                ) : (
                  <p className="muted">{t('desk.visit.photoMissing')}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
