import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/client/components/use-format';
import type { BusinessWriter } from '@/client/data/business-repository';
import { answerCorrection, openCorrections } from '@/client/data/correction-repository';
import { localDb } from '@/client/data/local-db';
import type { Business } from '@/shared/domain/business';
import type { FollowUp } from '@/shared/domain/follow-up';
import { correctableValue } from '@/shared/domain/owner';
import '@/client/i18n/invites';

function CorrectionRow({
  request,
  business,
  user,
  onAnswered,
}: {
  request: FollowUp;
  business: Business;
  user: BusinessWriter;
  onAnswered: (message: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const noteId = useId();
  const [declining, setDeclining] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const correction = request.correction;
  if (!correction) return null;
  const now = correctableValue(business, correction.field);
  const fieldName = t(`invites.fields.${correction.field}`);

  async function answer(accept: boolean) {
    setProblem(null);
    const result = await answerCorrection(localDb, user, request.id, { accept, note });
    if (result.ok) onAnswered(t(accept ? 'invites.corrections.accepted' : 'invites.corrections.declined'));
    else setProblem(t('invites.corrections.cannotApply', { reason: t(result.message) }));
  }

  return (
    <li className="correction-row">
      <p className="correction-field">{fieldName}</p>
      <p>{now ? t('invites.corrections.now', { value: now }) : t('invites.corrections.nowEmpty')}</p>
      <p className="correction-wanted">
        {correction.value
          ? t('invites.corrections.wanted', { value: correction.value })
          : t('invites.corrections.wantedEmpty')}
      </p>
      {correction.reason && (
        <p className="muted">{t('invites.corrections.reason', { reason: correction.reason })}</p>
      )}
      <p className="muted">{t('invites.corrections.askedOn', { date: format.date(request.createdAt) })}</p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {declining ? (
        <div className="correction-decline">
          <label htmlFor={noteId}>{t('invites.corrections.declineNote')}</label>
          <textarea
            id={noteId}
            value={note}
            maxLength={500}
            rows={3}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => void answer(false)}>
              {t('invites.corrections.declineConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setDeclining(false)}>
              {t('invites.corrections.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void answer(true)}>
            {t('invites.corrections.accept')}
          </button>
          <button type="button" className="button" onClick={() => setDeclining(true)}>
            {t('invites.corrections.decline')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The owner's open correction requests for this business, for its coach to accept (the profile
 * changes as a normal edit) or decline with a note the owner reads. Shown only when there are any.
 */
export function CorrectionRequests({ business, user }: { business: Business; user: BusinessWriter }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [message, setMessage] = useState<string | null>(null);
  const requests = useLiveQuery(() => openCorrections(localDb, business.id), [business.id]);
  if (!message && (!requests || requests.length === 0)) return null;
  return (
    <section className="card corrections" id="koreksi" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('invites.corrections.heading')}</h2>
      {message && (
        <p className="notice notice-success" role="status">
          {message}
        </p>
      )}
      {requests && requests.length > 0 && (
        <>
          <p className="muted">{t('invites.corrections.intro')}</p>
          <ul className="correction-list">
            {requests.map((request) => (
              <CorrectionRow
                key={request.id}
                request={request}
                business={business}
                user={user}
                onAnswered={setMessage}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
