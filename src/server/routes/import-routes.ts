/**
 * Spreadsheet import (issue 6), coordinators only, their own organisation:
 *
 *   POST   /api/imports                 the file's bytes as the body → the job (detection, columns, mapping)
 *   GET    /api/imports/{id}            the job
 *   PUT    /api/imports/{id}/mapping    column → field, remembered for the next file like it
 *   GET    /api/imports/{id}/preview    rows with normalised values, problems, duplicates; totals
 *   PUT    /api/imports/{id}/decisions  import or skip, per row or for all duplicates / error rows
 *   POST   /api/imports/{id}/commit     all or nothing; streamed progress with Accept: application/x-ndjson
 *   GET    /api/imports/{id}/report     every row and what happened to it, CSV or XLSX
 *   DELETE /api/imports/{id}            discard (the rows are deleted)
 *
 * A file that cannot be read, has no recognisable header or ragged rows throughout is refused with
 * 400 and a message saying what to fix; nothing is stored.
 */
import { createHash } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { idSchema } from '@/shared/domain/common';
import {
  IMPORT_FILE_NAME_HEADER,
  IMPORT_NDJSON,
  MAX_IMPORT_BYTES,
  importCommitResultSchema,
  importDecisionsRequestSchema,
  importJobSchema,
  importMappingRequestSchema,
  importPreviewQuerySchema,
  importPreviewSchema,
  importTotalsSchema,
  type ImportCommitLine,
} from '@/shared/domain/import';
import { translate } from '@/shared/i18n';
import { UTC_OFFSET_HOURS, timeZoneOfRegion } from '@/shared/domain/time-zone';
import { audit } from '../audit';
import { currentUser, requireRole } from '../auth/middleware';
import type { AuthenticatedUser } from '../auth/sessions';
import { organisations } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorBody, errorResponses, fail, type AppEnv } from '../errors';
import { CSV_CONTENT_TYPE } from '../export/csv-writer';
import { XLSX_CONTENT_TYPE } from '../export/xlsx-writer';
import { ImportFileError, type ImportFileFailure } from '../import/import-file';
import { reportCsv, reportXlsx } from '../import/import-report';
import {
  analyseJob,
  columnSamples,
  commitImport,
  createImport,
  decisionsOf,
  discardImport,
  jobToWire,
  loadJob,
  loadRows,
  missingFields,
  previewOf,
  reportRows,
  saveDecisions,
  saveMapping,
  totalsOf,
  type CommitOutcome,
  type ImportJobRow,
} from '../import/import-store';

const TAG = 'imports';
const params = z.object({ id: idSchema });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/api/imports',
  tags: [TAG],
  summary: 'Upload a spreadsheet (CSV or XLSX) to import businesses from',
  description: `The body is the file's bytes (at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB), its name in \`${IMPORT_FILE_NAME_HEADER}\` (percent-encoded). The format is read from the bytes. CSV: UTF-8 with or without BOM, UTF-16 or Windows-1252; comma, semicolon or tab. Title rows, two-row (merged) headers, blank and totals rows are recognised. \`sheet\` picks an XLSX sheet by name (default: the first with data). Nothing is written to the businesses until the commit.`,
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    query: z.object({ sheet: z.string().max(100).optional() }),
    body: {
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
      required: true,
    },
  },
  responses: {
    201: json(
      importJobSchema,
      'The file was read: detection, columns and the guessed (or remembered) mapping',
    ),
    ...errorResponses(400, 401, 403, 413),
  },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}',
  tags: [TAG],
  summary: 'An import job',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params },
  responses: { 200: json(importJobSchema, 'The job'), ...errorResponses(400, 401, 403, 404) },
});

const mappingRoute = createRoute({
  method: 'put',
  path: '/api/imports/{id}/mapping',
  tags: [TAG],
  summary: 'Set which business field each column holds (null: not imported)',
  description:
    'One entry per column. Remembered for the organisation: the next file with the same headers starts with it.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    params,
    body: { content: { 'application/json': { schema: importMappingRequestSchema } }, required: true },
  },
  responses: {
    200: json(importJobSchema, 'The job with its mapping'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const previewRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}/preview',
  tags: [TAG],
  summary: 'Rows as they would be imported: normalised values, problems, likely duplicates, and totals',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params, query: importPreviewQuerySchema },
  responses: { 200: json(importPreviewSchema, 'A page of rows'), ...errorResponses(400, 401, 403, 404, 409) },
});

