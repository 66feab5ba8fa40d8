import { useDeferredValue, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { VirtualList } from '@/client/components/virtual-list';
import type { SearchFilters } from '@/client/data/business-search';
import { localDb } from '@/client/data/local-db';
import { useRegions } from '@/client/data/reference-repository';
import { loadSession } from '@/client/data/session-repository';
import { useBusinessSearchIndex } from '@/client/data/use-business-search';
import { coachingStatusSchema, sectorSchema, type Business } from '@/shared/domain/business';
import './find-page.css';
import '@/client/i18n/businesses';
import '@/client/i18n/labels';

const ROW_HEIGHT = 76;
// Paths as in client/app/navigation.ts (features do not import the app layer).
const businessPath = (id: string) => `/usaha/${encodeURIComponent(id)}`;
const NEW_BUSINESS_PATH = '/usaha/baru';

/** Find a business: instant offline search with typos forgiven, filters, and a list that scrolls smoothly. */
export function FindBusinessPage() {
  const { t } = useTranslation();
  const role = useLiveQuery(() => loadSession(localDb), [])?.user.role ?? null;
  const regions = useRegions();
  const nameOf = regions?.nameOf ?? null;
  const indexed = useBusinessSearchIndex(nameOf);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({});
  const deferredQuery = useDeferredValue(query);
  // The index answers in a few ms; useDeferredValue only keeps the input itself from ever waiting.
  const index = indexed?.index ?? null;
  const version = indexed?.version;
  const result = useMemo(
    () => (version === undefined ? undefined : index?.search(deferredQuery, filters)),
    [index, version, deferredQuery, filters],
  );

  return (
    <section className="page find-page">
      <div className="find-title">
        <h1>{t('nav.businesses')}</h1>
        {role === 'coach' && (
          <Link className="button button-primary" to={NEW_BUSINESS_PATH}>
            {t('businesses.add')}
          </Link>
        )}
      </div>
      <div className="field">
        <label htmlFor="business-search">{t('businesses.searchLabel')}</label>
        <input
          id="business-search"
          type="search"
          value={query}
          autoComplete="off"
          aria-describedby="business-search-hint"
          onChange={(event) => setQuery(event.target.value)}
        />
        <p id="business-search-hint" className="muted find-hint">
          {t('businesses.searchHint')}
        </p>
      </div>
      <fieldset className="find-filters">
        <legend className="visually-hidden">{t('businesses.filters')}</legend>
        <div>
          <label className="visually-hidden" htmlFor="find-filter-district">
            {t('businesses.district')}
          </label>
          <select
            id="find-filter-district"
            value={filters.districtCode ?? ''}
            onChange={(e) => setFilters((f) => ({ ...f, districtCode: e.target.value || undefined }))}
          >
            <option value="">{t('businesses.allDistricts')}</option>
            {regions?.regions.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="visually-hidden" htmlFor="find-filter-status">
            {t('businesses.status')}
          </label>
          <select
            id="find-filter-status"
            value={filters.status ?? ''}
            onChange={(e) =>
              setFilters((f) => ({ ...f, status: coachingStatusSchema.safeParse(e.target.value).data }))
            }
          >
            <option value="">{t('businesses.allStatuses')}</option>
            {coachingStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`labels.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="visually-hidden" htmlFor="find-filter-sector">
            {t('businesses.sector')}
          </label>
          <select
            id="find-filter-sector"
            value={filters.sector ?? ''}
            onChange={(e) =>
              setFilters((f) => ({ ...f, sector: sectorSchema.safeParse(e.target.value).data }))
            }
          >
            <option value="">{t('businesses.allSectors')}</option>
            {sectorSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`labels.sector.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {/* data-query: which typed text the count answers (the input runs ahead of a deferred search). */}
      <p role="status" className="find-count" data-query={result ? deferredQuery : undefined}>
        {result ? t('businesses.count', { count: result.length }) : t('businesses.loading')}
      </p>
      {result && result.length === 0 && (
        <p className="muted">{index?.size === 0 ? t('businesses.empty') : t('businesses.noMatch')}</p>
      )}
      {result && result.length > 0 && (
        <VirtualList
          items={result}
          scrollKey={`${deferredQuery}|${filters.districtCode ?? ''}|${filters.status ?? ''}|${filters.sector ?? ''}`}
          rowHeight={ROW_HEIGHT}
          label={t('businesses.results')}
          getKey={(b) => b.id}
          renderRow={(b) => <BusinessRow business={b} nameOf={nameOf ?? ((code) => code)} />}
        />
      )}
    </section>
  );
}

function BusinessRow({ business, nameOf }: { business: Business; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  return (
    <Link className="find-row" to={businessPath(business.id)}>
      <span className="find-row-name">{business.name}</span>
      <span className="find-row-meta">
        {business.ownerName} · {nameOf(business.villageCode)}, {nameOf(business.districtCode)}
      </span>
      <span className="find-row-meta">
        <span className={`find-status find-status-${business.status}`}>
          {t(`labels.status.${business.status}`)}
        </span>{' '}
        · {t(`labels.sector.${business.sector}`)}
      </span>
    </Link>
  );
}
