import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadRegionNames } from '@/client/data/reference-repository';
import type { AssignmentRequest, Caseload, DeskBusiness } from '@/shared/domain/assignment';
import { coachingStatusSchema, type CoachingStatus } from '@/shared/domain/business';
import { UNASSIGNED_COACH } from '@/shared/domain/business-filter';
import { createBusinessesApi } from './businesses-api';
import { businessesText } from './businesses-text';
import { failureReason } from './desk-api';
import { businessHref, mergePath } from './desk-paths';
import { useDeskSection } from './desk-text';
import { ExportButton } from './export-button';
import { LoadStatus } from './load-status';
import { RegionSelects } from './region-selects';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import './businesses.css';
import '@/client/i18n/labels';
import { FilterBox, useFiltersOpen } from './filter-box';

/** Filters as they appear in the address (Indonesian names) and as the API names them. */
const FILTERS = [
  ['cari', 'q'],
  ['kecamatan', 'districtCode'],
  ['kelurahan', 'villageCode'],
  ['pendamping', 'coachId'],
  ['status', 'status'],
] as const;
type FilterName = (typeof FILTERS)[number][0];

function apiFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, api] of FILTERS) {
    const value = (params.get(name) ?? '').trim();
    if (value !== '') filters[api] = value;
  }
  return filters;
}

/**
 * The coordinator's businesses (issue 5): the whole city's list with search and filters, each
 * coach's caseload, and assigning businesses to a coach one by one, as a selection, or everything
 * the filters match (a kecamatan, a kelurahan). The move reaches the phones on their next sync.
 */
