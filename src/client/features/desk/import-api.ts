/**
 * The import page's calls (issue 6). JSON calls go through the desk's request (desk-api.ts); the
 * upload sends the file's bytes with upload progress (XMLHttpRequest, whose upload events fetch
 * lacks), and the commit reads the server's progress lines as they come (a streamed fetch).
 * Like every desk call they answer with a result and never throw.
 */
import { z } from 'zod';
import {
  IMPORT_FILE_NAME_HEADER,
  IMPORT_NDJSON,
  importCommitLineSchema,
  importCommitResultSchema,
  importJobSchema,
  importPreviewSchema,
  importTotalsSchema,
  type ImportCommitResult,
  type ImportDecisionsRequest,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
} from '@/shared/domain/import';
import { createDeskRequest, type DeskRequest, type DeskResult } from './desk-api';

export function createImportApi(request: DeskRequest) {
  const path = (id: string) => `/api/imports/${encodeURIComponent(id)}`;
  return {
    job: (id: string): Promise<DeskResult<ImportJob>> => request(path(id), importJobSchema),
    saveMapping: (id: string, mapping: ImportMapping): Promise<DeskResult<ImportJob>> =>
      request(`${path(id)}/mapping`, importJobSchema, { method: 'PUT', body: JSON.stringify({ mapping }) }),
    preview: (
      id: string,
      query: { offset: number; limit: number; onlyProblems: boolean },
    ): Promise<DeskResult<ImportPreview>> => {
      const search = new URLSearchParams({
        offset: String(query.offset),
        limit: String(query.limit),
        problems: query.onlyProblems ? 'only' : 'all',
      });
      return request(`${path(id)}/preview?${search.toString()}`, importPreviewSchema);
    },
    decide: (id: string, body: Partial<ImportDecisionsRequest>) =>
      request(`${path(id)}/decisions`, z.object({ totals: importTotalsSchema }), {
        method: 'PUT',
        body: JSON.stringify(body),
      }),
    discard: (id: string): Promise<DeskResult<null>> => request(path(id), z.null(), { method: 'DELETE' }),
  };
}
export type ImportApi = ReturnType<typeof createImportApi>;

export type Transport = 'xhr' | 'fetch';

type Upload = {
  token: string;
  language: string;
  file: File;
  onProgress: (share: number) => void;
  /** XMLHttpRequest reports upload progress; fetch (used where XHR cannot reach the server, as in tests) does not. */
  transport: Transport;
};

/** Uploads the file's bytes (POST /api/imports) and answers with the job. */
export async function uploadImport(upload: Upload): Promise<DeskResult<ImportJob>> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${upload.token}`,
    Accept: 'application/json',
    'Accept-Language': upload.language,
    'Content-Type': upload.file.type || 'application/octet-stream',
    [IMPORT_FILE_NAME_HEADER]: encodeURIComponent(upload.file.name),
  };
  if (upload.transport === 'fetch') {
    // The desk's request parses the answer the same way as every other call.
    const request = createDeskRequest(upload.token, upload.language, (input, init) =>
      fetch(input, { ...init, headers }),
    );
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    upload.onProgress(1);
    return request('/api/imports', importJobSchema, { method: 'POST', body: bytes });
  }
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) upload.onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => resolve({ ok: false, failure: 'network' });
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null;
      }
      if (xhr.status === 201) {
        const job = importJobSchema.safeParse(json);
        resolve(
          job.success
            ? { ok: true, value: job.data }
            : { ok: false, failure: 'server', status: 201, message: 'unexpected answer' },
        );
        return;
      }
      if (xhr.status === 401) {
        resolve({ ok: false, failure: 'unauthorized' });
        return;
      }
      const error = z.object({ error: z.object({ message: z.string() }) }).safeParse(json);
      const message = error.success ? error.data.error.message : `HTTP ${xhr.status}`;
      resolve(
        xhr.status === 400
          ? { ok: false, failure: 'invalid', message, fields: [] }
          : { ok: false, failure: 'server', status: xhr.status, message },
      );
    };
    xhr.send(upload.file);
  });
}

export type CommitProgress = { phase: 'checking' | 'writing'; done: number; total: number };

/** POST /api/imports/{id}/commit, reading the progress lines as the server writes them. */
export async function commitImport(options: {
  token: string;
  language: string;
  id: string;
  onProgress: (progress: CommitProgress) => void;
}): Promise<DeskResult<ImportCommitResult>> {
  let response: Response;
  try {
    response = await fetch(`/api/imports/${encodeURIComponent(options.id)}/commit`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${options.token}`,
        Accept: IMPORT_NDJSON,
        'Accept-Language': options.language,
      },
    });
  } catch {
    return { ok: false, failure: 'network' };
  }
  if (!response.ok) {
    if (response.status === 401) return { ok: false, failure: 'unauthorized' };
    if (response.status === 404) return { ok: false, failure: 'notFound' };
    const body = z
      .object({ error: z.object({ message: z.string() }) })
      .safeParse(await response.json().catch(() => null));
    return {
      ok: false,
      failure: 'server',
      status: response.status,
      message: body.success ? body.data.error.message : `HTTP ${response.status}`,
    };
  }
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let result: DeskResult<ImportCommitResult> = { ok: false, failure: 'network' };
  const handle = (line: string) => {
    if (line.trim() === '') return;
    const parsed = importCommitLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) return;
    const value = parsed.data;
    if ('phase' in value) options.onProgress(value);
    else if ('result' in value) result = { ok: true, value: importCommitResultSchema.parse(value.result) };
    else result = { ok: false, failure: 'server', status: 409, message: value.error.message };
  };
  try {
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(handle);
      }
      handle(buffered);
    } else (await response.text()).split('\n').forEach(handle);
  } catch {
    return { ok: false, failure: 'network' };
  }
  return result;
}

/** The report's bytes (GET /api/imports/{id}/report), or null when it could not be fetched. */
export async function fetchReport(options: {
  token: string;
  language: string;
  id: string;
  format: 'csv' | 'xlsx';
}): Promise<{ blob: Blob; fileName: string } | null> {
  try {
    const response = await fetch(
      `/api/imports/${encodeURIComponent(options.id)}/report?format=${options.format}`,
      {
        headers: { Authorization: `Bearer ${options.token}`, 'Accept-Language': options.language },
      },
    );
    if (!response.ok) return null;
    const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
    return { blob: await response.blob(), fileName: match?.[1] ?? `laporan-impor.${options.format}` };
  } catch {
    return null;
  }
}
