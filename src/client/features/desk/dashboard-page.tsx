import { lazy, Suspense, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat, type Format } from '@/client/components/use-format';
import { useRegions } from '@/client/data/reference-repository';
import { coachingStatusSchema } from '@/shared/domain/business';
import type { AdoptionItem, Dashboard, MapPoints } from '@/shared/domain/dashboard';
import { BarList, ChartCard, ColumnSpark, ShareLine, TargetBar } from './dashboard-charts';
import { dashboardApi, type DashboardApi } from './dashboard-api';
import { dashboardText } from './dashboard-text';
import { failureReason, type DeskResult } from './desk-api';
import { useDeskSection } from './desk-text';
import { businessHref } from './desk-paths';
import { LoadStatus } from './load-status';
import { configuredTiles } from './map-tiles';
import { RegionSelects } from './region-selects';
import { useDeskApi } from './use-desk-api';
import { useRequest } from './use-request';
import './desk.css';
import './dashboard.css';
import '@/client/i18n/labels';

/** What Indonesians call their three time zones. */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

// Leaflet (and the map module) load only when the coordinator opens the map.
const BusinessMap = lazy(() => import('./business-map').then((m) => ({ default: m.BusinessMap })));

const NOT_VISITED_DAYS = [30, 60, 90, 180] as const;
const DEFAULT_NOT_VISITED = 60;
const WEEKS = 12;
const MONTHS = 12;
const MAP_VISIT_DAYS = 30;

type T = ReturnType<typeof useDeskSection>['t'];

export function DashboardPage() {
  const { t } = useDeskSection('dashboard', dashboardText);
  const format = useFormat();
  const deskApi = useDeskApi();
  const api = useMemo(() => (deskApi ? dashboardApi(deskApi.request) : null), [deskApi]);
  const regions = useRegions();
  const [params, setParams] = useSearchParams();
  const headingId = useId();
  const districtCode = params.get('kecamatan') ?? '';
  const daysParam = Number(params.get('hari'));
  const notVisitedDays = NOT_VISITED_DAYS.some((d) => d === daysParam) ? daysParam : DEFAULT_NOT_VISITED;
  const key = `${districtCode}|${notVisitedDays}`;
  const run = useMemo(
    () =>
      api
        ? () =>
            api.dashboard({
              districtCode: districtCode || undefined,
              notVisitedDays,
              weeks: WEEKS,
              months: MONTHS,
            })
        : null,
    [api, districtCode, notVisitedDays],
  );
  const { result, retry, replace } = useRequest(run, key);
  const nameOf = (code: string) => regions?.nameOf(code) ?? code;

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  return (
    <section className="page desk-page dash-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.dashboard.title')}</h1>
      <p className="lead">{t('desk.dashboard.intro')}</p>
      <form className="desk-filters dash-filters" onSubmit={(e) => e.preventDefault()}>
        <RegionSelects
          regions={regions}
          district={districtCode}
          onChange={setParam}
          text={{ district: t('desk.dashboard.district'), anyDistrict: t('desk.dashboard.allDistricts') }}
        />
        <label className="field">
          <span>
            {t('desk.dashboard.notVisited.title')}: {t('desk.dashboard.notVisited.days')}
          </span>
          <select value={notVisitedDays} onChange={(e) => setParam('hari', e.target.value)}>
            {NOT_VISITED_DAYS.map((days) => (
              <option key={days} value={days}>
                {t('desk.dashboard.notVisited.daysOption', { count: days })}
              </option>
            ))}
          </select>
        </label>
      </form>

      {result === null || !result.ok ? (
        <LoadStatus
          failure={result === null || result.ok ? null : result}
          offlineText={t('desk.dashboard.loadOffline')}
          onRetry={retry}
        />
      ) : (
        <DashboardBody
          data={result.value}
          api={api}
          t={t}
          format={format}
          nameOf={nameOf}
          onTargetSaved={(target) =>
            replace({ ok: true, value: { ...result.value, coverage: { ...result.value.coverage, target } } })
          }
        />
      )}
      {api && <MapSection api={api} districtCode={districtCode} t={t} format={format} />}
    </section>
  );
}

