/**
 * Exports (issue 5): GET /api/exports/{businesses|visits|follow-ups|checklists}?format=xlsx|csv
 * with the filters of each screen. Coordinators only, their own organisation.
 *
 * The file is generated while it is sent: rows are read a page at a time (datasets.ts) and written
 * straight into the response, which pulls the next page only when the client has taken the last
 * one, so a slow download holds one page in memory, not the city. The row count is known before the
 * first byte and sent as `X-Total-Rows`; a streamed body has no Content-Length, so that header is
 * what a client shows progress against. The audit entry is written before the first byte too: no
 * personal data leaves without one.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  businessExportQuerySchema,
  checklistExportQuerySchema,
  EXPORT_FILE_STEMS,
  EXPORT_TOTAL_ROWS_HEADER,
  followUpExportQuerySchema,
  visitExportQuerySchema,
  type ExportDataset,
  type ExportFormat,
} from '@/shared/domain/export';
import { UTC_OFFSET_HOURS } from '@/shared/domain/time-zone';
import { audit } from '../audit';
import { currentUser, requireRole } from '../auth/middleware';
import type { AppDeps } from '../deps';
import { errorResponses, type AppEnv } from '../errors';
import { createCsvWriter, CSV_CONTENT_TYPE } from '../export/csv-writer';
import {
  businessesExport,
  checklistsExport,
  cityDay,
  exportContext,
  followUpsExport,
  visitsExport,
  type ExportContext,
  type ExportPlan,
} from '../export/datasets';
import { createXlsxWriter, XLSX_CONTENT_TYPE } from '../export/xlsx-writer';

const SUMMARIES: Record<ExportDataset, string> = {
  businesses: 'Businesses, filtered like the businesses list',
  visits: 'Visits (drafts never), filtered like the review queue',
  'follow-ups': 'Follow-up actions, by place, coach, open or done, and due dates',
  checklists: 'Checklist states, one row per item, by place, coach, checklist and visit dates',
};

function exportRoute<Q extends z.ZodObject>(dataset: ExportDataset, query: Q) {
  return createRoute({
    method: 'get',
    path: `/api/exports/${dataset}`,
    tags: ['exports'],
    summary: SUMMARIES[dataset],
    description: `Coordinators only, their own organisation. \`format=xlsx\` (default) or \`csv\` (RFC 4180, UTF-8 with BOM). Headers are Indonesian; places carry Kemendagri codes and names, businesses their KBLI and NIB. The body is streamed: \`${EXPORT_TOTAL_ROWS_HEADER}\` gives the number of data rows up front (there is no Content-Length). Every export is written to the audit log.`,
    security: [{ bearerAuth: [] }],
    middleware: [requireRole('coordinator')] as const,
    request: { query },
    responses: {
      200: {
        description: `The file, as an attachment named \`${EXPORT_FILE_STEMS[dataset]}-YYYY-MM-DD.xlsx\` (or .csv), the date of the city's today`,
        headers: z.object({
          [EXPORT_TOTAL_ROWS_HEADER]: z.string().openapi({ description: 'Data rows in the file' }),
        }),
        content: {
          [XLSX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401, 403),
    },
  });
}

const routes = {
  businesses: exportRoute('businesses', businessExportQuerySchema),
  visits: exportRoute('visits', visitExportQuerySchema),
  followUps: exportRoute('follow-ups', followUpExportQuerySchema),
  checklists: exportRoute('checklists', checklistExportQuerySchema),
};

async function* xlsxBytes(plan: ExportPlan, modifiedAt: Date): AsyncGenerator<Uint8Array> {
  const writer = createXlsxWriter({ sheetName: plan.sheetName, columns: plan.columns, modifiedAt });
  yield* writer.start();
  for await (const rows of plan.batches()) yield writer.rows(rows);
  yield* writer.finish();
}

async function* csvBytes(plan: ExportPlan): AsyncGenerator<Uint8Array> {
  const writer = createCsvWriter(plan.columns);
  yield writer.start();
  for await (const rows of plan.batches()) yield writer.rows(rows);
}

/**
 * A response body that asks for the next chunk only when the last one was taken (backpressure),
 * and stops reading the database when the client goes away.
 */
function pullStream(chunks: AsyncGenerator<Uint8Array>, onError: (error: unknown) => void) {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await chunks.next();
          if (next.done) {
            controller.close();
            return;
          }
          if (next.value.byteLength > 0) {
            controller.enqueue(next.value);
            return;
          }
        }
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function exportRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  async function send(
    c: Context<AppEnv>,
    dataset: ExportDataset,
    query: { format: ExportFormat } & Record<string, unknown>,
    build: (ctx: ExportContext) => Promise<ExportPlan>,
  ): Promise<Response> {
    const user = currentUser(c);
    const { format, ...filters } = query;
    const ctx = await exportContext(db, user);
    const plan = await build(ctx);
    await audit(db, {
      organisationId: user.organisationId,
      userId: user.id,
      action: `export.${dataset}`,
      entity: 'export',
      detail: { format, filters, rows: plan.total, nik: plan.nik },
    });
    const now = deps.now();
    // The wall clock of the city, for the file's name and the ZIP entries' times.
    const wall = new Date(now.getTime() + UTC_OFFSET_HOURS[ctx.zone] * 3_600_000);
    const fileName = `${EXPORT_FILE_STEMS[dataset]}-${cityDay(now, ctx.zone)}.${format}`;
    const body = pullStream(format === 'xlsx' ? xlsxBytes(plan, wall) : csvBytes(plan), (error) =>
      deps.logger?.error(
        { event: 'export_failed', requestId: c.get('requestId'), dataset, err: error },
        'export stopped',
      ),
    );
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${fileName}"`,
        [EXPORT_TOTAL_ROWS_HEADER]: String(plan.total),
        // Personal data: never kept by a browser or proxy cache.
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  }

  app.openapi(routes.businesses, (c) => {
    const query = c.req.valid('query');
    return send(c, 'businesses', query, (ctx) => businessesExport(ctx, query));
  });
  app.openapi(routes.visits, (c) => {
    const query = c.req.valid('query');
    return send(c, 'visits', query, (ctx) => visitsExport(ctx, query));
  });
  app.openapi(routes.followUps, (c) => {
    const query = c.req.valid('query');
    return send(c, 'follow-ups', query, (ctx) => followUpsExport(ctx, query));
  });
  app.openapi(routes.checklists, (c) => {
    const query = c.req.valid('query');
    return send(c, 'checklists', query, (ctx) => checklistsExport(ctx, query));
  });

  return app;
}
