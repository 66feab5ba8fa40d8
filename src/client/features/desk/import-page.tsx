import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import {
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ImportCommitResult,
  type ImportDecision,
  type ImportField,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
  type ImportPreviewRow,
} from '@/shared/domain/import';
import { failureReason, type DeskFailure } from './desk-api';
import { useDeskSection } from './desk-text';
import { saveFile } from './export-download';
import {
  commitImport,
  createImportApi,
  fetchReport,
  uploadImport,
  type CommitProgress,
  type Transport,
} from './import-api';
import { importText } from './import-text';
import { useDeskApi } from './use-desk-api';
import './desk.css';
import './import.css';

const PAGE_SIZE = 50;

type Step =
  | { kind: 'file' }
  | { kind: 'mapping'; job: ImportJob }
  | { kind: 'preview'; job: ImportJob }
  | { kind: 'done'; job: ImportJob; result: ImportCommitResult };

/** The signed-in coordinator's token (the upload and the streamed commit need it beside the desk's request). */
function useToken(): string | null {
  const session = useLiveQuery(() => loadSession(localDb), []);
  return session?.token ?? null;
}

/**
 * The coordinator's spreadsheet import (issue 6): choose a file, see what was read, match its
 * columns to binaan's fields, check every row (problems, likely duplicates, decisions), then
 * commit all at once and download the report. Nothing is saved before the commit; the file's rows
 * stay on the server between steps, so a reload does not lose the decisions.
 *
 * `transport`: how the file is uploaded ('xhr' reports upload progress; tests use 'fetch').
 */
export function ImportPage({ transport = 'xhr' }: { transport?: Transport }) {
  const { t, i18n } = useDeskSection('import', importText);
  const deskApi = useDeskApi();
  const token = useToken();
  const api = useMemo(() => (deskApi ? createImportApi(deskApi.request) : null), [deskApi]);
  const language = i18n.resolvedLanguage ?? 'id';
  const headingId = useId();
  const [step, setStep] = useState<Step>({ kind: 'file' });
  const [message, setMessage] = useState<string | null>(null);

  const failureText = useCallback(
    (failure: DeskFailure) =>
      failure.failure === 'network'
        ? t('desk.import.offline')
        : t('desk.import.failed', { reason: failureReason(failure) }),
    [t],
  );

  const discard = async (job: ImportJob) => {
    if (!api) return;
    const result = await api.discard(job.id);
    if (!result.ok) {
      setMessage(failureText(result));
      return;
    }
    setMessage(t('desk.import.discarded'));
    setStep({ kind: 'file' });
  };

  const stepNames = ['file', 'mapping', 'preview', 'done'] as const;
  return (
    <section className="page desk-page import-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.import.title')}</h1>
      <p className="muted">{t('desk.import.intro')}</p>
      <ol className="import-steps">
        {stepNames.map((name) => (
          <li key={name} aria-current={step.kind === name ? 'step' : undefined}>
            {t(`desk.import.steps.${name}`)}
          </li>
        ))}
      </ol>
      {message && (
        <p className="warning" role="status">
          {message}
        </p>
      )}
      {step.kind === 'file' && token && (
        <FileStep
          token={token}
          language={language}
          transport={transport}
          onRead={(job) => {
            setMessage(null);
            setStep({ kind: 'mapping', job });
          }}
          failureText={failureText}
        />
      )}
      {step.kind !== 'file' && <Detection job={step.job} />}
      {step.kind === 'mapping' && api && (
        <MappingStep
          job={step.job}
          onSave={async (mapping) => {
            const result = await api.saveMapping(step.job.id, mapping);
            if (!result.ok) return failureText(result);
            setStep({ kind: 'preview', job: result.value });
            return null;
          }}
          onDiscard={() => void discard(step.job)}
        />
      )}
      {step.kind === 'preview' && api && token && (
        <PreviewStep
          job={step.job}
          api={api}
          token={token}
          language={language}
          failureText={failureText}
          onBack={() => setStep({ kind: 'mapping', job: step.job })}
          onDone={(result) => setStep({ kind: 'done', job: step.job, result })}
          onDiscard={() => void discard(step.job)}
        />
      )}
      {step.kind === 'done' && token && (
        <DoneStep
          job={step.job}
          result={step.result}
          token={token}
          language={language}
          onAnother={() => setStep({ kind: 'file' })}
        />
      )}
    </section>
  );
}