export function AssignmentsPage() {
  const { t } = useDeskSection('businesses', businessesText);
  const format = useFormat();
  const deskApi = useDeskApi();
  const api = useMemo(() => (deskApi ? createBusinessesApi(deskApi.request) : null), [deskApi]);
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash ?? null;
  const regions = useLiveQuery(() => loadRegionNames(localDb), []);
  const headingId = useId();
  const filterKey = JSON.stringify(apiFilters(params));
  const [search, setSearch] = useState(params.get('cari') ?? '');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [coachChoice, setCoachChoice] = useState('');
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [caseloadVersion, setCaseloadVersion] = useState(0);

  const runList = useMemo(
    () => (api ? () => api.list(JSON.parse(filterKey) as Record<string, string>) : null),
    [api, filterKey],
  );
  const list = useRequest(runList, filterKey);
  const runCaseloads = useMemo(() => (api ? () => api.caseloads() : null), [api]);
  const caseloadsRequest = useRequest(runCaseloads, String(caseloadVersion));
  const caseloads: Caseload[] = caseloadsRequest.result?.ok ? caseloadsRequest.result.value : [];
  const coaches = caseloads.filter((line) => line.coachId !== null);
  const coachName = (id: string) => coaches.find((line) => line.coachId === id)?.name ?? '';

  // Typing in the search box narrows the list once the coordinator pauses.
  useEffect(() => {
    const current = params.get('cari') ?? '';
    if (search.trim() === current.trim()) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (search.trim() === '') next.delete('cari');
      else next.set('cari', search);
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [search, params, setParams]);

  const setFilter = (name: FilterName, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    if (name === 'kecamatan') next.delete('kelurahan');
    setParams(next, { replace: true });
    setConfirmAll(false);
  };
  const [filtersOpen, setFiltersOpen] = useFiltersOpen();
  const activeFilters = FILTERS.filter(([name]) => name !== 'cari' && (params.get(name) ?? '') !== '').length;
  const district = params.get('kecamatan') ?? '';
  const nameOf = (code: string) => regions?.nameOf(code) ?? code;

  const page = list.result?.ok ? list.result.value : null;
  const rows: DeskBusiness[] = page?.businesses ?? [];

  const loadMore = async () => {
    if (!api || !page?.next) return;
    setLoadingMore(true);
    const more = await api.list(JSON.parse(filterKey) as Record<string, string>, page.next);
    setLoadingMore(false);
    list.replace(
      more.ok
        ? {
            ok: true,
            value: { ...more.value, businesses: [...page.businesses, ...more.value.businesses] },
          }
        : more,
    );
  };

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allShownSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const toggleShown = () => {
    const next = new Set(selected);
    for (const row of rows) {
      if (allShownSelected) next.delete(row.id);
      else next.add(row.id);
    }
    setSelected(next);
  };

  const assign = async (target: AssignmentRequest['target']) => {
    if (!api || coachChoice === '') return;
    const coachId = coachChoice === UNASSIGNED_COACH ? null : coachChoice;
    setBusy(true);
    setMessage(null);
    const result = await api.assign({ coachId, target });
    setBusy(false);
    setConfirmAll(false);
    if (!result.ok) {
      setMessage({
        kind: 'error',
        text:
          result.failure === 'network'
            ? t('desk.businesses.offline')
            : t('desk.businesses.assignFailed', { reason: failureReason(result) }),
      });
      return;
    }
    setMessage({
      kind: 'success',
      text: coachId
        ? t('desk.businesses.assigned', {
            changed: format.number(result.value.changed),
            unchanged: format.number(result.value.unchanged),
            coach: coachName(coachId),
          })
        : t('desk.businesses.released', { changed: format.number(result.value.changed) }),
    });
    setSelected(new Set());
    list.retry();
    setCaseloadVersion((n) => n + 1);
  };

  const changeStatus = async (row: DeskBusiness, status: CoachingStatus) => {
    if (!api) return;
    setMessage(null);
    const result = await api.setStatus(row.id, { status, expectedUpdatedAt: row.updatedAt });
    if (result.ok) {
      setMessage({
        kind: 'success',
        text: t('desk.businesses.statusSaved', { name: row.name, status: t(`labels.status.${status}`) }),
      });
      if (page) {
        list.replace({
          ok: true,
          value: {
            ...page,
            businesses: page.businesses.map((b) =>
              b.id === row.id
                ? { ...b, status, updatedAt: result.value.business.updatedAt ?? b.updatedAt }
                : b,
            ),
          },
        });
      }
      setCaseloadVersion((n) => n + 1);
      return;
    }
    if (result.failure === 'server' && result.status === 409) {
      setMessage({ kind: 'error', text: t('desk.businesses.statusStale', { name: row.name }) });
      list.retry();
      return;
    }
    setMessage({
      kind: 'error',
      text: result.failure === 'network' ? t('desk.businesses.offline') : failureReason(result),
    });
  };

  const chosenCoach =
    coachChoice === UNASSIGNED_COACH
      ? t('desk.businesses.release')
      : coachChoice
        ? coachName(coachChoice)
        : '';

  return (
    <section className="page desk-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.businesses.title')}</h1>
      <p className="lead">{t('desk.businesses.intro')}</p>

      <FilterBox
        title={t('desk.businesses.filters')}
        active={activeFilters}
        open={filtersOpen}
        onToggle={() => setFiltersOpen(!filtersOpen)}
      >
        <label className="field desk-search">
          <span>{t('desk.businesses.search')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <RegionSelects
          regions={regions}
          district={district}
          village={params.get('kelurahan') ?? ''}
          onChange={setFilter}
          text={{
            district: t('desk.businesses.district'),
            anyDistrict: t('desk.businesses.anyDistrict'),
            village: t('desk.businesses.village'),
            anyVillage: t('desk.businesses.anyVillage'),
          }}
        />
        <label className="field">
          <span>{t('desk.businesses.coach')}</span>
          <select
            value={params.get('pendamping') ?? ''}
            onChange={(e) => setFilter('pendamping', e.target.value)}
          >
            <option value="">{t('desk.businesses.anyCoach')}</option>
            <option value={UNASSIGNED_COACH}>{t('desk.businesses.unassigned')}</option>
            {coaches.map((coach) => (
              <option key={coach.coachId} value={coach.coachId ?? ''}>
                {coach.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('desk.businesses.status')}</span>
          <select value={params.get('status') ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('desk.businesses.anyStatus')}</option>
            {coachingStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {t(`labels.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button desk-reset"
          onClick={() => {
            setSearch('');
            setParams(new URLSearchParams(), { replace: true });
          }}
        >
          {t('desk.businesses.reset')}
        </button>
      </FilterBox>

      <div className="card desk-assign" role="group" aria-label={t('desk.businesses.assignTitle')}>
        <label className="field">
          <span>{t('desk.businesses.assignTo')}</span>
          <select
            value={coachChoice}
            onChange={(e) => {
              setCoachChoice(e.target.value);
              setConfirmAll(false);
            }}
          >
            <option value="">{t('desk.businesses.chooseCoach')}</option>
            {coaches
              .filter((coach) => coach.active)
              .map((coach) => (
                <option key={coach.coachId} value={coach.coachId ?? ''}>
                  {coach.name}
                </option>
              ))}
            <option value={UNASSIGNED_COACH}>{t('desk.businesses.release')}</option>
          </select>
        </label>
        <div className="desk-assign-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy || coachChoice === '' || selected.size === 0}
            onClick={() => void assign({ kind: 'selection', businessIds: [...selected] })}
          >
            {t('desk.businesses.assignSelected', { count: selected.size })}
          </button>
          {!confirmAll ? (
            <button
              type="button"
              className="button"
              disabled={busy || coachChoice === '' || !page || page.total === 0}
              onClick={() => setConfirmAll(true)}
            >
              {t('desk.businesses.assignAll', { formatted: format.number(page?.total ?? 0) })}
            </button>
          ) : (
            <span className="desk-confirm" role="alert">
              {t('desk.businesses.confirmAll', {
                formatted: format.number(page?.total ?? 0),
                coach: chosenCoach,
              })}{' '}
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() =>
                  void assign({
                    kind: 'filter',
                    filter: JSON.parse(filterKey) as Extract<
                      AssignmentRequest['target'],
                      { kind: 'filter' }
                    >['filter'],
                  })
                }
              >
                {t('desk.businesses.confirmYes')}
              </button>{' '}
              <button type="button" className="button" onClick={() => setConfirmAll(false)}>
                {t('desk.businesses.confirmNo')}
              </button>
            </span>
          )}
          {coachChoice === '' && selected.size > 0 && (
            <span className="muted">{t('desk.businesses.chooseCoachFirst')}</span>
          )}
          {selected.size === 2 && (
            <Link className="button" to={mergePath(...([...selected] as [string, string]))}>
              {t('desk.businesses.merge')}
            </Link>
          )}
          {selected.size > 0 && (
            <button type="button" className="button-link" onClick={() => setSelected(new Set())}>
              {t('desk.businesses.clearSelection')}
            </button>
          )}
        </div>
      </div>

      {flash && !message && (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}
      {message && (
        <p className={`notice ${message.kind === 'success' ? 'notice-success' : 'warning'}`} role="status">
          {message.text}
        </p>
      )}

      {list.result === null || !list.result.ok ? (
        <LoadStatus
          failure={list.result && !list.result.ok ? list.result : null}
          offlineText={t('desk.businesses.offline')}
          onRetry={list.retry}
        />
      ) : (
        <>
          <p className="muted desk-count" role="status">
            {t('desk.businesses.total', {
              count: page?.total ?? 0,
              formatted: format.number(page?.total ?? 0),
            })}
            {page &&
              page.total > rows.length &&
              ` · ${t('desk.businesses.shown', { shown: format.number(rows.length) })}`}
            {selected.size > 0 && ` · ${t('desk.businesses.selected', { count: selected.size })}`}
          </p>
          {rows.length === 0 ? (
            <p className="card">{t('desk.businesses.empty')}</p>
          ) : (
            <>
              <label className="desk-select-all">
                <input type="checkbox" checked={allShownSelected} onChange={toggleShown} />{' '}
                {t('desk.businesses.selectPage')}
              </label>
              <ul className="desk-list">
                {rows.map((row) => (
                  <li
                    key={row.id}
                    className={`card desk-row desk-business${selected.has(row.id) ? ' is-selected' : ''}`}
                  >
                    <input
                      type="checkbox"
                      className="desk-business-check"
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                      aria-label={t('desk.businesses.select', { name: row.name })}
                    />
                    <div className="desk-business-main">
                      <Link to={businessHref(row.id)} className="desk-row-link">
                        <span className="desk-row-title">{row.name}</span>
                      </Link>
                      <span className="desk-row-meta">
                        {t('desk.businesses.owner')}: {row.ownerName} · {nameOf(row.villageCode)},{' '}
                        {nameOf(row.districtCode)}
                      </span>
                      <span className="desk-row-meta">
                        {row.coach ? row.coach.name : t('desk.businesses.noCoach')} ·{' '}
                        {row.lastVisitAt
                          ? `${t('desk.businesses.lastVisit')} ${format.date(row.lastVisitAt)} (${t('desk.businesses.visits', { count: row.visitCount })})`
                          : t('desk.businesses.never')}
                        {row.nib && ` · NIB ${row.nib}`}
                      </span>
                    </div>
                    <select
                      className="desk-business-status"
                      value={row.status}
                      aria-label={t('desk.businesses.statusOf', { name: row.name })}
                      onChange={(e) => void changeStatus(row, coachingStatusSchema.parse(e.target.value))}
                    >
                      {coachingStatusSchema.options.map((status) => (
                        <option key={status} value={status}>
                          {t(`labels.status.${status}`)}
                        </option>
                      ))}
                    </select>
                  </li>
                ))}
              </ul>
              {page?.next && (
                <button
                  type="button"
                  className="button button-block"
                  disabled={loadingMore}
                  onClick={() => void loadMore()}
                >
                  {loadingMore ? t('desk.review.loading') : t('desk.businesses.more')}
                </button>
              )}
            </>
          )}
        </>
      )}

      <section className="desk-exports" aria-label={t('desk.businesses.exports')}>
        <ExportButton dataset="businesses" filters={apiFilters(params)} />
        <ExportButton
          dataset="follow-ups"
          filters={{
            districtCode: params.get('kecamatan') ?? '',
            villageCode: params.get('kelurahan') ?? '',
            coachId: params.get('pendamping') === UNASSIGNED_COACH ? '' : (params.get('pendamping') ?? ''),
          }}
        />
      </section>

      <details className="card desk-caseloads" open={filtersOpen}>
        <summary>{t('desk.businesses.caseloads')}</summary>
        {caseloads.length > 0 && (
          <table className="desk-table">
            <thead>
              <tr>
                <th scope="col">{t('desk.businesses.caseloadCoach')}</th>
                <th scope="col" className="num">
                  {t('desk.businesses.caseloadBusinesses')}
                </th>
                <th scope="col" className="num">
                  {t('desk.businesses.caseloadVisited')}
                </th>
              </tr>
            </thead>
            <tbody>
              {caseloads.map((line) => {
                const name = line.name ?? t('desk.businesses.unassigned');
                return (
                  <tr key={line.coachId ?? UNASSIGNED_COACH}>
                    <th scope="row">
                      <button
                        type="button"
                        className="button-link"
                        aria-label={t('desk.businesses.caseloadShow', { name })}
                        onClick={() => setFilter('pendamping', line.coachId ?? UNASSIGNED_COACH)}
                      >
                        {name}
                      </button>
                      {!line.active && ` ${t('desk.businesses.caseloadInactive')}`}
                    </th>
                    <td className="num">{format.number(line.businesses)}</td>
                    <td className="num">{line.coachId ? format.number(line.visitedLast30Days) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}
