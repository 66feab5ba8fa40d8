import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadRegionNames } from '@/client/data/reference-repository';
import type { ReviewQueueItem } from '@/shared/domain/review';
import { visitTopicSchema } from '@/shared/domain/visit';
import type { DeskFailure, DeskUser } from './desk-api';
import { useDeskTranslation } from './desk-text';
import { ExportButton } from './export-button';
import { LoadStatus } from './load-status';
import { RegionSelects } from './region-selects';
import { reviewVisitPath } from './desk-paths';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import '@/client/i18n/labels';
import { DateRangeAndReset, FilterBox, useFiltersOpen } from './filter-box';

/** Filters as they appear in the address (Indonesian names) and as the API names them. */
const FILTERS = [
  ['status', 'state'],
  ['pendamping', 'coachId'],
  ['kecamatan', 'districtCode'],
  ['kelurahan', 'villageCode'],
  ['topik', 'topic'],
  ['dari', 'from'],
  ['sampai', 'to'],
] as const;
type FilterName = (typeof FILTERS)[number][0];

/** A first visit to the queue shows what waits for a decision; "semua" lifts that. */
const DEFAULT_STATE = 'submitted';
const STATES = ['submitted', 'returned', 'approved'] as const;

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; failure: DeskFailure }
  | { status: 'ready'; visits: ReviewQueueItem[]; next: string | null; loadingMore: boolean };

function apiFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, api] of FILTERS) {
    const value = params.get(name) ?? (name === 'status' ? DEFAULT_STATE : '');
    if (value !== '' && value !== 'semua') filters[api] = value;
  }
  return filters;
}

