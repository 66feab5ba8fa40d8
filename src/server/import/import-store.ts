/**
 * Spreadsheet imports in the database (issue 6): the job (import_jobs), its rows a thousand to a
 * chunk (import_chunks), the mapping remembered per header layout (import_mappings), and the commit
 * that turns the rows into businesses.
 *
 * - The analysis of a job (every row normalised, its problems and likely duplicates) is computed
 *   from the stored rows and kept in memory for the few jobs being previewed; it is recomputed
 *   when the mapping or the city's businesses change.
 * - The commit is all or nothing, in one transaction: the organisation's next version is taken
 *   first (the lock every push and desk write takes, next-version.ts), the analysis is redone
 *   under that lock against the businesses as they are now, and when any row is still blocked or
 *   undecided nothing is written. Businesses are written the way sync writes them: that version,
 *   one clock after nothing for every field (under `*`, clocks.ts), the coordinator as creator, so
 *   phones pull them and their merge keeps them.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import {
  IMPORT_CHUNK_ROWS,
  REQUIRED_IMPORT_FIELDS,
  importDecisionsSchema,
  importDetectionSchema,
  importMappingSchema,
  type ImportDecisions,
  type ImportDecisionsRequest,
  type ImportDuplicate,
  type ImportField,
  type ImportJob,
  type ImportMapping,
  type ImportOutcome,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportProblem,
  type ImportTotals,
} from '@/shared/domain/import';
import kbli2020 from '@/shared/reference/kbli-2020.json';
import { clockAfter } from '@/shared/sync/hlc';
import { SHARED_CLOCK } from '@/shared/sync/clocks';
import { audit } from '../audit';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import { refusableTransaction } from '../db/refusable-transaction';
import { businesses, importChunks, importJobs, importMappings, organisations, users } from '../db/schema';
import { cityRegions } from '../reference/regions';
import { takeNextVersion } from '../sync/next-version';
import { guessMapping, headerSignature } from './column-guess';
import { createDuplicateIndex } from './duplicate-index';
import { parseImportFile } from './import-file';
import { normaliseRow, type ImportedBusiness, type NormaliseContext } from './normalise-row';
import { createRegionMatcher, type RegionMatcher } from './region-matcher';
import type { SheetRow } from './sheet-layout';

export type ImportJobRow = typeof importJobs.$inferSelect;
type MappingSource = ImportJob['mappingSource'];
type StoredMapping = { fields: ImportMapping; source: MappingSource };

export type AnalysedRow = {
  row: number;
  business: ImportedBusiness | null;
  values: Record<string, string>;
  problems: ImportProblem[];
  duplicates: ImportDuplicate[];
};
export type Analysis = { rows: AnalysedRow[] };

export type CommitReport = {
  created: number;
  skipped: number;
  version: number;
  rows: Array<{
    row: number;
    businessId: string | null;
    name: string;
    problems: ImportProblem[];
    duplicates: ImportDuplicate[];
  }>;
};

const KBLI_CODES: ReadonlySet<string> = new Set(
  (kbli2020 as Array<{ code: string }>).map((entry) => entry.code),
);

// ---- the job ----

function storedMapping(job: ImportJobRow): StoredMapping {
  const raw = job.mapping as { fields?: unknown; source?: unknown } | null;
  const fields = importMappingSchema.safeParse(raw?.fields);
  const source = raw?.source === 'remembered' || raw?.source === 'confirmed' ? raw.source : 'guessed';
  return {
    fields:
      fields.success && fields.data.length === job.columns.length ? fields.data : job.columns.map(() => null),
    source,
  };
}

export function decisionsOf(job: ImportJobRow): ImportDecisions {
  const parsed = importDecisionsSchema.safeParse(job.decisions);
  return parsed.success ? parsed.data : { rows: {}, duplicates: null, skipErrors: false };
}

export function missingFields(mapping: ImportMapping): ImportField[] {
  return REQUIRED_IMPORT_FIELDS.filter((field) => !mapping.includes(field));
}

export function jobToWire(job: ImportJobRow, samples: string[][]): ImportJob {
  const mapping = storedMapping(job);
  const report = job.report as Partial<CommitReport> | null;
  return {
    id: job.id,
    fileName: job.fileName,
    format: job.format === 'xlsx' ? 'xlsx' : 'csv',
    state: job.state as ImportJob['state'],
    createdAt: job.createdAt.toISOString(),
    rowCount: job.rowCount,
    detection: importDetectionSchema.parse(job.detection),
    columns: job.columns.map((label, index) => ({ index, label, samples: samples[index] ?? [] })),
    mapping: mapping.fields,
    mappingSource: mapping.source,
    missingFields: missingFields(mapping.fields),
    committedAt: job.committedAt ? job.committedAt.toISOString() : null,
    result:
      job.state === 'committed' && report
        ? { created: report.created ?? 0, skipped: report.skipped ?? 0 }
        : null,
  };
}

/** A few values of each column from the first rows, for the mapping screen. */
export function columnSamples(rows: readonly SheetRow[], columns: number, perColumn = 3): string[][] {
  const samples: string[][] = Array.from({ length: columns }, () => []);
  for (const row of rows.slice(0, 200)) {
    row.cells.slice(0, columns).forEach((cell, index) => {
      const list = samples[index];
      if (list && cell !== '' && list.length < perColumn && !list.includes(cell))
        list.push(cell.slice(0, 60));
    });
  }
  return samples;
}