function FileStep({
  token,
  language,
  transport,
  onRead,
  failureText,
}: {
  token: string;
  language: string;
  transport: Transport;
  onRead: (job: ImportJob) => void;
  failureText: (failure: DeskFailure) => string;
}) {
  const { t } = useDeskSection('import', importText);
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setProgress(0);
    const result = await uploadImport({ token, language, file, transport, onProgress: setProgress });
    setProgress(null);
    if (result.ok) onRead(result.value);
    else setError(failureText(result));
  };

  return (
    <form className="card import-file" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId}>{t('desk.import.chooseFile')}</label>
      <input
        id={inputId}
        type="file"
        accept=".xlsx,.csv,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(event) => setFile(event.target.files?.[0] ?? null)}
      />
      <div className="button-row">
        <button type="submit" className="button primary" disabled={!file || progress !== null}>
          {t('desk.import.upload')}
        </button>
      </div>
      {progress !== null && (
        <div role="status" className="import-progress">
          <progress max={1} value={progress} />
          <span>
            {progress < 1
              ? t('desk.import.uploading', { percent: Math.round(progress * 100) })
              : t('desk.import.reading')}
          </span>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Detection({ job }: { job: ImportJob }) {
  const { t } = useDeskSection('import', importText);
  const format = useFormat();
  const d = job.detection;
  const delimiter = d.delimiter === ';' ? 'semicolon' : d.delimiter === '\t' ? 'tab' : 'comma';
  return (
    <section className="card import-detection" aria-label={t('desk.import.detected')}>
      <h2>{t('desk.import.detected')}</h2>
      <dl>
        <dt>{t('desk.import.fileName')}</dt>
        <dd>{job.fileName}</dd>
        <dt>{t('desk.import.format')}</dt>
        <dd>
          {d.format === 'csv'
            ? t('desk.import.formatCsv', {
                encoding: d.encoding ?? '',
                delimiter: t(`desk.import.delimiters.${delimiter}`),
              })
            : t('desk.import.formatXlsx', { sheet: d.sheet ?? '' })}
        </dd>
        <dt>{t('desk.import.header')}</dt>
        <dd>{t('desk.import.headerRows', { rows: d.headerRows.join('–') })}</dd>
        <dt>{t('desk.import.dataRows')}</dt>
        <dd>{format.number(d.dataRows)}</dd>
        <dt>{t('desk.import.leftOut')}</dt>
        <dd>
          {t('desk.import.leftOutDetail', {
            titles: format.number(d.titleRows.length),
            blank: format.number(d.blankRows),
            totals: format.number(d.totalsRows.length),
          })}
        </dd>
      </dl>
    </section>
  );
}

function MappingStep({
  job,
  onSave,
  onDiscard,
}: {
  job: ImportJob;
  onSave: (mapping: ImportMapping) => Promise<string | null>;
  onDiscard: () => void;
}) {
  const { t } = useDeskSection('import', importText);
  const [mapping, setMapping] = useState<ImportMapping>(job.mapping);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = REQUIRED_IMPORT_FIELDS.filter((field) => !mapping.includes(field));
  const taken = new Set(mapping.filter((field): field is ImportField => field !== null));

  const save = async () => {
    setBusy(true);
    setError(await onSave(mapping));
    setBusy(false);
  };

  return (
    <section className="card import-mapping">
      <h2>{t('desk.import.mappingTitle')}</h2>
      <p className="muted">{t('desk.import.mappingIntro')}</p>
      {job.mappingSource === 'remembered' && <p className="muted">{t('desk.import.mappingRemembered')}</p>}
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">{t('desk.import.column')}</th>
            <th scope="col">{t('desk.import.samples')}</th>
            <th scope="col">{t('desk.import.field')}</th>
          </tr>
        </thead>
        <tbody>
          {job.columns.map((column) => (
            <tr key={column.index}>
              <th scope="row">{column.label}</th>
              <td className="muted">{column.samples.join(' · ')}</td>
              <td>
                <select
                  aria-label={t('desk.import.fieldFor', { column: column.label })}
                  value={mapping[column.index] ?? ''}
                  onChange={(event) => {
                    const value = event.target.value;
                    setMapping((current) =>
                      current.map((field, index) => {
                        if (index === column.index) return value === '' ? null : (value as ImportField);
                        // A field belongs to one column: choosing it here frees it elsewhere.
                        return field === value ? null : field;
                      }),
                    );
                  }}
                >
                  <option value="">{t('desk.import.notImported')}</option>
                  {IMPORT_FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {t(`desk.import.fields.${field}`)}
                      {taken.has(field) && mapping[column.index] !== field ? ' •' : ''}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && (
        <p className="warning" role="status">
          {t('desk.import.missing', {
            fields: missing.map((field) => t(`desk.import.fields.${field}`)).join(', '),
          })}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={busy || missing.length > 0}
          onClick={() => void save()}
        >
          {busy ? t('desk.import.saving') : t('desk.import.toPreview')}
        </button>
        <button type="button" className="button" onClick={onDiscard}>
          {t('desk.import.discard')}
        </button>
      </div>
    </section>
  );
}

function PreviewStep({
  job,
  api,
  token,
  language,
  failureText,
  onBack,
  onDone,
  onDiscard,
}: {
  job: ImportJob;
  api: ReturnType<typeof createImportApi>;
  token: string;
  language: string;
  failureText: (failure: DeskFailure) => string;
  onBack: () => void;
  onDone: (result: ImportCommitResult) => void;
  onDiscard: () => void;
}) {
  const { t } = useDeskSection('import', importText);
  const format = useFormat();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [offset, setOffset] = useState(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<CommitProgress | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    void api.preview(job.id, { offset, limit: PAGE_SIZE, onlyProblems }).then((result) => {
      if (!current) return;
      if (result.ok) setPreview(result.value);
      else setError(failureText(result));
    });
    return () => {
      current = false;
    };
  }, [api, job.id, offset, onlyProblems, reload, failureText]);

  const decide = async (body: Parameters<typeof api.decide>[1]) => {
    setError(null);
    const result = await api.decide(job.id, body);
    if (!result.ok) setError(failureText(result));
    setReload((n) => n + 1);
  };

  const commit = async () => {
    setConfirming(false);
    setError(null);
    setProgress({ phase: 'checking', done: 0, total: job.rowCount });
    const result = await commitImport({ token, language, id: job.id, onProgress: setProgress });
    setProgress(null);
    if (result.ok) onDone(result.value);
    else {
      setError(failureText(result));
      setReload((n) => n + 1);
    }
  };

  const totals = preview?.totals;
  const mustDecide = totals ? totals.blocked + totals.undecided > 0 : true;
  return (
    <section className="card import-preview">
      <h2>{t('desk.import.previewTitle')}</h2>
      {!preview && !error && (
        <p className="loading" role="status">
          {t('desk.import.checkingRows', { rows: format.number(job.rowCount) })}
        </p>
      )}
      {totals && (
        <p role="status" className="import-totals">
          {t('desk.import.totals', {
            rows: format.number(totals.rows),
            ready: format.number(totals.ready),
            skipped: format.number(totals.skipped),
            blocked: format.number(totals.blocked),
            undecided: format.number(totals.undecided),
          })}
        </p>
      )}
      <div className="button-row">
        <label className="import-filter">
          <input
            type="checkbox"
            checked={onlyProblems}
            onChange={(event) => {
              setOnlyProblems(event.target.checked);
              setOffset(0);
            }}
          />
          {t('desk.import.onlyProblems')}
        </label>
        {totals && totals.withErrors > 0 && (
          <button type="button" className="button" onClick={() => void decide({ skipErrors: true })}>
            {t('desk.import.skipErrors')}
          </button>
        )}
        {totals && totals.duplicates > 0 && (
          <>
            <button type="button" className="button" onClick={() => void decide({ duplicates: 'import' })}>
              {t('desk.import.importDuplicates')}
            </button>
            <button type="button" className="button" onClick={() => void decide({ duplicates: 'skip' })}>
              {t('desk.import.skipDuplicates')}
            </button>
          </>
        )}
      </div>
      {preview && preview.rows.length === 0 && <p className="muted">{t('desk.import.noRows')}</p>}
      {preview && preview.rows.length > 0 && (
        <div className="import-table-wrap">
          <table className="import-table import-rows">
            <thead>
              <tr>
                <th scope="col">{t('desk.import.row')}</th>
                <th scope="col">{t('desk.import.name')}</th>
                <th scope="col">{t('desk.import.place')}</th>
                <th scope="col">{t('desk.import.problems')}</th>
                <th scope="col">{t('desk.import.duplicates')}</th>
                <th scope="col">{t('desk.import.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <PreviewRow
                  key={row.row}
                  row={row}
                  onDecide={(decision) => void decide({ rows: [{ row: row.row, decision }] })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview && preview.matching > PAGE_SIZE && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            {t('desk.import.previous')}
          </button>
          <span className="muted">
            {t('desk.import.page', {
              from: format.number(offset + 1),
              to: format.number(Math.min(preview.matching, offset + PAGE_SIZE)),
              total: format.number(preview.matching),
            })}
          </span>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE_SIZE >= preview.matching}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            {t('desk.import.next')}
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {totals && mustDecide && (
        <p className="warning">
          {t('desk.import.blocked', {
            blocked: format.number(totals.blocked),
            undecided: format.number(totals.undecided),
          })}
        </p>
      )}
      {progress && (
        <div role="status" className="import-progress">
          <progress
            max={Math.max(1, progress.total)}
            value={progress.phase === 'writing' ? progress.done : undefined}
          />
          <span>
            {progress.phase === 'checking'
              ? t('desk.import.checking', { total: format.number(progress.total) })
              : t('desk.import.committing', {
                  done: format.number(progress.done),
                  total: format.number(progress.total),
                })}
          </span>
        </div>
      )}
      {confirming && totals && (
        <div
          className="warning import-confirm"
          role="alertdialog"
          aria-label={t('desk.import.confirmYes', { count: format.number(totals.ready) })}
        >
          <p>
            {t('desk.import.confirm', {
              count: format.number(totals.ready),
              skipped: format.number(totals.skipped),
            })}
          </p>
          <div className="button-row">
            <button type="button" className="button primary" onClick={() => void commit()}>
              {t('desk.import.confirmYes', { count: format.number(totals.ready) })}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('desk.import.cancel')}
            </button>
          </div>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={!totals || mustDecide || totals.ready === 0 || progress !== null}
          onClick={() => setConfirming(true)}
        >
          {t('desk.import.commit', { count: format.number(totals?.ready ?? 0) })}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={progress !== null}>
          {t('desk.import.backToMapping')}
        </button>
        <button type="button" className="button" onClick={onDiscard} disabled={progress !== null}>
          {t('desk.import.discard')}
        </button>
      </div>
    </section>
  );
}

function PreviewRow({
  row,
  onDecide,
}: {
  row: ImportPreviewRow;
  onDecide: (decision: ImportDecision | null) => void;
}) {
  const { t } = useDeskSection('import', importText);
  const reasons = (list: readonly string[]) =>
    list.map((reason) => t(`desk.import.reasons.${reason}`)).join(', ');
  const needsDecision = row.duplicates.length > 0 || row.outcome === 'blocked' || row.decision !== null;
  return (
    <tr className={`import-row import-${row.outcome}`}>
      <th scope="row">{row.row}</th>
      <td>{row.values.name ?? '—'}</td>
      <td>{row.values.villageCode ?? '—'}</td>
      <td>
        {row.problems.length > 0 && (
          <ul className="import-problems">
            {row.problems.map((problem, index) => (
              <li key={index} className={`import-${problem.severity}`}>
                <strong>{t(`desk.import.severities.${problem.severity}`)}</strong>
                {problem.field ? ` · ${t(`desk.import.fields.${problem.field}`)}` : ''}:{' '}
                {t(`desk.import.problemText.${problem.code}`, { detail: problem.detail ?? '' })}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {row.duplicates.length > 0 && (
          <ul className="import-problems">
            {row.duplicates.map((duplicate) => (
              <li key={duplicate.kind === 'existing' ? duplicate.businessId : `row-${duplicate.row}`}>
                {duplicate.kind === 'existing'
                  ? t('desk.import.duplicateOf', {
                      name: duplicate.name,
                      reasons: reasons(duplicate.reasons),
                    })
                  : t('desk.import.duplicateRow', {
                      row: duplicate.row,
                      name: duplicate.name,
                      reasons: reasons(duplicate.reasons),
                    })}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <span className="desk-badge">{t(`desk.import.outcomes.${row.outcome}`)}</span>
        {needsDecision && (
          <select
            aria-label={t('desk.import.decisionFor', { row: row.row })}
            value={row.decision ?? ''}
            onChange={(event) =>
              onDecide(event.target.value === '' ? null : (event.target.value as ImportDecision))
            }
          >
            <option value="">{t('desk.import.decisions.none')}</option>
            {row.outcome !== 'blocked' && <option value="import">{t('desk.import.decisions.import')}</option>}
            <option value="skip">{t('desk.import.decisions.skip')}</option>
          </select>
        )}
      </td>
    </tr>
  );
}

function DoneStep({
  job,
  result,
  token,
  language,
  onAnother,
}: {
  job: ImportJob;
  result: ImportCommitResult;
  token: string;
  language: string;
  onAnother: () => void;
}) {
  const { t } = useDeskSection('import', importText);
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = async (fileFormat: 'csv' | 'xlsx') => {
    setBusy(true);
    setFailed(false);
    const report = await fetchReport({ token, language, id: job.id, format: fileFormat });
    setBusy(false);
    if (report) saveFile(report.blob, report.fileName);
    else setFailed(true);
  };
  return (
    <section className="card import-done" aria-live="polite">
      <h2>{t('desk.import.doneTitle')}</h2>
      <p>
        {t('desk.import.done', {
          created: format.number(result.created),
          skipped: format.number(result.skipped),
        })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => void download('xlsx')}
        >
          {t('desk.import.report')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void download('csv')}>
          {t('desk.import.reportCsv')}
        </button>
        <button type="button" className="button" onClick={onAnother}>
          {t('desk.import.another')}
        </button>
      </div>
      {busy && <p role="status">{t('desk.import.downloading')}</p>}
      {failed && (
        <p className="form-error" role="alert">
          {t('desk.import.offline')}
        </p>
      )}
    </section>
  );
}
