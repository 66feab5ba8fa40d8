import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import type { ExportDataset, ExportFormat } from '@/shared/domain/export';
import { useDeskSection } from './desk-text';
import { downloadExport, saveFile, type ExportFailure, type ExportProgress } from './export-download';
import { exportText } from './export-text';
import './export.css';

type ExportState =
  | { status: 'idle' }
  | { status: 'running'; progress: ExportProgress | null }
  | { status: 'done'; fileName: string; rows: number }
  | { status: 'failed'; failure: ExportFailure | { failure: 'signedOut' } };

/**
 * Export what a desk screen shows: the coordinator picks XLSX or CSV (and, for businesses, whether
 * the owner's NIK goes in), the file is made by the server with the screen's filters and saved
 * when it has fully arrived, with the rows counted on the way ("Mengekspor… 12.000 dari 22.000
 * baris"). Needs the network: offline it says so and nothing is saved.
 */
export function ExportButton({
  dataset,
  filters,
}: {
  dataset: ExportDataset;
  /** The screen's filters as the API names them; empty values are ignored. */
  filters: Readonly<Record<string, string | undefined>>;
}) {
  const { t, i18n } = useDeskSection('export', exportText);
  const format = useFormat();
  const session = useLiveQuery(() => loadSession(localDb), []);
  const [fileFormat, setFileFormat] = useState<ExportFormat>('xlsx');
  const [includeNik, setIncludeNik] = useState(false);
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);
  const legendId = useId();
  const nikHintId = useId();
  const megabytes = useMemo(
    () => new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }),
    [i18n.language],
  );

  // Leaving the screen stops the download (and the server's reading with it).
  useEffect(() => () => running.current?.abort(), []);

  const start = async () => {
    const token = session?.token;
    if (!token) {
      setState({ status: 'failed', failure: { failure: 'signedOut' } });
      return;
    }
    const controller = new AbortController();
    running.current = controller;
    setState({ status: 'running', progress: null });
    const result = await downloadExport({
      token,
      language: i18n.resolvedLanguage ?? 'id',
      dataset,
      format: fileFormat,
      filters: dataset === 'businesses' && includeNik ? { ...filters, includeNik: 'true' } : filters,
      signal: controller.signal,
      onProgress: (progress) => {
        if (!controller.signal.aborted) setState({ status: 'running', progress });
      },
    });
    if (running.current === controller) running.current = null;
    if (result.ok) {
      saveFile(result.blob, result.fileName);
      setState({ status: 'done', fileName: result.fileName, rows: result.rows });
    } else {
      setState({ status: 'failed', failure: result });
    }
  };

  const progressText = (progress: ExportProgress | null) => {
    if (!progress) return t('desk.export.preparing');
    if (progress.rows !== null && progress.total !== null) {
      return t('desk.export.progress', {
        done: format.number(progress.rows),
        total: format.number(progress.total),
      });
    }
    return t('desk.export.progressBytes', { size: `${megabytes.format(progress.bytes / 1_048_576)} MB` });
  };

  const failureText = (failure: ExportFailure | { failure: 'signedOut' }) => {
    switch (failure.failure) {
      case 'network':
        return t('desk.export.offline');
      case 'interrupted':
        return t('desk.export.interrupted');
      case 'cancelled':
        return t('desk.export.cancelled');
      case 'unauthorized':
        return t('desk.export.unauthorized');
      case 'forbidden':
        return t('desk.export.forbidden');
      case 'signedOut':
        return t('desk.export.signedOut');
      case 'invalid':
        return t('desk.export.invalid', { reason: failure.message });
      case 'server':
        return t('desk.export.failed', { reason: failure.message });
    }
  };

  const busy = state.status === 'running';
  const progress = state.status === 'running' ? state.progress : null;
  return (
    <fieldset className="card export-control" aria-labelledby={legendId} aria-busy={busy}>
      <legend id={legendId}>{t('desk.export.group', { what: t(`desk.export.what.${dataset}`) })}</legend>
      <p className="muted export-filtered">{t('desk.export.filtered')}</p>
      <div className="export-options">
        <label className="field export-format">
          <span>{t('desk.export.format')}</span>
          <select
            value={fileFormat}
            disabled={busy}
            onChange={(event) => setFileFormat(event.target.value === 'csv' ? 'csv' : 'xlsx')}
          >
            <option value="xlsx">{t('desk.export.xlsx')}</option>
            <option value="csv">{t('desk.export.csv')}</option>
          </select>
        </label>
        {dataset === 'businesses' && (
          <div className="field export-nik">
            <label className="export-check">
              <input
                type="checkbox"
                checked={includeNik}
                disabled={busy}
                aria-describedby={nikHintId}
                onChange={(event) => setIncludeNik(event.target.checked)}
              />
              <span>{t('desk.export.includeNik')}</span>
            </label>
            <p id={nikHintId} className="muted export-hint">
              {t('desk.export.nikHint')}
            </p>
          </div>
        )}
        <div className="button-row export-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void start()}
          >
            {t('desk.export.start')}
          </button>
          {busy && (
            <button type="button" className="button" onClick={() => running.current?.abort()}>
              {t('desk.export.cancel')}
            </button>
          )}
        </div>
      </div>
      {busy && (
        <div className="export-progress">
          <progress
            aria-label={t('desk.export.progressLabel')}
            max={progress?.total ?? undefined}
            value={progress?.rows !== null && progress?.total ? progress.rows : undefined}
          />
          <p role="status">{progressText(progress)}</p>
        </div>
      )}
      {state.status === 'done' && (
        <p className="notice notice-success" role="status">
          {t('desk.export.done', {
            count: state.rows,
            formatted: format.number(state.rows),
            file: state.fileName,
          })}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="warning" role="alert">
          {failureText(state.failure)}
        </p>
      )}
    </fieldset>
  );
}
