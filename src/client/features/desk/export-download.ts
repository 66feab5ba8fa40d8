/**
 * Downloads an export (GET /api/exports/…) with the coordinator's bearer token and counts its rows
 * while the body arrives, so a city-sized file shows how far it is. The server states the total
 * in X-Total-Rows up front (a streamed body has no Content-Length).
 *
 * Counting: a CSV's records end with CRLF outside quotes, so they are counted as the bytes pass. An
 * XLSX is a ZIP whose sheet is deflated: the small parts before it are skipped by their sizes, and
 * the sheet's bytes are inflated on the side (DecompressionStream, 'deflate-raw') to count its
 * `<row ` tags. The file itself is kept byte for byte as received; counting never changes it. Where
 * the browser cannot inflate, progress is shown in bytes instead.
 */
import { EXPORT_TOTAL_ROWS_HEADER, type ExportDataset, type ExportFormat } from '@/shared/domain/export';

export type ExportProgress = {
  /** Data rows received so far, or null when they cannot be counted (then `bytes` tells). */
  rows: number | null;
  /** Data rows the file will hold, from the server. */
  total: number | null;
  bytes: number;
};

export type ExportFailure =
  | { failure: 'network' }
  | { failure: 'interrupted' }
  | { failure: 'cancelled' }
  | { failure: 'unauthorized' }
  | { failure: 'forbidden' }
  | { failure: 'invalid'; message: string }
  | { failure: 'server'; status: number; message: string };

export type ExportResult =
  { ok: true; blob: Blob; fileName: string; rows: number } | ({ ok: false } & ExportFailure);

export type ExportRequest = {
  token: string;
  language: string;
  dataset: ExportDataset;
  format: ExportFormat;
  /** The screen's filters; empty values are left out. */
  filters: Readonly<Record<string, string | undefined>>;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

export function exportPath(
  dataset: ExportDataset,
  format: ExportFormat,
  filters: Readonly<Record<string, string | undefined>>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(name, value);
  }
  query.set('format', format);
  return `/api/exports/${dataset}?${query.toString()}`;
}

/** The file name from Content-Disposition (`attachment; filename="usaha-2026-11-23.xlsx"`). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(disposition ?? '');
  return match?.[1] ?? fallback;
}

type RowCounter = {
  push: (chunk: Uint8Array<ArrayBuffer>) => void;
  /** Data rows seen so far (the header row not counted), or null when uncountable. */
  rows: () => number | null;
  /** Stops the side work (the inflater), if any. */
  close: () => void;
};

/** CSV records: a CRLF outside quotes ends one (quotes inside a field are doubled, so toggling works). */
export function csvRowCounter(): RowCounter {
  let records = 0;
  let quoted = false;
  let lastWasCr = false;
  return {
    push(chunk) {
      for (const byte of chunk) {
        if (byte === 0x22) quoted = !quoted;
        else if (!quoted && byte === 0x0a && lastWasCr) records += 1;
        lastWasCr = byte === 0x0d;
      }
    },
    rows: () => Math.max(0, records - 1),
    close: () => undefined,
  };
}

const ROW_TAG = [0x3c, 0x72, 0x6f, 0x77, 0x20]; // "<row "
const SHEET = 'xl/worksheets/sheet1.xml';

/** Counts `<row ` in a byte stream, across chunk boundaries. */
function rowTagCounter() {
  let matched = 0;
  let count = 0;
  return {
    push(chunk: Uint8Array) {
      for (const byte of chunk) {
        if (byte === ROW_TAG[matched]) {
          matched += 1;
          if (matched === ROW_TAG.length) {
            count += 1;
            matched = 0;
          }
        } else matched = byte === ROW_TAG[0] ? 1 : 0;
      }
    },
    count: () => count,
  };
}

/**
 * XLSX rows: walks the ZIP's local headers up to the sheet's entry, then inflates what follows. The
 * inflater stops (or errors) at the end of the deflate stream; whatever comes after is not counted.
 */