const decisionsRoute = createRoute({
  method: 'put',
  path: '/api/imports/{id}/decisions',
  tags: [TAG],
  summary: 'Import or skip rows: one by one, every likely duplicate, or every row with an error',
  description:
    '`rows[].decision: null` removes a row’s own decision. `duplicates` applies to likely duplicates without their own decision; `skipErrors: true` skips every row with an error.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    params,
    body: { content: { 'application/json': { schema: importDecisionsRequestSchema } }, required: true },
  },
  responses: {
    200: json(z.object({ totals: importTotalsSchema }), 'The totals after the decisions'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const commitRoute = createRoute({
  method: 'post',
  path: '/api/imports/{id}/commit',
  tags: [TAG],
  summary: 'Create the businesses, all or nothing',
  description: `One transaction: every ready row becomes a business (synced to its coach's phone), or nothing is written. Refused with 409 while a row has an error that is not skipped or a likely duplicate is undecided. With \`Accept: ${IMPORT_NDJSON}\` the answer is a stream of JSON lines: \`{phase, done, total}\` while it works, then \`{result}\` or \`{error}\`.`,
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params },
  responses: {
    200: {
      description: 'Created',
      content: {
        'application/json': { schema: importCommitResultSchema },
        [IMPORT_NDJSON]: { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const reportRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}/report',
  tags: [TAG],
  summary: 'The import report: every row, what happened to it and its problems',
  description: 'Before the commit it says what would happen. Written to the audit log (it names businesses).',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params, query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }) },
  responses: {
    200: {
      description: 'The report as an attachment',
      content: {
        [XLSX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const discardRoute = createRoute({
  method: 'delete',
  path: '/api/imports/{id}',
  tags: [TAG],
  summary: 'Discard an import that was not committed (its rows are deleted)',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params },
  responses: { 204: { description: 'Discarded' }, ...errorResponses(400, 401, 403, 404, 409) },
});

/** The message of a file that cannot be imported. */
function fileFailure(c: Context<AppEnv>, failure: ImportFileFailure): never {
  switch (failure.reason) {
    case 'empty':
    case 'noData':
      return fail(c, 400, 'invalid_input', 'api.importEmpty');
    case 'legacyExcel':
      return fail(c, 400, 'invalid_input', 'api.importLegacyExcel');
    case 'binary':
      return fail(c, 400, 'invalid_input', 'api.importNotSpreadsheet');
    case 'notWorkbook':
      return fail(c, 400, 'invalid_input', 'api.importBrokenWorkbook');
    case 'unclosedQuote':
      return fail(c, 400, 'invalid_input', 'api.importUnclosedQuote', { row: failure.row });
    case 'noHeader':
      return fail(c, 400, 'invalid_input', 'api.importNoHeader');
    case 'ragged':
      return fail(c, 400, 'invalid_input', 'api.importRagged', { rows: failure.rows.join(', ') });
  }
}

function decodeFileName(header: string | undefined): string {
  let name = header ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: taken as it is.
  }
  // Only the base name, without control characters, bounded.
  const base = name.split(/[/\\]/).pop() ?? '';
  // Control characters do not belong in a name that is shown and written into headers.
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20).join('');
  return printable.slice(0, 200) || 'impor';
}

export function importRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  async function jobOf(
    c: Context<AppEnv>,
    user: AuthenticatedUser,
    id: string,
    open = false,
  ): Promise<ImportJobRow> {
    const job = await loadJob(db, user.organisationId, id);
    if (!job) fail(c, 404, 'not_found', 'api.notFound');
    if (open && job.state !== 'parsed') fail(c, 409, 'invalid_state', 'api.importState');
    return job;
  }

  async function wire(job: ImportJobRow) {
    const rows = job.state === 'discarded' ? [] : await loadRows(db, job.id, true);
    return jobToWire(job, columnSamples(rows, job.columns.length));
  }

  function refused(c: Context<AppEnv>, outcome: Exclude<CommitOutcome, { ok: true }>): never {
    if (outcome.reason === 'state') fail(c, 409, 'invalid_state', 'api.importState');
    if (outcome.reason === 'mapping') {
      fail(c, 400, 'invalid_input', 'api.importMappingIncomplete', { fields: outcome.missing.join(', ') }, [
        {
          path: 'mapping',
          message: translate(c.get('lang') ?? 'id', 'api.importMappingIncomplete', {
            fields: outcome.missing.join(', '),
          }),
        },
      ]);
    }
    return fail(c, 409, 'invalid_state', 'api.importBlocked', {
      blocked: outcome.blocked,
      undecided: outcome.undecided,
    });
  }

  app.openapi(uploadRoute, async (c) => {
    const user = currentUser(c);
    const limit = `${MAX_IMPORT_BYTES / 1024 / 1024} MB`;
    if (Number(c.req.header('content-length') ?? 0) > MAX_IMPORT_BYTES) {
      fail(c, 413, 'payload_too_large', 'api.payloadTooLarge', { limit });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_IMPORT_BYTES)
      fail(c, 413, 'payload_too_large', 'api.payloadTooLarge', { limit });
    const { sheet } = c.req.valid('query');
    try {
      const { job, samples } = await createImport(
        db,
        user,
        {
          fileName: decodeFileName(c.req.header(IMPORT_FILE_NAME_HEADER)),
          bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          ...(sheet === undefined ? {} : { sheet }),
        },
        deps.now(),
      );
      return c.json(jobToWire(job, samples), 201);
    } catch (error) {
      if (error instanceof ImportFileError) fileFailure(c, error.failure);
      throw error;
    }
  });

  app.openapi(jobRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id);
    return c.json(await wire(job), 200);
  });

  app.openapi(mappingRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id, true);
    const outcome = await saveMapping(db, user, job, c.req.valid('json').mapping, deps.now());
    const lang = c.get('lang') ?? 'id';
    if (!outcome.ok && 'width' in outcome) {
      const message = translate(lang, 'api.importMappingWidth', { count: outcome.width });
      fail(c, 400, 'invalid_input', 'api.importMappingWidth', { count: outcome.width }, [
        { path: 'mapping', message },
      ]);
    }
    if (!outcome.ok) {
      const fields = outcome.duplicated.join(', ');
      const message = translate(lang, 'api.importMappingDuplicated', { fields });
      fail(c, 400, 'invalid_input', 'api.importMappingDuplicated', { fields }, [
        { path: 'mapping', message },
      ]);
    }
    return c.json(await wire(outcome.job), 200);
  });

  app.openapi(previewRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id, true);
    const analysis = await analyseJob(db, job, deps.now());
    return c.json(previewOf(analysis, decisionsOf(job), c.req.valid('query')), 200);
  });

  app.openapi(decisionsRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id, true);
    const updated = await saveDecisions(db, job, c.req.valid('json'), deps.now());
    const analysis = await analyseJob(db, updated, deps.now());
    return c.json({ totals: totalsOf(analysis, decisionsOf(updated)) }, 200);
  });

  app.openapi(commitRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id, true);
    // Refusals known before any work get their own status; the commit checks again under the lock.
    const missing = missingFields(jobToWire(job, []).mapping);
    if (missing.length > 0) refused(c, { ok: false, reason: 'mapping', missing });
    const totals = totalsOf(await analyseJob(db, job, deps.now()), decisionsOf(job));
    if (totals.blocked > 0 || totals.undecided > 0) {
      refused(c, { ok: false, reason: 'blocked', blocked: totals.blocked, undecided: totals.undecided });
    }
    if (!(c.req.header('accept') ?? '').includes(IMPORT_NDJSON)) {
      const outcome = await commitImport(db, user, job.id, deps.now());
      if (!outcome.ok) refused(c, outcome);
      return c.json({ created: outcome.created, skipped: outcome.skipped, version: outcome.version }, 200);
    }
    const lang = c.get('lang') ?? 'id';
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: ImportCommitLine) =>
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        try {
          const outcome = await commitImport(db, user, job.id, deps.now(), (progress) => send(progress));
          if (outcome.ok)
            send({
              result: { created: outcome.created, skipped: outcome.skipped, version: outcome.version },
            });
          else {
            const key =
              outcome.reason === 'state'
                ? 'api.importState'
                : outcome.reason === 'mapping'
                  ? 'api.importMappingIncomplete'
                  : 'api.importBlocked';
            const values: Record<string, string | number> =
              outcome.reason === 'blocked'
                ? { blocked: outcome.blocked, undecided: outcome.undecided }
                : outcome.reason === 'mapping'
                  ? { fields: outcome.missing.join(', ') }
                  : {};
            send({ error: errorBody('invalid_state', translate(lang, key, values)).error });
          }
        } catch (error) {
          deps.logger?.error(
            { event: 'import_commit_failed', requestId: c.get('requestId'), err: error },
            'import commit failed',
          );
          send({ error: errorBody('internal', translate(lang, 'api.internal')).error });
        }
        controller.close();
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': IMPORT_NDJSON,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    }) as never;
  });

  app.openapi(reportRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id);
    if (job.state !== 'parsed' && job.state !== 'committed') fail(c, 409, 'invalid_state', 'api.importState');
    const { format } = c.req.valid('query');
    const lang = c.get('lang') ?? 'id';
    const now = deps.now();
    const report = await reportRows(db, job, now);
    await audit(db, {
      organisationId: user.organisationId,
      userId: user.id,
      action: 'import.report',
      entity: 'import',
      entityId: job.id,
      detail: { format, rows: report.rows.length, committed: report.committed },
    });
    const [organisation] = await db
      .select({ regionCode: organisations.regionCode })
      .from(organisations)
      .where(eq(organisations.id, user.organisationId))
      .limit(1);
    const wall = new Date(
      now.getTime() + UTC_OFFSET_HOURS[timeZoneOfRegion(organisation?.regionCode ?? '')] * 3_600_000,
    );
    const parts = format === 'xlsx' ? reportXlsx(report.rows, lang, wall) : reportCsv(report.rows, lang);
    const fileName = `laporan-impor-${wall.toISOString().slice(0, 10)}.${format}`;
    const body = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      body.set(part, at);
      at += part.byteLength;
    }
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    }) as never;
  });

  app.openapi(discardRoute, async (c) => {
    const user = currentUser(c);
    const job = await jobOf(c, user, c.req.valid('param').id, true);
    await discardImport(db, user, job, deps.now());
    return c.body(null, 204);
  });

  return app;
}
