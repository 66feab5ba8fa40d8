import { useId, useLayoutEffect } from 'react';
import { Link } from 'react-router';
import { PhotoThumbnail } from '@/client/components/photo-picker';
import { useFormat } from '@/client/components/use-format';
import { OWNER_HOME_PATH, OwnerNoBusiness } from './owner-common';
import { channelHref, displayPhone, LICENCE_KINDS, whatsappHref } from './owner-format';
import { useOwnerText } from './owner-text';
import { useBusinessPhotos, useOwnerData } from './use-owner-data';
import './owner.css';
import './owner-print.css';
import '@/client/i18n/labels';

/** At most this many photos fit on the page next to everything else. */
const PRINT_PHOTOS = 3;

/** A link as printed: the address without `https://` (what a reader types), or the handle as typed. */
function printedLink(kind: string, value: string): string {
  const href = channelHref(kind, value);
  return href ? href.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '') : value;
}

/**
 * The PDF a browser saves is named after the document title: "Profil Kue Renyah Bu Siti". Set in the
 * same commit as the sheet (a layout effect), so the title never lags behind what is on screen.
 */
function useDocumentTitle(title: string | null) {
  useLayoutEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}

/**
 * A one-page business profile to print or save as PDF (for a bank, a marketplace, an exhibition):
 * name, brand, region, products, up to three photos, licences, contact and sales channels. Only what
 * an owner would hand a stranger: no NIK, no sales figures, no coaching notes.
 *
 * Mounted at /pemilik/cetak for the owner (their own business), and at /usaha/:id/cetak for a coach
 * with `businessId`. Read from the phone's database, so it works offline; `backTo` is where the
 * "Kembali" link goes (the owner's home, or the business page when a `businessId` is given).
 */
export function OwnerPrintPage({ businessId, backTo }: { businessId?: string; backTo?: string }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const sheetId = useId();
  const data = useOwnerData(businessId);
  const business = data?.view?.business ?? null;
  const photos = useBusinessPhotos(business?.id ?? null, PRINT_PHOTOS);
  useDocumentTitle(business ? `Profil ${business.name}` : null);

  if (data === undefined) {
    return (
      <p className="loading" role="status">
        {t('owner.common.loading')}
      </p>
    );
  }
  if (!business) return <OwnerNoBusiness />;

  const back = backTo ?? (businessId ? `/usaha/${encodeURIComponent(businessId)}` : OWNER_HOME_PATH);
  const organisation = data.session?.organisation?.name ?? data.session?.user.organisationName ?? null;
  const today = format.date(new Date().toISOString());
  const held = LICENCE_KINDS.filter((kind) => business.licences[kind]);
  const whatsapp = business.phone ? whatsappHref(business.phone) : null;
  const region = [
    t('owner.profile.regionValue', {
      village: data.nameOf(business.villageCode),
      district: data.nameOf(business.districtCode),
    }),
    data.cityName,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <article className="page owner-print-page">
      <div className="op-toolbar">
        <p className="op-toolbar-title">{t('owner.print.title')}</p>
        <p className="muted owner-small">{t('owner.print.intro')}</p>
        <div className="owner-links-row">
          <button
            type="button"
            className="button button-primary"
            aria-controls={sheetId}
            onClick={() => window.print()}
          >
            {t('owner.print.print')}
          </button>
          <Link className="button" to={back}>
            {t('owner.print.back')}
          </Link>
        </div>
      </div>

      <section id={sheetId} className="op-sheet" aria-labelledby={`${sheetId}-name`}>
        <header className="op-head">
          <h1 id={`${sheetId}-name`} className="op-name">
            {business.name}
          </h1>
          {business.brand && <p className="op-brand">{business.brand}</p>}
          <p className="op-region">{region}</p>
          <p className="op-tags">
            <span>{t(`labels.sector.${business.sector}`)}</span>
            {business.yearStarted !== null && (
              <span>{t('owner.print.since', { year: business.yearStarted })}</span>
            )}
          </p>
        </header>

        {photos && photos.length > 0 && (
          <ul className="op-photos">
            {photos.map(({ photo, bytes }, index) => {
              const alt = t('owner.profile.photoAlt', {
                number: index + 1,
                kind: t(`labels.photoKind.${photo.kind}`),
              });
              return (
                <li key={photo.id} className={bytes ? undefined : 'op-photo-missing'}>
                  {bytes ? (
                    <PhotoThumbnail bytes={bytes} mimeType={photo.mimeType} alt={alt} className="op-photo" />
                  ) : (
                    <div className="op-photo owner-photo-missing" role="img" aria-label={alt}>
                      {t('owner.profile.photoNotHere')}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}

        <div className="op-columns">
          <section className="op-block op-products">
            <h2>{t('owner.print.products')}</h2>
            <p>{business.products || <span className="muted">{t('owner.common.notFilled')}</span>}</p>
          </section>

          <section className="op-block">
            <h2>{t('owner.print.licences')}</h2>
            {held.length === 0 ? (
              <p className="muted">{t('owner.print.noLicences')}</p>
            ) : (
              <dl className="op-pairs">
                {held.map((kind) => (
                  <div key={kind}>
                    <dt>{t(`labels.licence.${kind}`)}</dt>
                    <dd>{business.licences[kind]}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          <section className="op-block">
            <h2>{t('owner.print.contact')}</h2>
            <dl className="op-pairs">
              <div>
                <dt>{t('owner.print.owner')}</dt>
                <dd>{business.ownerName}</dd>
              </div>
              {business.phone && (
                <div>
                  <dt>{t('owner.print.phone')}</dt>
                  <dd>
                    {whatsapp ? (
                      <a href={whatsapp}>{displayPhone(business.phone)}</a>
                    ) : (
                      displayPhone(business.phone)
                    )}
                  </dd>
                </div>
              )}
              {business.address && (
                <div>
                  <dt>{t('owner.print.address')}</dt>
                  <dd>{business.address}</dd>
                </div>
              )}
            </dl>
          </section>

          <section className="op-block">
            <h2>{t('owner.print.channels')}</h2>
            {business.links.length === 0 ? (
              <p className="muted">{t('owner.print.noChannels')}</p>
            ) : (
              <dl className="op-pairs">
                {business.links.map((link, index) => {
                  const href = channelHref(link.kind, link.value);
                  return (
                    <div key={`${link.kind}-${index}`}>
                      <dt>{t(`labels.link.${link.kind}`)}</dt>
                      <dd>{href ? <a href={href}>{printedLink(link.kind, link.value)}</a> : link.value}</dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </section>
        </div>

        <footer className="op-footer">
          {organisation
            ? t('owner.print.footer', { organisation, date: today })
            : t('owner.print.footerNoOrganisation', { date: today })}
        </footer>
      </section>
    </article>
  );
}
