import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Business } from '@/shared/domain/business';
import { useFormat } from '@/client/components/use-format';
import { displayPhone, whatsappHref } from './business-page-format';
import '@/client/i18n/history';
import '@/client/i18n/labels';

const LICENCE_KINDS = ['nib', 'pirt', 'halal', 'bpom', 'trademark'] as const;

/** Handles typed without a URL, turned into a link where the platform's address is predictable. */
function linkHref(kind: string, value: string): string | null {
  if (/^https?:\/\//i.test(value)) return value;
  const handle = value.replace(/^@/, '');
  if (!/^[\w.]+$/.test(handle)) return null;
  if (kind === 'instagram') return `https://www.instagram.com/${handle}`;
  if (kind === 'tiktok') return `https://www.tiktok.com/@${handle}`;
  if (kind === 'facebook') return `https://www.facebook.com/${handle}`;
  return null;
}

function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'bp-fact bp-fact-wide' : 'bp-fact'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** NIK is personal data (UU 27/2022): even for the roles allowed to see it, it stays hidden until asked. */
function NikFact({ nik }: { nik: string | null }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const valueId = useId();
  if (!nik) {
    return (
      <Fact label={t('history.profile.nik')}>
        <span className="muted">{t('history.profile.notFilled')}</span>
      </Fact>
    );
  }
  return (
    <Fact label={t('history.profile.nik')} wide>
      <span id={valueId} className="bp-nik">
        {shown ? (
          nik
        ) : (
          <>
            <span aria-hidden="true">••••••••••••••••</span>
            <span className="visually-hidden">{t('history.profile.nikHidden')}</span>
          </>
        )}
      </span>
      <button
        type="button"
        className="button bp-inline-button"
        aria-controls={valueId}
        aria-expanded={shown}
        onClick={() => setShown((value) => !value)}
      >
        {shown ? t('history.profile.hideNik') : t('history.profile.showNik')}
      </button>
    </Fact>
  );
}

/** The profile summary: who, where, what, how big, which licences and links. */
export function BusinessProfile({
  business,
  canSeeNik,
  nameOf,
}: {
  business: Business;
  canSeeNik: boolean;
  nameOf: (code: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const notFilled = <span className="muted">{t('history.profile.notFilled')}</span>;
  const money = (amount: number | null) => (amount === null ? notFilled : format.rupiah(amount));
  const whatsapp = business.phone ? whatsappHref(business.phone) : null;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.profile.heading')}</h2>
      <dl className="bp-facts">
        <Fact label={t('history.profile.owner')}>{business.ownerName}</Fact>
        {canSeeNik && <NikFact nik={business.ownerNik} />}
        <Fact label={t('history.profile.phone')} wide>
          {business.phone ? (
            <span className="bp-phone">
              <a className="button bp-inline-button" href={`tel:${business.phone}`}>
                {displayPhone(business.phone)}
              </a>
              {whatsapp && (
                <a
                  className="button bp-inline-button"
                  href={whatsapp}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={t('history.profile.whatsappLabel', { phone: displayPhone(business.phone) })}
                >
                  {t('history.profile.whatsapp')}
                </a>
              )}
            </span>
          ) : (
            notFilled
          )}
        </Fact>
        <Fact label={t('history.profile.address')} wide>
          {business.address || notFilled}
        </Fact>
        <Fact label={t('history.profile.village')}>{nameOf(business.villageCode)}</Fact>
        <Fact label={t('history.profile.district')}>{nameOf(business.districtCode)}</Fact>
        <Fact label={t('history.profile.sector')}>
          {t(`labels.sector.${business.sector}`)}
          {business.isFood ? ` · ${t('history.profile.food')}` : ''}
        </Fact>
        <Fact label={t('history.profile.kbli')}>{business.kbli ? business.kbli.code : notFilled}</Fact>
        <Fact label={t('history.profile.products')} wide>
          {business.products || notFilled}
        </Fact>
        <Fact label={t('history.profile.sizeClass')}>
          {business.sizeClass ? t(`sizeClass.${business.sizeClass}`) : notFilled}
        </Fact>
        <Fact label={t('history.profile.status')}>{t(`labels.status.${business.status}`)}</Fact>
        <Fact label={t('history.profile.capital')}>{money(business.capital)}</Fact>
        <Fact label={t('history.profile.annualSales')}>{money(business.annualSales)}</Fact>
        <Fact label={t('history.profile.employees')}>
          {business.employees === null ? notFilled : format.number(business.employees)}
        </Fact>
        <Fact label={t('history.profile.yearStarted')}>{business.yearStarted ?? notFilled}</Fact>
        <Fact label={t('history.profile.legalForm')}>
          {business.legalForm ? t(`labels.legalForm.${business.legalForm}`) : notFilled}
        </Fact>
        <Fact label={t('history.profile.cohort')}>{business.cohort || notFilled}</Fact>
        <Fact label={t('history.profile.licences')} wide>
          <ul className="bp-licences">
            {LICENCE_KINDS.map((kind) => {
              const number = business.licences[kind];
              return (
                <li key={kind}>
                  <span className="bp-licence-name">{t(`labels.licence.${kind}`)}</span>{' '}
                  {number ? (
                    <span className="bp-licence-number">{number}</span>
                  ) : (
                    <span className="muted">{t('history.profile.licenceMissing')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </Fact>
        <Fact label={t('history.profile.links')} wide>
          {business.links.length === 0 ? (
            <span className="muted">{t('history.profile.noLinks')}</span>
          ) : (
            <ul className="bp-links">
              {business.links.map((link, index) => {
                const href = linkHref(link.kind, link.value);
                return (
                  <li key={`${link.kind}-${index}`}>
                    <span className="bp-licence-name">{t(`labels.link.${link.kind}`)}</span>{' '}
                    {href ? (
                      <a href={href} target="_blank" rel="noopener noreferrer">
                        {link.value}
                        <span className="visually-hidden"> {t('history.profile.opensNewTab')}</span>
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
    </section>
  );
}