export async function createImport(
  db: Db,
  user: AuthenticatedUser,
  file: { fileName: string; bytes: Uint8Array; sha256: string; sheet?: string },
  now: Date,
): Promise<{ job: ImportJobRow; samples: string[][] }> {
  const parsed = parseImportFile(file.bytes, file.sheet === undefined ? {} : { sheet: file.sheet });
  const signature = headerSignature(parsed.labels);
  const [remembered] = await db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(
      and(eq(importMappings.organisationId, user.organisationId), eq(importMappings.signature, signature)),
    )
    .limit(1);
  const rememberedFields = importMappingSchema.safeParse(
    (remembered?.mapping as { fields?: unknown } | undefined)?.fields,
  );
  const mapping: StoredMapping =
    rememberedFields.success && rememberedFields.data.length === parsed.labels.length
      ? { fields: rememberedFields.data, source: 'remembered' }
      : { fields: guessMapping(parsed.labels), source: 'guessed' };
  const id = randomUUID();
  const job = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(importJobs)
      .values({
        id,
        organisationId: user.organisationId,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
        fileName: file.fileName,
        fileSha256: file.sha256,
        format: parsed.format,
        state: 'parsed',
        detection: parsed.detection,
        columns: parsed.labels,
        mapping,
        decisions: {},
        rowCount: parsed.rows.length,
      })
      .returning();
    const chunks = [];
    for (let start = 0, chunk = 0; start < parsed.rows.length; start += IMPORT_CHUNK_ROWS, chunk += 1) {
      chunks.push({ importId: id, chunk, rows: parsed.rows.slice(start, start + IMPORT_CHUNK_ROWS) });
    }
    for (let start = 0; start < chunks.length; start += 10) {
      await tx.insert(importChunks).values(chunks.slice(start, start + 10));
    }
    await audit(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      action: 'import.upload',
      entity: 'import',
      entityId: id,
      detail: { format: parsed.format, rows: parsed.rows.length, columns: parsed.labels.length },
    });
    return inserted;
  });
  if (!job) throw new Error('import job not stored');
  return { job, samples: columnSamples(parsed.rows, parsed.labels.length) };
}

/** The organisation's job, or null (another organisation's jobs do not exist for this user). */
export async function loadJob(db: Db, organisationId: string, id: string): Promise<ImportJobRow | null> {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.organisationId, organisationId)))
    .limit(1);
  return job ?? null;
}

export async function loadRows(db: Db, importId: string, firstChunkOnly = false): Promise<SheetRow[]> {
  const query = db
    .select({ rows: importChunks.rows })
    .from(importChunks)
    .where(eq(importChunks.importId, importId))
    .orderBy(asc(importChunks.chunk));
  const chunks = firstChunkOnly ? await query.limit(1) : await query;
  return chunks.flatMap((chunk) => chunk.rows);
}

export type MappingOutcome =
  { ok: true; job: ImportJobRow } | { ok: false; duplicated: ImportField[] } | { ok: false; width: number };

