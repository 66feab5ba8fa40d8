import { useId, type ReactNode } from 'react';
import { PhotoThumbnail } from '@/client/components/photo-picker';
import { useFormat } from '@/client/components/use-format';
import type { Business } from '@/shared/domain/business';
import type { HintMessage, LicensingHint } from '@/shared/domain/licensing-hints';
import { channelHref, displayPhone, LICENCE_KINDS, whatsappHref } from './owner-format';
import { useOwnerText } from './owner-text';
import { useBusinessPhotos } from './use-owner-data';
import '@/client/i18n/hints';
import '@/client/i18n/labels';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="owner-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The business's own photos; a placeholder for each one whose bytes have not reached this phone. */
export function OwnerPhotos({ businessId, limit }: { businessId: string; limit?: number }) {
  const { t } = useOwnerText();
  const shown = useBusinessPhotos(businessId, limit);
  if (shown === undefined) return <p className="muted">{t('owner.common.loading')}</p>;
  if (shown.length === 0) return <p className="muted">{t('owner.profile.noPhotos')}</p>;
  return (
    <ul className="owner-photos">
      {shown.map(({ photo, bytes }, index) => {
        const alt = t('owner.profile.photoAlt', {
          number: index + 1,
          kind: t(`labels.photoKind.${photo.kind}`),
        });
        return (
          <li key={photo.id}>
            {bytes ? (
              <PhotoThumbnail bytes={bytes} mimeType={photo.mimeType} alt={alt} className="owner-photo" />
            ) : (
              <div className="owner-photo owner-photo-missing" role="img" aria-label={alt}>
                {t('owner.profile.photoNotHere')}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The owner's business as recorded: what the owner may see of it. Internal fields (the owner's NIK,
 * the coach's assignment, the coaching status, capital and sales, the invite) are never shown here.
 */
export function OwnerProfileCard({
  business,
  nameOf,
}: {
  business: Business;
  nameOf: (code: string) => string;
}) {
  const { t } = useOwnerText();
  const headingId = useId();
  const notFilled = <span className="muted">{t('owner.common.notFilled')}</span>;
  const whatsapp = business.phone ? whatsappHref(business.phone) : null;
  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('owner.profile.heading')}</h2>
      <dl className="owner-facts">
        <Fact label={t('owner.profile.brand')}>{business.brand || notFilled}</Fact>
        <Fact label={t('owner.profile.owner')}>{business.ownerName}</Fact>
        <Fact label={t('owner.profile.products')}>{business.products || notFilled}</Fact>
        <Fact label={t('owner.profile.address')}>{business.address || notFilled}</Fact>
        <Fact label={t('owner.profile.region')}>
          {t('owner.profile.regionValue', {
            village: nameOf(business.villageCode),
            district: nameOf(business.districtCode),
          })}
        </Fact>
        <Fact label={t('owner.profile.phone')}>
          {business.phone ? (
            <span className="owner-inline">
              <span>{displayPhone(business.phone)}</span>
              {whatsapp && (
                <a
                  className="button owner-small-button"
                  href={whatsapp}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={t('owner.profile.whatsappLabel', { phone: displayPhone(business.phone) })}
                >
                  {t('owner.profile.whatsapp')}
                </a>
              )}
            </span>
          ) : (
            notFilled
          )}
        </Fact>
        <Fact label={t('owner.profile.licences')}>
          <ul className="owner-licences">
            {LICENCE_KINDS.map((kind) => {
              const number = business.licences[kind];
              return (
                <li key={kind}>
                  <span className="owner-licence-name">{t(`labels.licence.${kind}`)}</span>{' '}
                  {number ? (
                    <span className="owner-licence-number">{number}</span>
                  ) : (
                    <span className="muted">{t('owner.profile.licenceMissing')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </Fact>
        <Fact label={t('owner.profile.channels')}>
          {business.links.length === 0 ? (
            <span className="muted">{t('owner.profile.noChannels')}</span>
          ) : (
            <ul className="owner-links">
              {business.links.map((link, index) => {
                const href = channelHref(link.kind, link.value);
                return (
                  <li key={`${link.kind}-${index}`}>
                    <span className="owner-licence-name">{t(`labels.link.${link.kind}`)}</span>{' '}
                    {href ? (
                      <a href={href} target="_blank" rel="noopener noreferrer">
                        {link.value}
                        <span className="visually-hidden"> {t('owner.profile.opensNewTab')}</span>
                      </a>
                    ) : (
                      link.value
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </Fact>
      </dl>
      <h3 className="owner-subheading">{t('owner.profile.photos')}</h3>
      <OwnerPhotos businessId={business.id} />
      <p className="muted owner-small">{t('owner.profile.wrongData')}</p>
    </section>
  );
}

/** The licensing hints (shared/domain/licensing-hints.ts), most urgent first, in the hints' own words. */
export function OwnerHints({ hints }: { hints: readonly LicensingHint[] }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const headingId = useId();
  const text = ({ key, values = {} }: HintMessage) =>
    t(key, {
      ...values,
      sales: values.sales === undefined ? undefined : format.rupiah(values.sales),
      limit: values.limit === undefined ? undefined : format.rupiah(values.limit),
      sizeClass: values.sizeClass === undefined ? undefined : t(`sizeClass.${values.sizeClass}`),
    });
  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('owner.hints.heading')}</h2>
      {hints.length === 0 ? (
        <p className="muted">{t('owner.hints.none')}</p>
      ) : (
        <ul className="owner-hints">
          {hints.map((hint) => (
            <li key={hint.id} className={`owner-hint owner-hint-${hint.tone}`} data-hint={hint.id}>
              <p className="owner-hint-tone">{t(`hints.tone.${hint.tone}`)}</p>
              <h3 className="owner-hint-title">{text(hint.title)}</h3>
              {hint.details.length > 0 && (
                <ul className="owner-hint-details">
                  {hint.details.map((detail) => (
                    <li key={detail.key}>{text(detail)}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted owner-small">{t('owner.hints.disclaimer')}</p>
    </section>
  );
}