export function ReviewQueuePage() {
  const { t } = useDeskTranslation();
  const format = useFormat();
  const api = useDeskApi();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash ?? null;
  const [params, setParams] = useSearchParams();
  const [coaches, setCoaches] = useState<DeskUser[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const regions = useLiveQuery(() => loadRegionNames(localDb), []);
  const headingId = useId();
  const filterKey = JSON.stringify(apiFilters(params));
  const run = useMemo(
    () => (api ? () => api.reviewQueue(JSON.parse(filterKey) as Record<string, string>) : null),
    [api, filterKey],
  );
  const { result, retry, replace } = useRequest(run, filterKey);
  const loaded: Loaded =
    result === null
      ? { status: 'loading' }
      : result.ok
        ? { status: 'ready', visits: result.value.visits, next: result.value.next, loadingMore }
        : { status: 'failed', failure: result };

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    void api.users().then((result) => {
      if (!cancelled && result.ok) setCoaches(result.value.users.filter((user) => user.role === 'coach'));
    });
    return () => {
      cancelled = true;
    };
  }, [api]);

  const loadMore = async () => {
    if (!api || loaded.status !== 'ready' || !loaded.next) return;
    setLoadingMore(true);
    const more = await api.reviewQueue(JSON.parse(filterKey) as Record<string, string>, loaded.next);
    setLoadingMore(false);
    replace(
      more.ok
        ? { ok: true, value: { visits: [...loaded.visits, ...more.value.visits], next: more.value.next } }
        : more,
    );
  };

  const setFilter = (name: FilterName, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '' && name !== 'status') next.delete(name);
    else next.set(name, value);
    // A kelurahan belongs to one kecamatan.
    if (name === 'kecamatan') next.delete('kelurahan');
    setParams(next, { replace: true });
  };
  const [filtersOpen, setFiltersOpen] = useFiltersOpen();
  const activeFilters = FILTERS.filter(
    ([name]) => name !== 'status' && (params.get(name) ?? '') !== '',
  ).length;
  const value = (name: FilterName) => params.get(name) ?? (name === 'status' ? DEFAULT_STATE : '');
  const district = value('kecamatan');
  const nameOf = (code: string) => regions?.nameOf(code) ?? code;

  return (
    <section className="page desk-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.review.title')}</h1>
      <p className="lead">{t('desk.review.intro')}</p>
      {flash && (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}

      <FilterBox
        title={t('desk.review.filters')}
        active={activeFilters}
        open={filtersOpen}
        onToggle={() => setFiltersOpen(!filtersOpen)}
      >
        <label className="field">
          <span>{t('desk.review.state')}</span>
          <select value={value('status')} onChange={(e) => setFilter('status', e.target.value)}>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {t(`labels.reviewState.${state}`)}
              </option>
            ))}
            <option value="semua">{t('desk.review.anyState')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('desk.review.coach')}</span>
          <select value={value('pendamping')} onChange={(e) => setFilter('pendamping', e.target.value)}>
            <option value="">{t('desk.review.anyCoach')}</option>
            {coaches.map((coach) => (
              <option key={coach.id} value={coach.id}>
                {coach.name}
              </option>
            ))}
          </select>
        </label>
        <RegionSelects
          regions={regions}
          district={district}
          village={value('kelurahan')}
          onChange={setFilter}
          text={{
            district: t('desk.review.district'),
            anyDistrict: t('desk.review.anyDistrict'),
            village: t('desk.review.village'),
            anyVillage: t('desk.review.anyVillage'),
          }}
        />
        <label className="field">
          <span>{t('desk.review.topic')}</span>
          <select value={value('topik')} onChange={(e) => setFilter('topik', e.target.value)}>
            <option value="">{t('desk.review.anyTopic')}</option>
            {visitTopicSchema.options.map((topic) => (
              <option key={topic} value={topic}>
                {t(`labels.topic.${topic}`)}
              </option>
            ))}
          </select>
        </label>
        <DateRangeAndReset
          from={value('dari')}
          to={value('sampai')}
          onChange={setFilter}
          onReset={() => setParams(new URLSearchParams(), { replace: true })}
          text={{ from: t('desk.review.from'), to: t('desk.review.to'), reset: t('desk.review.reset') }}
        />
      </FilterBox>

      {loaded.status !== 'ready' && (
        <LoadStatus
          failure={loaded.status === 'failed' ? loaded.failure : null}
          offlineText={t('desk.review.offline')}
          onRetry={retry}
        />
      )}
      {loaded.status === 'ready' && (
        <>
          <p className="muted" role="status">
            {t('desk.review.count', { count: loaded.visits.length })}
          </p>
          {loaded.visits.length === 0 ? (
            <p className="card">{t('desk.review.empty')}</p>
          ) : (
            <ul className="desk-list">
              {loaded.visits.map((visit) => (
                <li key={visit.id} className="card desk-row">
                  <Link to={reviewVisitPath(visit.id)} className="desk-row-link">
                    <span className="desk-row-title">{visit.businessName}</span>
                    <span className={`desk-badge desk-badge-${visit.reviewState}`}>
                      {t(`labels.reviewState.${visit.reviewState}`)}
                    </span>
                  </Link>
                  <span className="desk-row-meta">
                    {format.dateTime(visit.visitedAt)} · {t('desk.review.by', { name: visit.coachName })} ·{' '}
                    {nameOf(visit.villageCode)}, {nameOf(visit.districtCode)}
                  </span>
                  <span className="desk-row-meta">
                    {t(`labels.visitKind.${visit.kind}`)}
                    {visit.topics.length > 0 &&
                      ` · ${visit.topics.map((topic) => t(`labels.topic.${topic}`)).join(', ')}`}
                    {visit.photoCount > 0 && ` · ${t('desk.review.photos', { count: visit.photoCount })}`}
                  </span>
                  {visit.summary && <span className="desk-row-summary">{visit.summary}</span>}
                  {visit.reviewState === 'submitted' && visit.coachReply && (
                    <span className="desk-row-reply">
                      {t('desk.review.reply')}: “{visit.coachReply}”
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {loaded.next && (
            <button
              type="button"
              className="button button-block"
              disabled={loaded.loadingMore}
              onClick={() => void loadMore()}
            >
              {loaded.loadingMore ? t('desk.review.loading') : t('desk.review.more')}
            </button>
          )}
        </>
      )}

      <section className="desk-exports" aria-label={t('desk.review.exports')}>
        <ExportButton dataset="visits" filters={apiFilters(params)} />
        <ExportButton
          dataset="checklists"
          filters={{
            districtCode: value('kecamatan'),
            villageCode: value('kelurahan'),
            coachId: value('pendamping'),
            from: value('dari'),
            to: value('sampai'),
          }}
        />
      </section>
    </section>
  );
}