export async function saveMapping(
  db: Db,
  user: AuthenticatedUser,
  job: ImportJobRow,
  fields: ImportMapping,
  now: Date,
): Promise<MappingOutcome> {
  if (fields.length !== job.columns.length) return { ok: false, width: job.columns.length };
  const seen = new Set<ImportField>();
  const duplicated = new Set<ImportField>();
  for (const field of fields) {
    if (field === null) continue;
    if (seen.has(field)) duplicated.add(field);
    seen.add(field);
  }
  if (duplicated.size > 0) return { ok: false, duplicated: [...duplicated] };
  const mapping: StoredMapping = { fields, source: 'confirmed' };
  const [updated] = await db
    .update(importJobs)
    .set({ mapping, updatedAt: now })
    .where(eq(importJobs.id, job.id))
    .returning();
  await db
    .insert(importMappings)
    .values({
      organisationId: user.organisationId,
      signature: headerSignature(job.columns),
      mapping: { fields },
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [importMappings.organisationId, importMappings.signature],
      set: { mapping: { fields }, updatedAt: now },
    });
  return { ok: true, job: updated ?? job };
}

export async function saveDecisions(
  db: Db,
  job: ImportJobRow,
  request: ImportDecisionsRequest,
  now: Date,
): Promise<ImportJobRow> {
  const decisions = decisionsOf(job);
  for (const { row, decision } of request.rows) {
    if (decision === null) delete decisions.rows[String(row)];
    else decisions.rows[String(row)] = decision;
  }
  if (request.duplicates !== undefined) decisions.duplicates = request.duplicates;
  if (request.skipErrors !== undefined) decisions.skipErrors = request.skipErrors;
  const [updated] = await db
    .update(importJobs)
    .set({ decisions, updatedAt: now })
    .where(eq(importJobs.id, job.id))
    .returning();
  return updated ?? job;
}

export async function discardImport(
  db: Db,
  user: AuthenticatedUser,
  job: ImportJobRow,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    // The rows are personal data: a discarded import keeps only its bookkeeping.
    await tx.delete(importChunks).where(eq(importChunks.importId, job.id));
    await tx.update(importJobs).set({ state: 'discarded', updatedAt: now }).where(eq(importJobs.id, job.id));
    await audit(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      action: 'import.discard',
      entity: 'import',
      entityId: job.id,
      detail: { rows: job.rowCount },
    });
  });
  analyses.delete(job.id);
}

// ---- analysis ----

const matchers = new Map<string, RegionMatcher | null>();
function regionMatcher(regionCode: string): RegionMatcher | null {
  if (!matchers.has(regionCode)) {
    const city = cityRegions(regionCode);
    matchers.set(regionCode, city ? createRegionMatcher(city) : null);
  }
  return matchers.get(regionCode) ?? null;
}

async function normaliseContext(db: Db, organisationId: string, now: Date): Promise<NormaliseContext> {
  const [organisation] = await db
    .select({ regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .limit(1);
  const regions = regionMatcher(organisation?.regionCode ?? '');
  if (!regions) throw new Error(`organisation ${organisationId} has no known region`);
  const coaches = await db
    .select({ id: users.id, name: users.name, username: users.username })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'coach'), eq(users.active, true)));
  return { regions, kbliCodes: KBLI_CODES, coaches, year: now.getUTCFullYear() };
}

/** Every row of the job normalised and checked against the city's businesses and the rows above it. */
export async function analyseRows(
  db: Db,
  organisationId: string,
  columns: number,
  mapping: ImportMapping,
  rows: readonly SheetRow[],
  now: Date,
): Promise<Analysis> {
  const context = await normaliseContext(db, organisationId, now);
  const existing = await db
    .select({
      id: businesses.id,
      name: businesses.name,
      phone: businesses.phone,
      nib: sql<string | null>`${businesses.licences} ->> 'nib'`,
      villageCode: businesses.villageCode,
    })
    .from(businesses)
    .where(and(eq(businesses.organisationId, organisationId), isNull(businesses.deletedAt)));
  const index = createDuplicateIndex();
  for (const business of existing) index.addExisting(business, business.id);
  const analysed: AnalysedRow[] = [];
  for (const { row, cells } of rows) {
    const normalised = normaliseRow(cells, columns, mapping, context);
    const business = normalised.business;
    let duplicates: ImportDuplicate[] = [];
    if (business) {
      const subject = {
        name: business.name,
        phone: business.phone,
        nib: business.licences.nib,
        villageCode: business.villageCode,
      };
      duplicates = index.find(subject);
      index.addRow(subject, row);
    }
    analysed.push({ row, business, values: normalised.values, problems: normalised.problems, duplicates });
  }
  return { rows: analysed };
}

