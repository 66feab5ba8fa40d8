import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { StatusPage } from '@/client/components/status-page';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { uuidv7 } from '@/client/data/uuid';
import type { SaveVisitResult } from '@/client/data/visit-types';
import { VisitBusinessPicker } from './visit-business-picker';
import { VisitForm } from './visit-form';
import { useVisitFormStart } from './visit-form-start';
import { businessHref, newVisitHref, VISITS_PATH, visitHref, type VisitSavedState } from './visit-paths';
import './visits.css';
import '@/client/i18n/visits';

/**
 * `/kunjungan/baru?usaha=<businessId>&draf=<draftId>`: recording a visit, or finishing a draft. A new
 * visit gets its draft id on the first change, put in the URL (replacing it) so a reload or a
 * reopened app lands on the same draft.
 */
export function VisitFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const usaha = params.get('usaha');
  const urlDraftId = params.get('draf');
  // The id a new visit's draft will get; the URL learns it only once there is something to keep.
  const [freshDraftId] = useState(() => uuidv7());
  const draftId = urlDraftId ?? freshDraftId;
  // The session as stored on the phone (features do not reach into the auth feature); the router
  // only renders this page for a signed-in coach.
  const session = useLiveQuery(() => loadSession(localDb), []);
  // Putting the fresh id into the URL must not reload (and reset) the form.
  const start = useVisitFormStart(localDb, urlDraftId === freshDraftId ? null : urlDraftId, usaha);

  const title = t('visits.form.titleNew');

  if (!session) return null;
  const { user } = session;

  if (start.status === 'missingBusiness') {
    return (
      <StatusPage title={title} message={t('visits.form.businessMissing')}>
        <Link className="button" to={VISITS_PATH}>
          {t('visits.backToVisits')}
        </Link>
      </StatusPage>
    );
  }
  if (start.status === 'locked') {
    return (
      <StatusPage title={title} message={t('visits.form.locked')}>
        <Link className="button" to={visitHref(start.visitId)}>
          {t('visits.form.openVisit')}
        </Link>
      </StatusPage>
    );
  }

  const onSaved = (result: SaveVisitResult) => {
    const state: VisitSavedState =
      result.kind === 'saved' ? { flash: 'saved' } : { flash: 'savedWithoutPhotos', draftId: result.draftId };
    // Replaced: "back" from the saved visit must not reopen a form whose draft is gone.
    void navigate(visitHref(result.visitId), { replace: true, state });
  };

  return (
    <section className="page vf-page" aria-labelledby="vf-title">
      <h1 id="vf-title">{title}</h1>
      {start.status === 'loading' && (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {start.status === 'pickBusiness' && (
        <VisitBusinessPicker
          db={localDb}
          coachId={user.id}
          onPick={(business) =>
            void navigate(newVisitHref({ businessId: business.id, draftId }), { replace: true })
          }
        />
      )}
      {start.status === 'ready' && (
        <>
          <p className="vf-business">
            {t('visits.form.businessLabel')}{' '}
            <Link to={businessHref(start.business.id)} className="vf-business-link">
              {start.business.name}
            </Link>
            <span className="muted"> · {start.business.ownerName}</span>
          </p>
          <VisitForm
            key={`${draftId}|${start.visitId}`}
            db={localDb}
            user={user}
            draftId={draftId}
            visitId={start.visitId}
            business={start.business}
            initialValues={start.initialValues}
            initialPhotos={start.initialPhotos}
            checklistPrefill={start.checklistPrefill}
            restoredAt={start.restoredAt}
            cancelTo={businessHref(start.business.id)}
            onDraftStarted={() => {
              if (urlDraftId !== draftId) {
                void navigate(newVisitHref({ businessId: start.business.id, draftId }), { replace: true });
              }
            }}
            onSaved={onSaved}
            onDiscarded={() => void navigate(businessHref(start.business.id), { replace: true })}
          />
        </>
      )}
    </section>
  );
}