export function xlsxRowCounter(onCount: () => void = () => undefined): RowCounter {
  if (typeof DecompressionStream !== 'function') {
    return { push: () => undefined, rows: () => null, close: () => undefined };
  }
  let pending: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  let skip = 0;
  let state: 'headers' | 'sheet' | 'stopped' = 'headers';
  let writer: WritableStreamDefaultWriter<BufferSource> | null = null;
  const tags = rowTagCounter();

  function startSheet() {
    const inflater = new DecompressionStream('deflate-raw');
    writer = inflater.writable.getWriter();
    const reader = inflater.readable.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          tags.push(value);
          // Inflating runs beside the download: its count moves even while no bytes arrive.
          onCount();
        }
      } catch {
        // Bytes after the deflate stream (the data descriptor, the directory): the sheet is done.
      }
    })();
  }

  function feed(bytes: Uint8Array<ArrayBuffer>) {
    writer?.write(bytes).catch(() => undefined);
  }

  function walk() {
    while (state === 'headers') {
      if (skip > 0) {
        const skipped = Math.min(skip, pending.byteLength);
        skip -= skipped;
        pending = pending.subarray(skipped);
        if (skip > 0) return;
      }
      if (pending.byteLength < 30) return;
      const view = new DataView(pending.buffer, pending.byteOffset, pending.byteLength);
      if (view.getUint32(0, true) !== 0x04034b50) {
        state = 'stopped';
        return;
      }
      const flags = view.getUint16(6, true);
      const compressedSize = view.getUint32(18, true);
      const nameLength = view.getUint16(26, true);
      const extraLength = view.getUint16(28, true);
      const headerLength = 30 + nameLength + extraLength;
      if (pending.byteLength < headerLength) return;
      const name = new TextDecoder().decode(pending.subarray(30, 30 + nameLength));
      pending = pending.subarray(headerLength);
      if (name === SHEET) {
        state = 'sheet';
        startSheet();
        if (pending.byteLength > 0) feed(pending);
        pending = new Uint8Array(0);
        return;
      }
      // A part of unknown length (streamed) before the sheet: nothing more can be found.
      if (flags & 0x0008) {
        state = 'stopped';
        return;
      }
      skip = compressedSize;
    }
  }

  return {
    push(chunk) {
      if (state === 'sheet') {
        feed(chunk);
        return;
      }
      if (state === 'stopped') return;
      const joined = new Uint8Array(pending.byteLength + chunk.byteLength);
      joined.set(pending, 0);
      joined.set(chunk, pending.byteLength);
      pending = joined;
      walk();
    },
    rows: () => (state === 'stopped' ? null : Math.max(0, tags.count() - 1)),
    close() {
      writer?.close().catch(() => undefined);
    },
  };
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Fetches the export, reporting progress per chunk; never throws. */
export async function downloadExport(request: ExportRequest): Promise<ExportResult> {
  const fetchImpl = request.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const path = exportPath(request.dataset, request.format, request.filters);
  const cancelled = () => request.signal?.aborted === true;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      headers: { Authorization: `Bearer ${request.token}`, 'Accept-Language': request.language },
      signal: request.signal ?? null,
    });
  } catch {
    return cancelled() ? { ok: false, failure: 'cancelled' } : { ok: false, failure: 'network' };
  }
  if (!response.ok) {
    if (response.status === 401) return { ok: false, failure: 'unauthorized' };
    if (response.status === 403) return { ok: false, failure: 'forbidden' };
    const message = await errorMessage(response);
    if (response.status === 400) return { ok: false, failure: 'invalid', message };
    return { ok: false, failure: 'server', status: response.status, message };
  }
  const totalHeader = response.headers.get(EXPORT_TOTAL_ROWS_HEADER);
  const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let finished = false;
  const counter = request.format === 'csv' ? csvRowCounter() : xlsxRowCounter(() => finished || report());
  function report() {
    const rows = counter.rows();
    request.onProgress?.({ rows: rows === null ? null : Math.min(rows, total ?? rows), total, bytes });
  }
  report();
  try {
    const reader = response.body?.getReader();
    if (reader) {
      // Cancelling stops the read even where the body does not follow the fetch's signal.
      request.signal?.addEventListener('abort', () => void reader.cancel().catch(() => undefined), {
        once: true,
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // A copy that owns its buffer: the Blob keeps it, the counter reads it.
        const chunk = new Uint8Array(value);
        chunks.push(chunk);
        bytes += chunk.byteLength;
        counter.push(chunk);
        report();
      }
    } else {
      const whole = new Uint8Array(await response.arrayBuffer());
      chunks.push(whole);
      bytes += whole.byteLength;
    }
  } catch {
    finished = true;
    counter.close();
    return cancelled() ? { ok: false, failure: 'cancelled' } : { ok: false, failure: 'interrupted' };
  }
  finished = true;
  counter.close();
  if (cancelled()) return { ok: false, failure: 'cancelled' };
  const rows = total ?? counter.rows() ?? 0;
  request.onProgress?.({ rows, total, bytes });
  const fallback = `${request.dataset}.${request.format}`;
  return {
    ok: true,
    blob: new Blob(chunks, { type: CONTENT_TYPES[request.format] }),
    fileName: fileNameOf(response.headers.get('Content-Disposition'), fallback),
    rows,
  };
}

/** Hands a downloaded file to the browser as a download (a temporary link with `download`). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