/** Analyses kept for the jobs being previewed (a coordinator pages through one at a time). */
const analyses = new Map<string, { key: string; analysis: Analysis }>();
const KEPT_ANALYSES = 4;

export async function analyseJob(db: Db, job: ImportJobRow, now: Date): Promise<Analysis> {
  const [latest] = await db
    .select({ version: max(businesses.version) })
    .from(businesses)
    .where(eq(businesses.organisationId, job.organisationId));
  const mapping = storedMapping(job).fields;
  const key = `${JSON.stringify(mapping)}|${latest?.version ?? 0}`;
  const kept = analyses.get(job.id);
  if (kept && kept.key === key) {
    analyses.delete(job.id);
    analyses.set(job.id, kept);
    return kept.analysis;
  }
  const rows = await loadRows(db, job.id);
  const analysis = await analyseRows(db, job.organisationId, job.columns.length, mapping, rows, now);
  analyses.delete(job.id);
  analyses.set(job.id, { key, analysis });
  while (analyses.size > KEPT_ANALYSES) {
    const oldest = analyses.keys().next().value;
    if (oldest === undefined) break;
    analyses.delete(oldest);
  }
  return analysis;
}

export function outcomeOf(
  row: AnalysedRow,
  decisions: ImportDecisions,
): { outcome: ImportOutcome; decision: ImportPreviewRow['decision'] } {
  const own = decisions.rows[String(row.row)] ?? null;
  if (own === 'skip') return { outcome: 'skipped', decision: own };
  if (!row.business)
    return decisions.skipErrors
      ? { outcome: 'skipped', decision: 'skip' }
      : { outcome: 'blocked', decision: own };
  if (row.duplicates.length > 0) {
    const decision = own ?? decisions.duplicates;
    if (decision === 'skip') return { outcome: 'skipped', decision };
    if (decision === 'import') return { outcome: 'ready', decision };
    return { outcome: 'undecided', decision: null };
  }
  return { outcome: 'ready', decision: own };
}

export function totalsOf(analysis: Analysis, decisions: ImportDecisions): ImportTotals {
  const totals: ImportTotals = {
    rows: 0,
    ready: 0,
    skipped: 0,
    blocked: 0,
    undecided: 0,
    withErrors: 0,
    withWarnings: 0,
    duplicates: 0,
  };
  for (const row of analysis.rows) {
    totals.rows += 1;
    totals[outcomeOf(row, decisions).outcome] += 1;
    if (!row.business) totals.withErrors += 1;
    else if (row.problems.some((p) => p.severity === 'warning')) totals.withWarnings += 1;
    if (row.duplicates.length > 0) totals.duplicates += 1;
  }
  return totals;
}

export function previewOf(
  analysis: Analysis,
  decisions: ImportDecisions,
  query: { offset: number; limit: number; problems: 'only' | 'all' },
): ImportPreview {
  const matching =
    query.problems === 'only'
      ? analysis.rows.filter((row) => row.problems.length > 0 || row.duplicates.length > 0)
      : analysis.rows;
  return {
    totals: totalsOf(analysis, decisions),
    matching: matching.length,
    offset: query.offset,
    rows: matching.slice(query.offset, query.offset + query.limit).map((row) => ({
      row: row.row,
      values: row.values,
      problems: row.problems,
      duplicates: row.duplicates,
      ...outcomeOf(row, decisions),
    })),
  };
}

// ---- commit ----

export type CommitProgress = { phase: 'checking' | 'writing'; done: number; total: number };
export type CommitOutcome =
  | { ok: true; created: number; skipped: number; version: number }
  | { ok: false; reason: 'state' }
  | { ok: false; reason: 'mapping'; missing: ImportField[] }
  | { ok: false; reason: 'blocked'; blocked: number; undecided: number };

const INSERT_BATCH = 500;

