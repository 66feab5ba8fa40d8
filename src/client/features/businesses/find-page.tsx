import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { VirtualList } from '@/client/components/virtual-list';
import { BusinessSearchIndex, type SearchFilters } from '@/client/data/business-search';
import { localDb } from '@/client/data/local-db';
import { useRegions } from '@/client/data/reference-repository';
import { loadSession } from '@/client/data/session-repository';
import { coachingStatusSchema, sectorSchema, type Business } from '@/shared/domain/business';
import './find-page.css';

const ROW_HEIGHT = 76;
// Paths as in client/app/navigation.ts (features do not import the app layer).
const businessPath = (id: string) => `/usaha/${encodeURIComponent(id)}`;
const NEW_BUSINESS_PATH = '/usaha/baru';

/** The last index built, kept across visits to the page: it is rebuilt only when the table changed. */
let cached: { signal: string; index: BusinessSearchIndex } | null = null;

/**
 * The search index over every business on the phone, rebuilt when the table changes (a saved or
 * pulled business shows at once). The change signal is cheap: the row count and newest updatedAt.
 */
function useSearchIndex(nameOf: ((code: string) => string) | null): BusinessSearchIndex | null {
  const signal = useLiveQuery(async () => {
    const [count, newest] = await Promise.all([
      localDb.businesses.count(),
      localDb.businesses.orderBy('updatedAt').last(),
    ]);
    return `${count}/${newest?.updatedAt ?? ''}/${newest?.id ?? ''}`;
  }, []);
  // Regions add kelurahan names to the index; without them (not downloaded yet) it still searches the rest.
  const key = signal ? `${signal}/${nameOf ? 'regions' : 'none'}` : null;
  const [built, setBuilt] = useState<{ signal: string; index: BusinessSearchIndex } | null>(null);
  const fresh = key !== null && cached?.signal === key ? cached : null;
  useEffect(() => {
    if (!key || cached?.signal === key) return;
    let cancelled = false;
    void localDb.businesses.toArray().then((rows) => {
      if (cancelled) return;
      cached = { signal: key, index: BusinessSearchIndex.build(rows, nameOf ?? (() => '')) };
      setBuilt(cached);
    });
    return () => {
      cancelled = true;
    };
  }, [key, nameOf]);
  // While a rebuild runs, keep searching the previous index rather than blanking the list.
  const index = fresh?.index ?? built?.index ?? null;
  return index;
}

/** Find a business: instant offline search with typos forgiven, filters, and a list that scrolls smoothly. */
export function FindBusinessPage() {
  const { t } = useTranslation();
  const role = useLiveQuery(() => loadSession(localDb), [])?.user.role ?? null;
  const regions = useRegions();
  const nameOf = regions?.nameOf ?? null;
  const index = useSearchIndex(nameOf);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({});
  const deferredQuery = useDeferredValue(query);
  const result = useMemo(() => index?.search(deferredQuery, filters), [index, deferredQuery, filters]);

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
        <p id="business-search-hint" className="muted">
          {t('businesses.searchHint')}
        </p>
      </div>
      <fieldset className="find-filters">
        <legend className="visually-hidden">{t('businesses.filters')}</legend>
        <label>
          <span className="visually-hidden">{t('businesses.district')}</span>
          <select
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
        </label>
        <label>
          <span className="visually-hidden">{t('businesses.status')}</span>
          <select
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
        </label>
        <label>
          <span className="visually-hidden">{t('businesses.sector')}</span>
          <select
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
        </label>
      </fieldset>
      <p role="status" className="find-count">
        {result ? t('businesses.count', { count: result.total }) : t('businesses.loading')}
      </p>
      {result && result.total === 0 && (
        <p className="muted">{index?.size === 0 ? t('businesses.empty') : t('businesses.noMatch')}</p>
      )}
      {result && result.total > 0 && (
        <VirtualList
          items={result.items}
          rowHeight={ROW_HEIGHT}
          height="calc(100dvh - 22rem)"
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
