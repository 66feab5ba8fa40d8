import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadRegionNames } from '@/client/data/reference-repository';
import type { Business } from '@/shared/domain/business';
import { MERGE_GROUPS, type MergeGroup } from '@/shared/domain/business-merge';
import { createBusinessesApi } from './businesses-api';
import { failureReason, type DeskResult } from './desk-api';
import { ASSIGNMENTS_PATH, mergePath } from './desk-paths';
import { useDeskSection } from './desk-text';
import { LoadStatus } from './load-status';
import { mergeText } from './merge-text';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import './businesses.css';
import '@/client/i18n/labels';

const GROUPS = Object.keys(MERGE_GROUPS) as MergeGroup[];

const sameIn = (group: MergeGroup, a: Business, b: Business) =>
  MERGE_GROUPS[group].every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));

/**
 * Merging a duplicate into the business that is kept (issue 5), field by field: each line shows
 * both values and the coordinator picks one; lines where both agree need no choice. The choices
 * survive a failed or stale attempt.
 */
export function MergePage() {
  const { t } = useDeskSection('merge', mergeText);
  const format = useFormat();
  const navigate = useNavigate();
  const deskApi = useDeskApi();
  const api = useMemo(() => (deskApi ? createBusinessesApi(deskApi.request) : null), [deskApi]);
  const [params] = useSearchParams();
  const keptId = params.get('usaha') ?? '';
  const duplicateId = params.get('duplikat') ?? '';
  const regions = useLiveQuery(() => loadRegionNames(localDb), []);
  const headingId = useId();
  const [take, setTake] = useState<ReadonlySet<MergeGroup>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const key = `${keptId}|${duplicateId}`;
  const run = useMemo(
    () =>
      api && keptId && duplicateId
        ? async (): Promise<
            DeskResult<{ kept: Business; duplicate: Business; coaches: Map<string, string> }>
          > => {
            const [kept, duplicate, users] = await Promise.all([
              api.business(keptId),
              api.business(duplicateId),
              deskApi?.users(),
            ]);
            if (!kept.ok) return kept;
            if (!duplicate.ok) return duplicate;
            const coaches = new Map(users?.ok ? users.value.users.map((user) => [user.id, user.name]) : []);
            return { ok: true, value: { kept: kept.value, duplicate: duplicate.value, coaches } };
          }
        : null,
    [api, deskApi, keptId, duplicateId],
  );
  const loaded = useRequest(run, key);

  if (!keptId || !duplicateId) {
    return (
      <section className="page desk-page">
        <h1>{t('desk.merge.title')}</h1>
        <p className="warning">{t('desk.merge.missing')}</p>
        <Link to={ASSIGNMENTS_PATH}>{t('desk.merge.back')}</Link>
      </section>
    );
  }

  const value = (group: MergeGroup, business: Business, coaches: Map<string, string>): string => {
    const empty = t('desk.merge.empty');
    switch (group) {
      case 'region':
        return `${regions?.nameOf(business.villageCode) ?? business.villageCode}, ${regions?.nameOf(business.districtCode) ?? business.districtCode}`;
      case 'location':
        return business.location
          ? `${business.location.lat.toFixed(5)}, ${business.location.lng.toFixed(5)}`
          : empty;
      case 'sector':
        return t(`labels.sector.${business.sector}`);
      case 'kbli':
        return business.kbli ? `${business.kbli.code} (KBLI ${business.kbli.version})` : empty;
      case 'figures': {
        const parts = [
          business.capital !== null
            ? t('desk.merge.capital', { amount: format.rupiah(business.capital) })
            : '',
          business.annualSales !== null
            ? t('desk.merge.sales', { amount: format.rupiah(business.annualSales) })
            : '',
        ].filter(Boolean);
        return parts.length > 0 ? parts.join(', ') : empty;
      }
      case 'legalForm':
        return business.legalForm ? t(`labels.legalForm.${business.legalForm}`) : empty;
      case 'licences': {
        const held = Object.entries(business.licences)
          .filter(([, number]) => number)
          .map(([kind, number]) => `${kind.toUpperCase()} ${number ?? ''}`);
        return held.length > 0 ? held.join(', ') : empty;
      }
      case 'links':
        return business.links.length > 0 ? business.links.map((link) => link.value).join(', ') : empty;
      case 'assignedCoachId':
        return business.assignedCoachId ? (coaches.get(business.assignedCoachId) ?? '?') : empty;
      case 'status':
        return t(`labels.status.${business.status}`);
      case 'yearStarted':
      case 'employees': {
        const number = business[group];
        return number === null ? empty : String(number);
      }
      default: {
        const text = business[group];
        return text ? String(text) : empty;
      }
    }
  };

  const submit = async (kept: Business, duplicate: Business) => {
    if (!api) return;
    setBusy(true);
    setMessage(null);
    const result = await api.merge(kept.id, {
      duplicateId: duplicate.id,
      take: GROUPS.filter((group) => take.has(group) && !sameIn(group, kept, duplicate)),
      expectedUpdatedAt: kept.updatedAt,
      expectedDuplicateUpdatedAt: duplicate.updatedAt,
    });
    setBusy(false);
    if (result.ok) {
      void navigate(ASSIGNMENTS_PATH, {
        state: {
          flash: t('desk.merge.done', {
            duplicate: duplicate.name,
            kept: result.value.business.name,
            visits: format.number(result.value.moved.visits ?? 0),
          }),
        },
      });
      return;
    }
    if (result.failure === 'network') setMessage(t('desk.merge.offline'));
    else if (result.failure === 'server' && result.status === 409) {
      setMessage(t('desk.merge.stale'));
      loaded.retry();
    } else {
      setMessage(t('desk.merge.failed', { reason: failureReason(result) }));
    }
  };

  const data = loaded.result?.ok ? loaded.result.value : null;
  return (
    <section className="page desk-page" aria-labelledby={headingId}>
      <p>
        <Link to={ASSIGNMENTS_PATH}>← {t('desk.merge.back')}</Link>
      </p>
      <h1 id={headingId}>{t('desk.merge.title')}</h1>
      <p className="lead">{t('desk.merge.intro')}</p>
      {message && (
        <p className="warning" role="alert">
          {message}
        </p>
      )}
      {!data ? (
        <LoadStatus
          failure={loaded.result && !loaded.result.ok ? loaded.result : null}
          offlineText={t('desk.merge.offline')}
          notFoundText={t('desk.merge.notFound')}
          onRetry={loaded.retry}
        />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit(data.kept, data.duplicate);
          }}
        >
          <div className="desk-merge-scroll">
            <table className="desk-table desk-merge">
              <thead>
                <tr>
                  <th scope="col">{t('desk.merge.field')}</th>
                  <th scope="col">
                    {t('desk.merge.kept')}: {data.kept.name}
                  </th>
                  <th scope="col">
                    {t('desk.merge.duplicate')}: {data.duplicate.name}
                  </th>
                </tr>
              </thead>
              <tbody>
                {GROUPS.map((group) => {
                  const label = t(`desk.merge.groups.${group}`);
                  const keptValue = value(group, data.kept, data.coaches);
                  if (sameIn(group, data.kept, data.duplicate)) {
                    return (
                      <tr key={group} className="desk-merge-same">
                        <th scope="row">{label}</th>
                        <td colSpan={2}>
                          {keptValue} <span className="muted">({t('desk.merge.same')})</span>
                        </td>
                      </tr>
                    );
                  }
                  const choose = (fromDuplicate: boolean) => {
                    const next = new Set(take);
                    if (fromDuplicate) next.add(group);
                    else next.delete(group);
                    setTake(next);
                  };
                  return (
                    <tr key={group}>
                      <th scope="row">{label}</th>
                      <td>
                        <label className="desk-merge-choice">
                          <input
                            type="radio"
                            name={group}
                            checked={!take.has(group)}
                            onChange={() => choose(false)}
                            aria-label={t('desk.merge.choose', { which: t('desk.merge.kept'), field: label })}
                          />
                          <span>{keptValue}</span>
                        </label>
                      </td>
                      <td>
                        <label className="desk-merge-choice">
                          <input
                            type="radio"
                            name={group}
                            checked={take.has(group)}
                            onChange={() => choose(true)}
                            aria-label={t('desk.merge.choose', {
                              which: t('desk.merge.duplicate'),
                              field: label,
                            })}
                          />
                          <span>{value(group, data.duplicate, data.coaches)}</span>
                        </label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="desk-assign-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('desk.merge.saving') : t('desk.merge.submit')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                // Keep the same values: what was taken from one side now comes from the other.
                setTake(new Set(GROUPS.filter((group) => !take.has(group))));
                void navigate(mergePath(duplicateId, keptId), { replace: true });
              }}
            >
              {t('desk.merge.swap')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
