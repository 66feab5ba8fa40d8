import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { PhotoThumbnail } from '@/client/components/photo-picker';
import { StatusPage } from '@/client/components/status-page';
import { listVisitDrafts } from '@/client/data/draft-repository';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { requestPhotos } from '@/client/sync/photo-download';
import {
  assigneeOf,
  getVisitWithDetails,
  photoBytes,
  replyToReturnedVisit,
  type VisitWithDetails,
} from '@/client/data/visit-repository';
import { currentTemplate, templateVersion } from '@/shared/checklists';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { itemsFor } from '@/shared/checklists/checklist-template';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Photo } from '@/shared/domain/photo';
import { useFormat } from '@/client/components/use-format';
import { businessHref, newVisitHref, readSavedState, VISITS_PATH, type VisitSavedState } from './visit-paths';
import '@/client/components/form.css';
import './visits.css';
import '@/client/i18n/visits';
import '@/client/i18n/labels';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="vp-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function TextBlock({ label, text }: { label: string; text: string }) {
  if (text.trim() === '') return null;
  return (
    <div className="vp-text">
      <h3>{label}</h3>
      <p>{text}</p>
    </div>
  );
}

/** A visit's photos, read-only; a photo whose bytes are not on this phone yet shows a placeholder. */
function Photos({ photos, blobs }: { photos: Photo[]; blobs: Map<string, ArrayBuffer> }) {
  const { t } = useTranslation();
  // Photos taken on another device: their bytes are fetched now that someone looks at them.
  const missingKey = photos
    .filter((photo) => !blobs.has(photo.sha256))
    .map((photo) => photo.sha256)
    .join(',');
  useEffect(() => {
    if (missingKey) requestPhotos(missingKey.split(','));
  }, [missingKey]);
  if (photos.length === 0) return <p className="muted">{t('visits.detail.noPhotos')}</p>;
  return (
    <ul className="vp-photos">
      {photos.map((photo, index) => {
        const bytes = blobs.get(photo.sha256);
        const kind = t(`labels.photoKind.${photo.kind}`);
        return (
          <li key={photo.id}>
            {bytes ? (
              <PhotoThumbnail
                bytes={bytes}
                mimeType={photo.mimeType}
                alt={t('visits.photoPicker.alt', { number: index + 1, kind })}
                className="vp-photo"
              />
            ) : (
              <div className="vp-photo vp-photo-missing">{t('visits.photoPicker.notOnPhone')}</div>
            )}
            <p className="vp-photo-kind">
              {index + 1}. {kind}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

/** Who does a follow-up, in words; rows from before `assignee` existed get it from `who`. */
function useDoneBy(): (followUp: FollowUp) => string {
  const { t } = useTranslation();
  return (followUp) => {
    const assignee = assigneeOf(followUp);
    if (assignee === 'owner') return t('visits.detail.byOwner');
    if (assignee === 'coach') return t('visits.detail.byCoach');
    return t('visits.detail.byOther', { who: followUp.who });
  };
}

/** One checklist as ticked at this visit: each applicable item, done or not, with evidence and note. */
function Checklist({
  state,
  isFood,
  photoNumber,
}: {
  state: ChecklistState;
  isFood: boolean;
  photoNumber: (photoId: string) => number | null;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'id';
  const template = templateVersion(state.kind, state.templateVersion) ?? currentTemplate(state.kind);
  const items = itemsFor(template, isFood);
  const done = items.filter((item) => state.items[item.id]?.done).length;
  return (
    <section className="vp-checklist" aria-labelledby={`vp-checklist-${state.kind}`}>
      <h3 id={`vp-checklist-${state.kind}`}>
        {t(`labels.checklistKind.${state.kind}`)}{' '}
        <span className="vp-count">{t('visits.checklist.progress', { done, total: items.length })}</span>
      </h3>
      <ul className="vp-items">
        {items.map((item) => {
          const itemState = state.items[item.id];
          const evidence = itemState?.evidence;
          const number = evidence?.kind === 'photo' ? photoNumber(evidence.photoId) : null;
          return (
            <li key={item.id} className={itemState?.done ? 'vp-item vp-item-done' : 'vp-item'}>
              <span className="vp-mark" aria-hidden="true">
                {itemState?.done ? '✓' : '–'}
              </span>
              <div>
                <p className="vp-item-label">
                  {item.label[language]}
                  <span className="visually-hidden">
                    {': '}
                    {itemState?.done ? t('visits.detail.itemDone') : t('visits.detail.itemNotDone')}
                  </span>
                </p>
                {evidence?.kind === 'link' && (
                  <p className="vp-item-extra">
                    {t('visits.checklist.evidence.link')}:{' '}
                    <a href={evidence.value} target="_blank" rel="noreferrer noopener">
                      {evidence.value}
                    </a>
                  </p>
                )}
                {evidence?.kind === 'handle' && (
                  <p className="vp-item-extra">
                    {t('visits.checklist.evidence.handle')}: {evidence.value}
                  </p>
                )}
                {evidence?.kind === 'photo' && (
                  <p className="vp-item-extra">
                    {number
                      ? t('visits.detail.evidencePhoto', { number })
                      : t('visits.checklist.earlierPhoto')}
                  </p>
                )}
                {itemState?.note && <p className="vp-item-extra muted">{itemState.note}</p>}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The coach's answer to a returned visit: written here, sent back for review through the outbox. */
/** As long as the shared schema lets a reply be. */
const COACH_REPLY_MAX = (() => {
  const max = visitFieldsSchema.shape.coachReply.unwrap().unwrap().maxLength;
  return max ?? 2_000;
})();

function ReplyForm({
  detail,
  user,
  onSent,
}: {
  detail: VisitWithDetails;
  user: { id: string; organisationId: string };
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reply, setReply] = useState(detail.visit.coachReply ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reply.trim();
    if (trimmed === '') return setError(t('validation.required'));
    if (trimmed.length > COACH_REPLY_MAX) return setError(t('validation.tooLong'));
    setError(null);
    setBusy(true);
    try {
      await replyToReturnedVisit(localDb, user, detail.visit.id, trimmed);
      onSent();
    } catch (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      setError(t('visits.errors.saveFailed', { reason }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="entry-form vp-reply">
      <div className="field">
        <label htmlFor={id}>{t('visits.detail.replyLabel')}</label>
        <textarea
          id={id}
          rows={4}
          value={reply}
          onChange={(event) => setReply(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="form-hint muted">
            {t('visits.detail.replyHint')}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('visits.detail.resubmit')}
      </button>
    </form>
  );
}

function Flash({ state }: { state: VisitSavedState | null }) {
  const { t } = useTranslation();
  if (!state) return null;
  if (state.flash === 'savedWithoutPhotos') {
    return (
      <>
        <p className="vp-flash" role="status">
          {t('visits.savedWithoutPhotos')}
        </p>
        <div className="form-error vp-quota" role="alert">
          <p>{t('visits.quota.explain')}</p>
          <Link className="button" to={newVisitHref({ draftId: state.draftId })}>
            {t('visits.quota.openDraft')}
          </Link>
        </div>
      </>
    );
  }
  return (
    <p className="vp-flash" role="status">
      {state.flash === 'saved' ? t('visits.saved') : t('visits.detail.resubmitted')}
    </p>
  );
}

type PageData =
  | { detail: null }
  | {
      detail: VisitWithDetails;
      blobs: Map<string, ArrayBuffer>;
      /** Rows of this visit still in the outbox, not yet sent. */
      pending: boolean;
      draft: { draftId: string; photoCount: number } | null;
    };

/** `/kunjungan/:visitId`: a saved visit, read-only, with its review and (when returned) the reply. */
export function VisitPage() {
  const { t } = useTranslation();
  const { visitId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const format = useFormat();
  const doneBy = useDoneBy();
  // Read once, then dropped from the history entry: a reload or "back" later must not say "saved" again.
  const [flash] = useState(() => ({ visitId, state: readSavedState(location.state) }));
  const [resubmittedId, setResubmittedId] = useState<string | null>(null);
  useEffect(() => {
    if (location.state !== null && location.state !== undefined) {
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    }
  }, [location.state, location.pathname, location.search, navigate]);
  const session = useLiveQuery(() => loadSession(localDb), []);
  const data = useLiveQuery(async (): Promise<PageData> => {
    const detail = await getVisitWithDetails(localDb, visitId);
    if (!detail) return { detail: null };
    const rowIds = [
      visitId,
      ...detail.followUps.map((row) => row.id),
      ...detail.checklistStates.map((row) => row.id),
    ];
    const [bytes, pendingCount, drafts] = await Promise.all([
      Promise.all(detail.photos.map((photo) => photoBytes(localDb, photo.sha256))),
      localDb.outbox.where('rowId').anyOf(rowIds).count(),
      listVisitDrafts(localDb),
    ]);
    const blobs = new Map<string, ArrayBuffer>();
    detail.photos.forEach((photo, index) => {
      const found = bytes[index];
      if (found) blobs.set(photo.sha256, found);
    });
    const own = drafts.find((d) => d.data.visitId === visitId);
    const draft = own ? { draftId: own.id, photoCount: own.data.photos.length } : null;
    return { detail, blobs, pending: pendingCount > 0, draft };
  }, [visitId]);

  if (data === undefined || session === undefined) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!data.detail) {
    return (
      <StatusPage title={t('visits.detail.title')} message={t('visits.detail.notFound')}>
        <Link className="button" to={VISITS_PATH}>
          {t('visits.backToVisits')}
        </Link>
      </StatusPage>
    );
  }

  const { detail, blobs, pending, draft } = data;
  const { visit, business } = detail;
  const user = session?.user;
  const isOwnVisit = user?.id === visit.coachId;
  const photoNumber = (photoId: string) => {
    const index = detail.photos.findIndex((photo) => photo.id === photoId);
    return index < 0 ? null : index + 1;
  };

  return (
    <section className="page vp-page" aria-labelledby="vp-title">
      <h1 id="vp-title">{t('visits.detail.titleOn', { date: format.date(visit.visitedAt) })}</h1>
      <p className="vp-business">
        {business ? (
          <Link to={businessHref(business.id)}>{business.name}</Link>
        ) : (
          <span className="muted">{t('visits.unknownBusiness')}</span>
        )}
      </p>
      <Flash
        state={
          resubmittedId === visitId
            ? { flash: 'resubmitted' }
            : flash.visitId === visitId
              ? flash.state
              : null
        }
      />

      <div className="vp-badges">
        <span className={`vp-badge vp-badge-${visit.reviewState}`}>
          {t(`labels.reviewState.${visit.reviewState}`)}
        </span>
        <span className={pending ? 'vp-badge vp-badge-pending' : 'vp-badge'}>
          {pending ? t('visits.detail.notSent') : t('visits.detail.sent')}
        </span>
      </div>

      {draft && (
        <div className="warning vp-draft">
          <p>
            {draft.photoCount > 0
              ? t('visits.detail.photosInDraft', { count: draft.photoCount })
              : t('visits.detail.editInDraft')}
          </p>
          <Link className="button" to={newVisitHref({ draftId: draft.draftId })}>
            {t('visits.detail.continueDraft')}
          </Link>
        </div>
      )}

      {visit.reviewState === 'returned' && (
        <div className="card vp-returned">
          <h2>{t('visits.detail.returnedTitle')}</h2>
          <p className="vp-comment">{visit.reviewComment ?? t('visits.detail.noComment')}</p>
          {isOwnVisit && user && (
            <ReplyForm detail={detail} user={user} onSent={() => setResubmittedId(visit.id)} />
          )}
        </div>
      )}
      {visit.reviewState !== 'returned' && (visit.reviewComment || visit.coachReply) && (
        <div className="card">
          <h2>{t('visits.detail.reviewTitle')}</h2>
          {visit.reviewComment && (
            <p>
              <strong>{t('visits.detail.coordinatorSaid')}</strong> {visit.reviewComment}
            </p>
          )}
          {visit.coachReply && (
            <p>
              <strong>{t('visits.detail.youReplied')}</strong> {visit.coachReply}
            </p>
          )}
        </div>
      )}

      <div className="card">
        <h2>{t('visits.detail.facts')}</h2>
        <dl className="vp-facts">
          <Row label={t('visits.form.visitedAt')}>{format.dateTime(visit.visitedAt)}</Row>
          <Row label={t('visits.form.kind')}>{t(`labels.visitKind.${visit.kind}`)}</Row>
          <Row label={t('visits.form.topics')}>
            {visit.topics.length > 0
              ? visit.topics.map((topic) => t(`labels.topic.${topic}`)).join(', ')
              : t('visits.detail.none')}
          </Row>
          {visit.monthlySales !== null && (
            <Row label={t('visits.form.monthlySales')}>{format.rupiah(visit.monthlySales)}</Row>
          )}
          {visit.employees !== null && (
            <Row label={t('visits.form.employees')}>{format.number(visit.employees)}</Row>
          )}
          {visit.location && (
            <Row label={t('visits.location.label')}>
              {t('visits.location.point', {
                lat: format.number(visit.location.lat),
                lng: format.number(visit.location.lng),
              })}
              {visit.location.accuracy !== undefined &&
                ` · ${t('visits.location.accuracy', { metres: visit.location.accuracy })}`}
            </Row>
          )}
          {visit.nextVisitOn && (
            <Row label={t('visits.form.nextVisitOn')}>{format.day(visit.nextVisitOn)}</Row>
          )}
        </dl>
        <TextBlock label={t('visits.form.notes')} text={visit.notes} />
        <TextBlock label={t('visits.form.problems')} text={visit.problems} />
        <TextBlock label={t('visits.form.advice')} text={visit.advice} />
      </div>

      <div className="card vp-owner">
        <h2>{t('visits.detail.ownerTitle')}</h2>
        {visit.sharedWithOwner ? (
          <>
            <p className="vp-shared">{t('visits.detail.shared')}</p>
            <p className="vp-owner-summary">{visit.ownerSummary}</p>
          </>
        ) : (
          <p className="muted">{t('visits.detail.notShared')}</p>
        )}
      </div>

      <div className="card">
        <h2>{t('visits.form.sectionFollowUps')}</h2>
        {detail.followUps.length === 0 ? (
          <p className="muted">{t('visits.followUps.none')}</p>
        ) : (
          <ul className="vp-follow-ups">
            {detail.followUps.map((followUp) => (
              <li key={followUp.id}>
                <p className="vp-follow-up-what">{followUp.what}</p>
                <p className="muted">
                  {[
                    doneBy(followUp),
                    followUp.dueOn ? t('visits.detail.due', { date: format.day(followUp.dueOn) }) : null,
                    followUp.doneAt
                      ? t('visits.detail.doneOn', { date: format.date(followUp.doneAt) })
                      : t('visits.detail.open'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h2>{t('visits.form.sectionChecklists')}</h2>
        {detail.checklistStates.length === 0 ? (
          <p className="muted">{t('visits.detail.noChecklists')}</p>
        ) : (
          detail.checklistStates.map((state) => (
            <Checklist
              key={state.id}
              state={state}
              isFood={business?.isFood ?? true}
              photoNumber={photoNumber}
            />
          ))
        )}
      </div>

      <div className="card">
        <h2>{t('visits.form.sectionPhotos')}</h2>
        <Photos photos={detail.photos} blobs={blobs} />
      </div>

      <div className="button-row vp-actions">
        {business && (
          <Link className="button" to={businessHref(business.id)}>
            {t('visits.detail.toBusiness')}
          </Link>
        )}
        <Link className="button" to={VISITS_PATH}>
          {t('visits.backToVisits')}
        </Link>
      </div>
    </section>
  );
}
