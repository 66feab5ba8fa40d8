import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LikelyDuplicate } from '@/client/data/business-repository';
import '@/client/i18n/business-form';

/** Built here, not imported from client/app: features never import the app layer. */
const businessPath = (businessId: string) => `/usaha/${encodeURIComponent(businessId)}`;

/**
 * "Mungkin usaha ini sudah terdaftar": the businesses that look like the one being entered, each
 * with why it matched and a link to open it. Saving goes on only through the explicit button, so a
 * re-entered business is a deliberate choice, not a stray tap on "Simpan".
 */
export function DuplicateWarning({
  duplicates,
  nameOf,
  onConfirm,
  onReview,
  busy,
  headingRef,
}: {
  duplicates: LikelyDuplicate[];
  nameOf: (code: string) => string;
  onConfirm: () => void;
  onReview: () => void;
  busy: boolean;
  /** Focus moves here when the warning appears, so the coach (and a screen reader) lands on it. */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  return (
    <section className="bf-duplicates" aria-labelledby="bf-duplicates-title">
      <h2 id="bf-duplicates-title" ref={headingRef} tabIndex={-1}>
        {t('businessForm.duplicates.title')}
      </h2>
      <p>{t('businessForm.duplicates.intro')}</p>
      <ul className="bf-duplicates-list">
        {duplicates.map(({ business, reasons }) => (
          <li key={business.id} className="card">
            <p className="bf-duplicate-name">{business.name}</p>
            <p>{t('businessForm.duplicates.owner', { name: business.ownerName })}</p>
            <p>{t('businessForm.duplicates.village', { name: nameOf(business.villageCode) })}</p>
            <p className="bf-duplicate-why">
              {t('businessForm.duplicates.why', {
                reasons: reasons.map((reason) => t(`businessForm.duplicates.reasons.${reason}`)).join(', '),
              })}
            </p>
            <Link className="button" to={businessPath(business.id)}>
              {t('businessForm.duplicates.open', { name: business.name })}
            </Link>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onConfirm} disabled={busy}>
          {t('businessForm.duplicates.confirm')}
        </button>
        <button type="button" className="button" onClick={onReview}>
          {t('businessForm.duplicates.review')}
        </button>
      </div>
    </section>
  );
}