function DashboardBody({
  data,
  api,
  t,
  format,
  nameOf,
  onTargetSaved,
}: {
  data: Dashboard;
  api: DashboardApi | null;
  t: T;
  format: Format;
  nameOf: (code: string) => string;
  onTargetSaved: (target: number | null) => void;
}) {
  const chartTexts = {
    showTableText: t('desk.dashboard.asTable'),
    showChartText: t('desk.dashboard.asChart'),
  };
  const { movement, notVisited } = data;
  const percent = (share: number) => format.percent(share);
  return (
    <>
      <p className="muted">
        {t('desk.dashboard.updatedAt', {
          when: format.dateTime(data.generatedAt),
          zone: ZONE_NAMES[data.timeZone] ?? data.timeZone,
        })}
      </p>
      <div className="dash-headlines">
        <CoverageCard data={data} api={api} t={t} format={format} onSaved={onTargetSaved} />
        {(['naikKelas', 'stagnan'] as const).map((kind) => (
          <div key={kind} className="card dash-headline">
            <span className={`dash-big ${kind === 'naikKelas' ? 'dash-good' : 'dash-warn'}`}>
              {format.number(movement[kind].count)}
            </span>
            <span className="dash-big-label">{t(`desk.dashboard.movement.${kind}`)}</span>
            <span className="muted">
              {t('desk.dashboard.movement.assessed', {
                count: movement.assessed,
                visits: movement.definitions.lastVisits,
              })}
            </span>
          </div>
        ))}
        <div className="card dash-headline">
          <span className="dash-big">{format.number(notVisited.count)}</span>
          <span className="dash-big-label">
            {t('desk.dashboard.notVisited.headline', { days: notVisited.days })}
          </span>
        </div>
      </div>

      <div className="dash-grid">
        <VisitsCard data={data} t={t} format={format} chartTexts={chartTexts} />
        <NotVisitedCard data={data} t={t} format={format} nameOf={nameOf} chartTexts={chartTexts} />
        <AdoptionCard
          title={t('desk.dashboard.adoption.packaging')}
          items={data.checklistAdoption.packaging}
          months={data.checklistAdoption.months}
          t={t}
          format={format}
          chartTexts={chartTexts}
        />
        <AdoptionCard
          title={t('desk.dashboard.adoption.digital')}
          items={data.checklistAdoption.digital}
          months={data.checklistAdoption.months}
          t={t}
          format={format}
          chartTexts={chartTexts}
        />
        <ChartCard
          title={t('desk.dashboard.movement.title')}
          description={
            <>
              <p>
                {t('desk.dashboard.movement.naikDefinition', { visits: movement.definitions.lastVisits })}
              </p>
              <p>
                {t('desk.dashboard.movement.stagnanDefinition', {
                  visits: movement.definitions.lastVisits,
                  flat: percent(movement.definitions.flatWithin),
                })}
              </p>
            </>
          }
          {...chartTexts}
          table={
            <table className="dash-table">
              <caption>{t('desk.dashboard.movement.byDistrict')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('desk.dashboard.district')}</th>
                  <th scope="col">{t('desk.dashboard.movement.naikKelas')}</th>
                  <th scope="col">{t('desk.dashboard.movement.stagnan')}</th>
                </tr>
              </thead>
              <tbody>
                {movement.naikKelas.byDistrict.map((row, i) => (
                  <tr key={row.districtCode}>
                    <th scope="row">{nameOf(row.districtCode)}</th>
                    <td>{format.number(row.count)}</td>
                    <td>{format.number(movement.stagnan.byDistrict[i]?.count ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <div className="dash-pair">
            <div>
              <h3>{t('desk.dashboard.movement.naikKelas')}</h3>
              <BarList
                tone="good"
                rows={movement.naikKelas.byDistrict.map((row) => ({
                  key: row.districtCode,
                  label: nameOf(row.districtCode),
                  value: row.count,
                  valueText: format.number(row.count),
                }))}
              />
            </div>
            <div>
              <h3>{t('desk.dashboard.movement.stagnan')}</h3>
              <BarList
                tone="warn"
                rows={movement.stagnan.byDistrict.map((row) => ({
                  key: row.districtCode,
                  label: nameOf(row.districtCode),
                  value: row.count,
                  valueText: format.number(row.count),
                }))}
              />
            </div>
          </div>
        </ChartCard>
        <ChartCard
          title={t('desk.dashboard.status.title')}
          {...chartTexts}
          table={
            <table className="dash-table">
              <thead>
                <tr>
                  <th scope="col">{t('desk.dashboard.status.title')}</th>
                  <th scope="col">{t('desk.dashboard.status.count')}</th>
                </tr>
              </thead>
              <tbody>
                {coachingStatusSchema.options.map((status) => (
                  <tr key={status}>
                    <th scope="row">{t(`labels.status.${status}`)}</th>
                    <td>{format.number(data.statusCounts[status] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <BarList
            rows={coachingStatusSchema.options.map((status) => ({
              key: status,
              label: t(`labels.status.${status}`),
              value: data.statusCounts[status] ?? 0,
              valueText: format.number(data.statusCounts[status] ?? 0),
            }))}
          />
        </ChartCard>
      </div>

      <section className="card dash-card" aria-label={t('desk.dashboard.table.title')}>
        <h2>{t('desk.dashboard.table.title')}</h2>
        {/* Scrolls sideways on a phone: focusable so a keyboard can scroll it (WCAG 2.1.1). */}
        <div
          className="dash-table-wrap"
          tabIndex={0}
          role="group"
          aria-label={t('desk.dashboard.table.title')}
        >
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">{t('desk.dashboard.district')}</th>
                <th scope="col">{t('desk.dashboard.table.businesses')}</th>
                <th scope="col">{t('desk.dashboard.table.underCoaching')}</th>
                <th scope="col">{t('desk.dashboard.table.notVisited')}</th>
                <th scope="col">{t('desk.dashboard.table.naikKelas')}</th>
                <th scope="col">{t('desk.dashboard.table.stagnan')}</th>
                <th scope="col">
                  {t('desk.dashboard.table.visits', { weeks: data.visitsPerCoachPerWeek.weekStarts.length })}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.byDistrict.map((row) => (
                <tr key={row.districtCode}>
                  <th scope="row">{nameOf(row.districtCode)}</th>
                  <td>{format.number(row.businesses)}</td>
                  <td>{format.number(row.underCoaching)}</td>
                  <td>{format.number(row.notVisited)}</td>
                  <td>{format.number(row.naikKelas)}</td>
                  <td>{format.number(row.stagnan)}</td>
                  <td>{format.number(row.visits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

type ChartTexts = { showTableText: string; showChartText: string };

function CoverageCard({
  data,
  api,
  t,
  format,
  onSaved,
}: {
  data: Dashboard;
  api: DashboardApi | null;
  t: T;
  format: Format;
  onSaved: (target: number | null) => void;
}) {
  const { coverage } = data;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const inputId = useId();
  const share = coverage.target ? coverage.underCoaching / coverage.target : null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!api) return;
    const digits = draft.replace(/[.\s]/g, '');
    const target = digits === '' ? null : Number(digits);
    setSaving(true);
    const saved: DeskResult<{ target: number | null }> =
      target !== null && !Number.isInteger(target)
        ? { ok: false, failure: 'invalid', message: t('validation.invalidValue'), fields: [] }
        : await api.setCoverageTarget(target);
    setSaving(false);
    if (saved.ok) {
      onSaved(saved.value.target);
      setEditing(false);
      setMessage({ kind: 'ok', text: t('desk.dashboard.coverage.saved') });
    } else {
      const reason =
        saved.failure === 'invalid' ? (saved.fields[0]?.message ?? saved.message) : failureReason(saved);
      setMessage({ kind: 'error', text: t('desk.dashboard.coverage.failed', { reason }) });
    }
  };

  return (
    <div className="card dash-headline dash-coverage">
      <h2 className="dash-small-title">{t('desk.dashboard.coverage.title')}</h2>
      <span className="dash-big">{format.number(coverage.underCoaching)}</span>
      <span className="dash-big-label">{t('desk.dashboard.coverage.underCoaching')}</span>
      <span>
        {coverage.target !== null && share !== null
          ? t('desk.dashboard.coverage.ofTarget', {
              target: format.number(coverage.target),
              share: format.percent(share),
            })
          : t('desk.dashboard.coverage.noTarget')}
      </span>
      <TargetBar
        value={coverage.underCoaching}
        target={coverage.target}
        label={`${format.number(coverage.underCoaching)} / ${coverage.target === null ? '—' : format.number(coverage.target)}`}
      />
      <p className="muted dash-note">{t('desk.dashboard.coverage.definition')}</p>
      {data.districtCode && <p className="muted dash-note">{t('desk.dashboard.coverage.cityWide')}</p>}
      {editing ? (
        <form className="dash-target-form" onSubmit={(e) => void save(e)}>
          <label htmlFor={inputId}>{t('desk.dashboard.coverage.target')}</label>
          <input
            id={inputId}
            inputMode="numeric"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="off"
          />
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? t('desk.dashboard.coverage.saving') : t('desk.dashboard.coverage.save')}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            {t('desk.dashboard.coverage.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(coverage.target === null ? '' : String(coverage.target));
            setMessage(null);
            setEditing(true);
          }}
        >
          {t('desk.dashboard.coverage.editTarget')}
        </button>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'notice notice-success' : 'warning'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}

function VisitsCard({
  data,
  t,
  format,
  chartTexts,
}: {
  data: Dashboard;
  t: T;
  format: Format;
  chartTexts: ChartTexts;
}) {
  const { weekStarts, coaches } = data.visitsPerCoachPerWeek;
  const totals = weekStarts.map((_, i) => coaches.reduce((n, coach) => n + (coach.weeks[i]?.count ?? 0), 0));
  const max = Math.max(1, ...coaches.flatMap((coach) => coach.weeks.map((week) => week.count)));
  const weekLabel = (day: string) => format.day(day);
  return (
    <ChartCard
      title={t('desk.dashboard.visits.title')}
      description={<p className="muted">{t('desk.dashboard.visits.weeks', { count: weekStarts.length })}</p>}
      {...chartTexts}
      table={
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{t('desk.dashboard.visits.coach')}</th>
              {weekStarts.map((week) => (
                <th key={week} scope="col">
                  {weekLabel(week)}
                </th>
              ))}
              <th scope="col">{t('desk.dashboard.visits.total')}</th>
            </tr>
          </thead>
          <tbody>
            {coaches.map((coach) => (
              <tr key={coach.coachId}>
                <th scope="row">{coach.name}</th>
                {coach.weeks.map((week) => (
                  <td key={week.weekStart}>{format.number(week.count)}</td>
                ))}
                <td>{format.number(coach.total)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('desk.dashboard.visits.totalPerWeek')}</th>
              {totals.map((total, i) => (
                <td key={weekStarts[i]}>{format.number(total)}</td>
              ))}
              <td>{format.number(totals.reduce((a, b) => a + b, 0))}</td>
            </tr>
          </tbody>
        </table>
      }
    >
      {coaches.length === 0 ? (
        <p className="muted">{t('desk.dashboard.visits.none')}</p>
      ) : (
        <>
          <div className="dash-week-total">
            <span>{t('desk.dashboard.visits.totalPerWeek')}</span>
            <ColumnSpark
              values={totals}
              max={Math.max(1, ...totals)}
              label={totals
                .map((n, i) => `${weekLabel(weekStarts[i] ?? '')}: ${format.number(n)}`)
                .join(', ')}
            />
            <span className="dash-axis-labels">
              <span>{weekStarts[0] ? weekLabel(weekStarts[0]) : ''}</span>
              <span>{weekStarts.length > 0 ? weekLabel(weekStarts[weekStarts.length - 1] ?? '') : ''}</span>
            </span>
          </div>
          <ul className="dash-coach-list">
            {coaches.map((coach) => (
              <li key={coach.coachId} className="dash-coach-row">
                <span className="dash-bar-label">{coach.name}</span>
                <ColumnSpark
                  values={coach.weeks.map((week) => week.count)}
                  max={max}
                  label={`${coach.name}: ${coach.weeks.map((w) => `${weekLabel(w.weekStart)} ${format.number(w.count)}`).join(', ')}`}
                />
                <span className="dash-bar-value">{format.number(coach.total)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </ChartCard>
  );
}

const NOT_VISITED_FIRST = 10;

function NotVisitedCard({
  data,
  t,
  format,
  nameOf,
  chartTexts,
}: {
  data: Dashboard;
  t: T;
  format: Format;
  nameOf: (code: string) => string;
  chartTexts: ChartTexts;
}) {
  const { notVisited } = data;
  // Ten at first: on a phone the whole list is a long scroll past the rest of the dashboard.
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? notVisited.sample : notVisited.sample.slice(0, NOT_VISITED_FIRST);
  return (
    <ChartCard
      title={t('desk.dashboard.notVisited.title')}
      description={
        <p>{t('desk.dashboard.notVisited.count', { count: notVisited.count, days: notVisited.days })}</p>
      }
      {...chartTexts}
      table={
        <table className="dash-table">
          <caption>{t('desk.dashboard.notVisited.byDistrict')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.dashboard.district')}</th>
              <th scope="col">{t('desk.dashboard.table.notVisited')}</th>
            </tr>
          </thead>
          <tbody>
            {notVisited.byDistrict.map((row) => (
              <tr key={row.districtCode}>
                <th scope="row">{nameOf(row.districtCode)}</th>
                <td>{format.number(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarList
        tone="warn"
        rows={notVisited.byDistrict.map((row) => ({
          key: row.districtCode,
          label: nameOf(row.districtCode),
          value: row.count,
          valueText: format.number(row.count),
        }))}
      />
      <h3>{t('desk.dashboard.notVisited.sample')}</h3>
      {notVisited.sample.length === 0 ? (
        <p className="muted">{t('desk.dashboard.noData')}</p>
      ) : (
        <ol className="dash-not-visited">
          {shown.map((business) => (
            <li key={business.id}>
              <Link to={businessHref(business.id)}>{business.name}</Link>
              <span className="muted">
                {' '}
                · {nameOf(business.districtCode)} ·{' '}
                {business.lastVisitAt
                  ? t('desk.dashboard.notVisited.lastVisit', { date: format.date(business.lastVisitAt) })
                  : t('desk.dashboard.notVisited.never')}
              </span>
            </li>
          ))}
        </ol>
      )}
      {!showAll && notVisited.sample.length > NOT_VISITED_FIRST && (
        <button type="button" className="button" onClick={() => setShowAll(true)}>
          {t('desk.dashboard.notVisited.showAll', { count: notVisited.sample.length })}
        </button>
      )}
    </ChartCard>
  );
}

function AdoptionCard({
  title,
  items,
  months,
  t,
  format,
  chartTexts,
}: {
  title: string;
  items: readonly AdoptionItem[];
  months: readonly string[];
  t: T;
  format: Format;
  chartTexts: ChartTexts;
}) {
  const { i18n } = useDeskSection('dashboard', dashboardText);
  const labelOf = (item: AdoptionItem) => (i18n.language === 'en' ? item.label.en : item.label.id);
  return (
    <ChartCard
      title={`${t('desk.dashboard.adoption.title')}: ${title}`}
      description={<p className="muted">{t('desk.dashboard.adoption.intro')}</p>}
      {...chartTexts}
      table={
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{t('desk.dashboard.adoption.item')}</th>
              {months.map((month) => (
                <th key={month} scope="col">
                  {format.month(month)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.item}>
                <th scope="row">{labelOf(item)}</th>
                {item.points.map((point) => (
                  <td key={point.month}>
                    {t('desk.dashboard.adoption.share', {
                      share: format.percent(point.share),
                      done: format.number(point.done),
                      applies: format.number(point.applies),
                    })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ul className="dash-adoption">
        {items.map((item) => {
          const latest = item.points[item.points.length - 1];
          return (
            <li key={item.item} className="dash-coach-row">
              <span className="dash-bar-label">{labelOf(item)}</span>
              <ShareLine
                shares={item.points.map((point) => point.share)}
                label={`${labelOf(item)}: ${item.points.map((p) => `${format.month(p.month)} ${format.percent(p.share)}`).join(', ')}`}
              />
              <span className="dash-bar-value">{latest ? format.percent(latest.share) : '—'}</span>
            </li>
          );
        })}
      </ul>
    </ChartCard>
  );
}

function MapSection({
  api,
  districtCode,
  t,
  format,
}: {
  api: DashboardApi;
  districtCode: string;
  t: T;
  format: Format;
}) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const headingId = useId();
  const run = useMemo(
    () =>
      open ? () => api.mapPoints({ districtCode: districtCode || undefined, days: MAP_VISIT_DAYS }) : null,
    [api, open, districtCode],
  );
  const { result, retry } = useRequest<MapPoints>(run, `${districtCode}|${String(open)}`);
  return (
    <section className="card dash-card" aria-labelledby={headingId}>
      <div className="dash-card-head">
        <h2 id={headingId}>{t('desk.dashboard.map.title')}</h2>
        <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('desk.dashboard.map.hide') : t('desk.dashboard.map.show')}
        </button>
      </div>
      {open &&
        (result === null || !result.ok ? (
          <LoadStatus
            failure={result === null || result.ok ? null : result}
            offlineText={t('desk.dashboard.loadOffline')}
            onRetry={retry}
          />
        ) : (
          <>
            <p className="muted">
              {t('desk.dashboard.map.businesses', { count: result.value.businesses.length })} ·{' '}
              {t('desk.dashboard.map.visits', { days: result.value.days, count: result.value.visits.length })}
            </p>
            {result.value.visitsTruncated && (
              <p className="muted">
                {t('desk.dashboard.map.truncated', { count: result.value.visits.length })}
              </p>
            )}
            {result.value.businesses.length === 0 && result.value.visits.length === 0 ? (
              <p>{t('desk.dashboard.map.noPoints')}</p>
            ) : (
              <Suspense
                fallback={
                  <p className="loading" role="status">
                    {t('desk.dashboard.map.loading')}
                  </p>
                }
              >
                <BusinessMap
                  points={result.value}
                  tiles={configuredTiles}
                  onOpenBusiness={(id) => void navigate(businessHref(id))}
                  text={{
                    label: t('desk.dashboard.map.label'),
                    noTiles: t('desk.dashboard.map.noTiles'),
                    tilesOff: t('desk.dashboard.map.tilesOff'),
                    open: t('desk.dashboard.map.open'),
                    lastVisit: (iso) => t('desk.dashboard.map.lastVisit', { date: format.date(iso) }),
                    neverVisited: t('desk.dashboard.map.neverVisited'),
                    status: (status) => t(`labels.status.${status}`),
                    visits: t('desk.dashboard.map.legendVisits'),
                  }}
                />
              </Suspense>
            )}
          </>
        ))}
    </section>
  );
}
