import { useEffect, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useFormat, type Format } from '@/client/components/use-format';
import { AUDIT_ACTION_GROUPS, auditPageSchema, type AuditEntry, type AuditPage } from '@/shared/domain/audit';
import type { DeskRequest, DeskResult, DeskUser } from './desk-api';
import { useDeskSection } from './desk-text';
import { auditText } from './audit-text';
import { LoadStatus } from './load-status';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import './audit.css';
import '@/client/i18n/labels';
import { DateRangeAndReset, FilterBox, useFiltersOpen } from './filter-box';

/** Filters as they appear in the address (Indonesian names) and as the API names them. */
const FILTERS = [
  ['jenis', 'action'],
  ['orang', 'userId'],
  ['dari', 'from'],
  ['sampai', 'to'],
  ['entitas', 'entity'],
  ['id', 'entityId'],
] as const;
type FilterName = (typeof FILTERS)[number][0];

type Translate = (key: string, values?: Record<string, unknown>) => string;

function apiFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, api] of FILTERS) {
    const value = params.get(name) ?? '';
    if (value !== '') filters[api] = value;
  }
  return filters;
}

function auditRequest(request: DeskRequest, filters: Record<string, string>, before?: string) {
  const query = new URLSearchParams(filters);
  if (before) query.set('before', before);
  const search = query.toString();
  return request(`/api/audit${search ? `?${search}` : ''}`, auditPageSchema);
}

/** The i18n key of an action group (`user.` → `user`). */
const groupKey = (prefix: string) => prefix.replace(/\.$/, '');

function detailNumber(detail: AuditEntry['detail'], key: string): number {
  const value = detail?.[key];
  return typeof value === 'number' ? value : 0;
}
function detailString(detail: AuditEntry['detail'], key: string): string | null {
  const value = detail?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * One entry as a sentence in plain language: "Rahmawati mengekspor data usaha (1.204 baris, dengan
 * NIK)". Numbers are written the Indonesian way; names come from the entry, or from the city's
 * accounts for a coach named only by id in the detail.
 */
export function describeEntry(entry: AuditEntry, t: Translate, format: Format, people: Map<string, string>) {
  const d = entry.detail;
  const who = entry.user?.name ?? t('desk.audit.system');
  const name =
    entry.entityName ??
    (entry.entityId ? people.get(entry.entityId) : undefined) ??
    t('desk.audit.unknownName');
  const n = (key: string) => format.number(detailNumber(d, key));
  const did = (key: string, values: Record<string, unknown> = {}) =>
    t(`desk.audit.did.${key}`, { who, name, ...values });
  switch (entry.action) {
    case 'login':
      return did('login');
    case 'user.create': {
      const role = detailString(d, 'role');
      return did('userCreate', {
        role: role ? t(`roles.${role}`).toLowerCase() : '',
        username: detailString(d, 'username') ?? '',
      });
    }
    case 'user.password_reset':
      return did('userPasswordReset', { count: detailNumber(d, 'revokedSessions') });
    case 'user.deactivate':
      return did('userDeactivate');
    case 'user.activate':
      return did('userActivate');
    case 'business.assign': {
      const changed = Array.isArray(d?.changed) ? d.changed.length : 0;
      const coachId = detailString(d, 'coachId');
      return coachId
        ? did('businessAssign', {
            count: format.number(changed),
            coach: people.get(coachId) ?? t('desk.audit.someone'),
          })
        : did('businessUnassign', { count: format.number(changed) });
    }
    case 'business.status': {
      const label = (status: string | null) => (status ? t(`labels.status.${status}`) : '—');
      return did('businessStatus', {
        from: label(detailString(d, 'from')),
        to: label(detailString(d, 'to')),
      });
    }
    case 'business.merge':
      return did('businessMerge');
    case 'visit.approve':
      return did('visitApprove');
    case 'visit.return':
      return did('visitReturn');
    case 'owner.activated':
      return did('ownerActivated');
    case 'owner.password_reset_by_invite':
      return did('ownerPasswordReset');
    case 'import.upload':
      return did('importUpload', { rows: n('rows') });
    case 'import.discard':
      return did('importDiscard');
    case 'import.commit':
      return did('importCommit', { created: n('created'), skipped: n('skipped') });
    case 'import.report':
      return did('importReport');
    case 'api_token.create':
      return did(d?.personalData === true ? 'tokenCreatePersonal' : 'tokenCreate');
    case 'api_token.revoke':
      return did('tokenRevoke');
    case 'api.personal_data_read':
      return did('apiPersonalRead', { name: detailString(d, 'token') ?? name, rows: n('rows') });
    case 'organisation.coverage_target': {
      const target = (key: string) => (typeof d?.[key] === 'number' ? n(key) : t('desk.audit.noTarget'));
      return did('coverageTarget', { from: target('from'), to: target('to') });
    }
    case 'sync.push': {
      const tables = d?.tables && typeof d.tables === 'object' ? (d.tables as Record<string, unknown>) : {};
      const parts = Object.entries(tables)
        .filter((pair): pair is [string, number] => typeof pair[1] === 'number' && pair[1] > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([table, count]) =>
          t(`desk.audit.tables.${table}`, { count, defaultValue: `${count} ${table}` }),
        );
      return did(d?.closed === true ? 'syncPushClosed' : 'syncPush', {
        count: detailNumber(d, 'applied'),
        tables: parts.join(', '),
      });
    }
    default:
      if (entry.action.startsWith('export.')) {
        const dataset = entry.action.slice('export.'.length);
        return did(d?.nik === true ? 'exportNik' : 'export', {
          dataset: t(`desk.audit.datasets.${dataset}`, { defaultValue: dataset }),
          rows: n('rows'),
        });
      }
      return did('other', { action: entry.action });
  }
}

