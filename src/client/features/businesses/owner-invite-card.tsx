import { lazy, Suspense, useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useCopyText } from '@/client/components/use-copy-text';
import { useFormat } from '@/client/components/use-format';
import type { BusinessWriter } from '@/client/data/business-repository';
import { createOwnerInvite, inviteState } from '@/client/data/invite-repository';
import { localDb } from '@/client/data/local-db';
import type { Business } from '@/shared/domain/business';
import { formatInviteCode, inviteLink, whatsAppLink } from '@/shared/domain/owner';
import '@/client/i18n/invites';

// The encoder is drawn only when an invite is shown: it stays out of the coach's first download.
const QrCode = lazy(() =>
  import('@/client/components/qr/qr-code').then((module) => ({ default: module.QrCode })),
);

/** Whether the invite write for this business still waits in the outbox (the owner cannot use it yet). */
function useInvitePending(businessId: string): boolean {
  return (
    useLiveQuery(
      async () =>
        (await localDb.outbox.where('rowId').equals(businessId).toArray()).some(
          (entry) => entry.table === 'businesses' && 'ownerInvite' in entry.fields,
        ),
      [businessId],
    ) ?? false
  );
}

/**
 * Inviting the business owner (issue 6), on the business page of a coach or coordinator. Works
 * offline: the code is drawn on the phone and shown at once as a QR code, a typed code and a
 * WhatsApp message; the owner can use it once the phone has synced, which the card says.
 */
export function OwnerInviteCard({ business, user }: { business: Business; user: BusinessWriter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { state: copied, copy, reset: resetCopied } = useCopyText();
  const state = useLiveQuery(() => inviteState(business), [business]);
  const pending = useInvitePending(business.id);
  const origin = window.location.origin;

  async function create() {
    setBusy(true);
    setError(null);
    resetCopied();
    try {
      await createOwnerInvite(localDb, user, business.id);
    } catch {
      setError(t('invites.card.failed'));
    } finally {
      setBusy(false);
    }
  }

  const code = state?.kind === 'open' ? state.code : null;
  const link = code ? inviteLink(origin, code) : null;

  return (
    <section className="card owner-invite" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('invites.card.heading')}</h2>
      <p className="muted">{t('invites.card.intro')}</p>
      {state?.kind === 'none' && <p>{t('invites.card.none')}</p>}
      {state?.kind === 'used' && (
        <p className="notice notice-success">{t('invites.card.used', { date: format.date(state.usedAt) })}</p>
      )}
      {state?.kind === 'expired' && (
        <p>{t('invites.card.expired', { date: format.date(state.expiresAt) })}</p>
      )}
      {state?.kind === 'open' && (
        <>
          <p>{t('invites.card.open', { date: format.date(state.expiresAt) })}</p>
          {pending && (
            <p className="warning" role="status">
              {t('invites.card.pending')}
            </p>
          )}
          {link && code ? (
            <div className="owner-invite-share">
              <p>{t('invites.card.scan')}</p>
              <Suspense fallback={<p className="muted">{t('invites.card.loadingQr')}</p>}>
                <QrCode text={link} label={t('invites.card.qrLabel', { name: business.name })} />
              </Suspense>
              <p className="owner-invite-code-label">{t('invites.card.code')}</p>
              <p className="owner-invite-code" translate="no">
                {formatInviteCode(code)}
              </p>
              <p className="muted">{t('invites.card.codeHint', { site: origin })}</p>
              <p className="owner-invite-link" translate="no">
                {link}
              </p>
              <div className="button-row">
                <a
                  className="button button-primary"
                  href={whatsAppLink(
                    business.phone,
                    t('invites.card.message', {
                      owner: business.ownerName,
                      business: business.name,
                      link,
                      date: format.date(state.expiresAt),
                    }),
                  )}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {business.phone ? t('invites.card.whatsApp') : t('invites.card.whatsAppNoPhone')}
                </a>
                <button type="button" className="button" onClick={() => void copy(link)}>
                  {t('invites.card.copy')}
                </button>
              </div>
              {copied && (
                <p role="status" className={copied === 'copied' ? 'muted' : 'warning'}>
                  {copied === 'copied' ? t('invites.card.copied') : t('invites.card.copyFailed')}
                </p>
              )}
            </div>
          ) : (
            <p className="muted">{t('invites.card.otherDevice')}</p>
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={busy || state === undefined}
          onClick={() => void create()}
        >
          {state?.kind === 'none' ? t('invites.card.create') : t('invites.card.createAgain')}
        </button>
      </div>
      {state?.kind === 'open' && (
        <p className="muted owner-invite-footnote">{t('invites.card.replaceWarning')}</p>
      )}
    </section>
  );
}