export async function commitImport(
  db: Db,
  user: AuthenticatedUser,
  jobId: string,
  now: Date,
  onProgress: (progress: CommitProgress) => void = () => undefined,
): Promise<CommitOutcome> {
  return refusableTransaction<CommitOutcome>(db, async (tx, refuse) => {
    const version = await takeNextVersion(tx, user.organisationId);
    const [job] = await tx
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.id, jobId), eq(importJobs.organisationId, user.organisationId)))
      .limit(1)
      .for('update');
    if (version === null || !job || job.state !== 'parsed') return refuse({ ok: false, reason: 'state' });
    const mapping = storedMapping(job).fields;
    const missing = missingFields(mapping);
    if (missing.length > 0) return refuse({ ok: false, reason: 'mapping', missing });
    onProgress({ phase: 'checking', done: 0, total: job.rowCount });
    // Under the lock: the businesses as they are now, not as when the preview was made.
    const rows = await loadRows(tx, job.id);
    const analysis = await analyseRows(tx, user.organisationId, job.columns.length, mapping, rows, now);
    const decisions = decisionsOf(job);
    const totals = totalsOf(analysis, decisions);
    if (totals.blocked > 0 || totals.undecided > 0) {
      return refuse({
        ok: false,
        reason: 'blocked',
        blocked: totals.blocked,
        undecided: totals.undecided,
      });
    }
    const clock = clockAfter('', user.id, now.getTime());
    const report: CommitReport = { created: 0, skipped: 0, version, rows: [] };
    const values: Array<typeof businesses.$inferInsert> = [];
    for (const row of analysis.rows) {
      const { outcome } = outcomeOf(row, decisions);
      const id = outcome === 'ready' && row.business ? randomUUID() : null;
      if (id && row.business) {
        values.push({
          ...row.business,
          id,
          organisationId: user.organisationId,
          version,
          clocks: { [SHARED_CLOCK]: clock },
          createdAt: now,
          updatedAt: now,
          location: null,
          links: [],
          status: 'baru',
          createdBy: user.id,
        });
        report.created += 1;
      } else report.skipped += 1;
      report.rows.push({
        row: row.row,
        businessId: id,
        name: row.business?.name ?? row.values.name ?? '',
        problems: row.problems,
        duplicates: row.duplicates,
      });
    }
    onProgress({ phase: 'writing', done: 0, total: values.length });
    for (let start = 0; start < values.length; start += INSERT_BATCH) {
      await tx.insert(businesses).values(values.slice(start, start + INSERT_BATCH));
      onProgress({
        phase: 'writing',
        done: Math.min(values.length, start + INSERT_BATCH),
        total: values.length,
      });
    }
    await tx
      .update(importJobs)
      .set({ state: 'committed', committedAt: now, updatedAt: now, report })
      .where(eq(importJobs.id, job.id));
    await tx
      .insert(importMappings)
      .values({
        organisationId: user.organisationId,
        signature: headerSignature(job.columns),
        mapping: { fields: mapping },
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [importMappings.organisationId, importMappings.signature],
        set: { mapping: { fields: mapping }, updatedAt: now },
      });
    await audit(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      action: 'import.commit',
      entity: 'import',
      entityId: job.id,
      detail: { rows: job.rowCount, created: report.created, skipped: report.skipped, version },
    });
    analyses.delete(job.id);
    return { ok: true, created: report.created, skipped: report.skipped, version } as const;
  });
}

/** What a commit (or, before it, the preview) says about every row, for the downloadable report. */
export async function reportRows(
  db: Db,
  job: ImportJobRow,
  now: Date,
): Promise<{
  committed: boolean;
  rows: Array<CommitReport['rows'][number] & { outcome: ImportOutcome | 'created' }>;
}> {
  const stored = job.report as CommitReport | null;
  if (job.state === 'committed' && stored?.rows) {
    return {
      committed: true,
      rows: stored.rows.map((row) => ({ ...row, outcome: row.businessId ? 'created' : 'skipped' })),
    };
  }
  const analysis = await analyseJob(db, job, now);
  const decisions = decisionsOf(job);
  return {
    committed: false,
    rows: analysis.rows.map((row) => ({
      row: row.row,
      businessId: null,
      name: row.business?.name ?? row.values.name ?? '',
      problems: row.problems,
      duplicates: row.duplicates,
      outcome: outcomeOf(row, decisions).outcome,
    })),
  };
}