/**
 * The coordinator's audit trail (issue 7): every recorded change and export of the city, newest
 * first, each as one plain sentence with who and when; filtered by kind, person and dates (kept in
 * the address, so a filtered view can be shared), and by one record when opened from it
 * (`?entitas=business&id=…`).
 */
export function AuditPage() {
  const { t } = useDeskSection('audit', auditText);
  const format = useFormat();
  const api = useDeskApi();
  const [params, setParams] = useSearchParams();
  const [people, setPeople] = useState<DeskUser[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const headingId = useId();
  const filterKey = JSON.stringify(apiFilters(params));
  const run = useMemo(
    () =>
      api
        ? (): Promise<DeskResult<AuditPage>> =>
            auditRequest(api.request, JSON.parse(filterKey) as Record<string, string>)
        : null,
    [api, filterKey],
  );
  const { result, retry, replace } = useRequest(run, filterKey);

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    void api.users().then((answer) => {
      if (!cancelled && answer.ok) setPeople(answer.value.users);
    });
    return () => {
      cancelled = true;
    };
  }, [api]);
  const names = useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people]);

  const loadMore = async () => {
    if (!api || !result?.ok || !result.value.next) return;
    setLoadingMore(true);
    const more = await auditRequest(
      api.request,
      JSON.parse(filterKey) as Record<string, string>,
      result.value.next,
    );
    setLoadingMore(false);
    replace(
      more.ok
        ? {
            ok: true,
            value: { entries: [...result.value.entries, ...more.value.entries], next: more.value.next },
          }
        : more,
    );
  };

  const value = (name: FilterName) => params.get(name) ?? '';
  const setFilter = (name: FilterName, next: string) => {
    const changed = new URLSearchParams(params);
    if (next === '') changed.delete(name);
    else changed.set(name, next);
    setParams(changed, { replace: true });
  };
  const clearRecord = () => {
    const changed = new URLSearchParams(params);
    changed.delete('entitas');
    changed.delete('id');
    setParams(changed, { replace: true });
  };
  const [filtersOpen, setFiltersOpen] = useFiltersOpen();
  const activeFilters = ['jenis', 'orang', 'dari', 'sampai'].filter((name) => params.get(name)).length;
  const entries = result?.ok ? result.value.entries : [];
  const recordName =
    value('id') !== ''
      ? (entries.find((entry) => entry.entityId === value('id'))?.entityName ??
        names.get(value('id')) ??
        value('id'))
      : null;

  return (
    <section className="page desk-page audit-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.audit.title')}</h1>
      <p className="lead">{t('desk.audit.intro')}</p>

      <FilterBox
        title={t('desk.audit.filters')}
        active={activeFilters}
        open={filtersOpen}
        onToggle={() => setFiltersOpen(!filtersOpen)}
      >
        <label className="field">
          <span>{t('desk.audit.group')}</span>
          <select value={value('jenis')} onChange={(e) => setFilter('jenis', e.target.value)}>
            <option value="">{t('desk.audit.anyGroup')}</option>
            {AUDIT_ACTION_GROUPS.map((prefix) => (
              <option key={prefix} value={prefix}>
                {t(`desk.audit.groups.${groupKey(prefix)}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('desk.audit.person')}</span>
          <select value={value('orang')} onChange={(e) => setFilter('orang', e.target.value)}>
            <option value="">{t('desk.audit.anyPerson')}</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} ({t(`roles.${person.role}`)})
              </option>
            ))}
          </select>
        </label>
        <DateRangeAndReset
          from={value('dari')}
          to={value('sampai')}
          onChange={setFilter}
          onReset={() => setParams(new URLSearchParams(), { replace: true })}
          text={{ from: t('desk.audit.from'), to: t('desk.audit.to'), reset: t('desk.audit.reset') }}
        />
      </FilterBox>

      {recordName !== null && (
        <p className="notice audit-record" role="status">
          {t('desk.audit.onlyFor', { name: recordName })}{' '}
          <button type="button" className="button" onClick={clearRecord}>
            {t('desk.audit.showAll')}
          </button>
        </p>
      )}

      {!result?.ok && (
        <LoadStatus
          failure={result && !result.ok ? result : null}
          offlineText={t('desk.audit.offline')}
          onRetry={retry}
        />
      )}
      {result?.ok && (
        <>
          <p className="muted" role="status">
            {t('desk.audit.count', { count: entries.length })}
          </p>
          {entries.length === 0 ? (
            <p className="card">{t('desk.audit.empty')}</p>
          ) : (
            <ol className="audit-list" aria-label={t('desk.audit.title')}>
              {entries.map((entry) => {
                const address = entry.action === 'login' ? detailString(entry.detail, 'address') : null;
                return (
                  <li key={entry.id} className="card audit-entry">
                    <p className="audit-sentence">{describeEntry(entry, t, format, names)}</p>
                    <p className="audit-meta">
                      <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
                      {entry.user && <span>{t(`roles.${entry.user.role}`)}</span>}
                      {address && address !== 'unknown' && (
                        <span>{t('desk.audit.fromAddress', { address })}</span>
                      )}
                    </p>
                  </li>
                );
              })}
            </ol>
          )}
          {result.value.next && (
            <button
              type="button"
              className="button button-block"
              disabled={loadingMore}
              onClick={() => void loadMore()}
            >
              {loadingMore ? t('desk.audit.loading') : t('desk.audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
