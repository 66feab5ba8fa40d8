/**
 * Spreadsheet import (issue 6): the shapes the server answers and the coordinator's page reads. A
 * file is uploaded, read on the server (CSV or XLSX), its columns mapped to business fields, every
 * row normalised and checked (problems, likely duplicates), then committed all at once.
 */
import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from './common';

/** What a column can be mapped to: the business fields an officer's spreadsheet holds. */
export const importFieldSchema = z.enum([
  'name',
  'brand',
  'ownerName',
  'ownerNik',
  'phone',
  'address',
  'districtCode',
  'villageCode',
  'sector',
  'kbli',
  'products',
  'yearStarted',
  'employees',
  'capital',
  'annualSales',
  'legalForm',
  'nib',
  'pirt',
  'halal',
  'bpom',
  'cohort',
  'coach',
]);
export type ImportField = z.infer<typeof importFieldSchema>;
export const IMPORT_FIELDS = importFieldSchema.options;

/** A business cannot be made without these (the kecamatan follows from the kelurahan). */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'ownerName', 'villageCode'];

/**
 * The same bar as the coach's duplicate warning (client/data/business-repository.ts
 * SIMILAR_NAME_THRESHOLD, measured there on real-looking pairs): a name in the same kelurahan at
 * least this similar is a likely duplicate.
 */
export const IMPORT_SIMILAR_NAME_THRESHOLD = 0.65;

/** Rows kept per import_chunks row, and the largest file accepted. */
export const IMPORT_CHUNK_ROWS = 1_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The file's name travels in this header (percent-encoded), its bytes as the body. */
export const IMPORT_FILE_NAME_HEADER = 'X-File-Name';

export const importProblemCodeSchema = z.enum([
  'ragged',
  'required',
  'tooLong',
  'phoneScientific',
  'phoneInvalid',
  'phoneExtra',
  'phoneZeroAdded',
  'nikInvalid',
  'nibInvalid',
  'nibScientific',
  'kbliInvalid',
  'kbliLostZero',
  'kbliUnknown',
  'districtUnknown',
  'villageUnknown',
  'villageAmbiguous',
  'villageOutsideDistrict',
  'regionTypo',
  'moneyInvalid',
  'numberInvalid',
  'yearInvalid',
  'legalFormUnknown',
  'sectorDefaulted',
  'coachUnknown',
  'pirtInvalid',
  'bpomInvalid',
]);
export type ImportProblemCode = z.infer<typeof importProblemCodeSchema>;

/**
 * `error`: the row cannot become a business (it must be skipped). `warning`: the row can, but this
 * value is left empty or was changed in a way the coordinator should check. `info`: a repair that
 * is almost certainly right (a lost leading zero, a kecamatan typo).
 */
export const importSeveritySchema = z.enum(['error', 'warning', 'info']);
export type ImportSeverity = z.infer<typeof importSeveritySchema>;

export const importProblemSchema = z.object({
  field: importFieldSchema.nullable(),
  code: importProblemCodeSchema,
  severity: importSeveritySchema,
  /** The value concerned or what it was matched to, for the message. */
  detail: z.string().optional(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const duplicateReasonSchema = z.enum(['nib', 'phone', 'name']);
export type ImportDuplicateReason = z.infer<typeof duplicateReasonSchema>;

export const importDuplicateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('existing'),
    businessId: idSchema,
    name: z.string(),
    reasons: z.array(duplicateReasonSchema),
  }),
  z.object({
    kind: z.literal('file'),
    row: z.number().int(),
    name: z.string(),
    reasons: z.array(duplicateReasonSchema),
  }),
]);
export type ImportDuplicate = z.infer<typeof importDuplicateSchema>;

export const importDecisionSchema = z.enum(['import', 'skip']);
export type ImportDecision = z.infer<typeof importDecisionSchema>;

/**
 * What will happen to a row: `ready` (becomes a business), `skipped` (by decision), `blocked` (has
 * an error and is not skipped yet), `undecided` (a likely duplicate without a decision).
 */
export const importOutcomeSchema = z.enum(['ready', 'skipped', 'blocked', 'undecided']);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

export const importDetectionSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'windows-1252']).nullable(),
  delimiter: z.enum([',', ';', '\t']).nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  /** Source row numbers of the header (two when a merged parent row sits above). */
  headerRows: z.array(z.number().int()),
  /** Rows above the header (titles), blank rows and totals rows that were left out. */
  titleRows: z.array(z.number().int()),
  blankRows: z.number().int(),
  totalsRows: z.array(z.number().int()),
  dataRows: z.number().int(),
});
export type ImportDetection = z.infer<typeof importDetectionSchema>;

export const importColumnSchema = z.object({
  index: z.number().int(),
  label: z.string(),
  /** A few values from the first rows, to recognise the column by. */
  samples: z.array(z.string()),
});

export const importMappingSchema = z.array(importFieldSchema.nullable());
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importStateSchema = z.enum(['parsed', 'committing', 'committed', 'discarded', 'failed']);

export const importTotalsSchema = z.object({
  rows: z.number().int(),
  ready: z.number().int(),
  skipped: z.number().int(),
  blocked: z.number().int(),
  undecided: z.number().int(),
  withErrors: z.number().int(),
  withWarnings: z.number().int(),
  duplicates: z.number().int(),
});
export type ImportTotals = z.infer<typeof importTotalsSchema>;

export const importJobSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  state: importStateSchema,
  createdAt: isoDateTimeSchema,
  rowCount: z.number().int(),
  detection: importDetectionSchema,
  columns: z.array(importColumnSchema),
  mapping: importMappingSchema,
  /** Where the mapping came from: guessed from the headers, remembered from a file like it, or set. */
  mappingSource: z.enum(['guessed', 'remembered', 'confirmed']),
  /** Required fields no column is mapped to yet. */
  missingFields: z.array(importFieldSchema),
  committedAt: isoDateTimeSchema.nullable(),
  /** After the commit: how many businesses were made and how many rows skipped. */
  result: z.object({ created: z.number().int(), skipped: z.number().int() }).nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importMappingRequestSchema = z.object({ mapping: importMappingSchema });

export const importDecisionsRequestSchema = z.object({
  /** One decision per source row number. */
  rows: z
    .array(z.object({ row: z.number().int().min(1), decision: importDecisionSchema.nullable() }))
    .max(100_000)
    .default([]),
  /** For every likely duplicate without its own decision. */
  duplicates: importDecisionSchema.nullable().optional(),
  /** Skip every row that has an error. */
  skipErrors: z.boolean().optional(),
});
export type ImportDecisionsRequest = z.infer<typeof importDecisionsRequestSchema>;

export const importDecisionsSchema = z.object({
  rows: z.record(z.string(), importDecisionSchema).default({}),
  duplicates: importDecisionSchema.nullable().default(null),
  skipErrors: z.boolean().default(false),
});
export type ImportDecisions = z.infer<typeof importDecisionsSchema>;

/** A row as the preview shows it: the normalised values (display text), problems and duplicates. */
export const importPreviewRowSchema = z.object({
  row: z.number().int(),
  values: z.record(z.string(), z.string()),
  problems: z.array(importProblemSchema),
  duplicates: z.array(importDuplicateSchema),
  decision: importDecisionSchema.nullable(),
  outcome: importOutcomeSchema,
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const importPreviewQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** `only`: rows with a problem (of any severity) or a likely duplicate. */
  problems: z.enum(['only', 'all']).default('all'),
});

export const importPreviewSchema = z.object({
  totals: importTotalsSchema,
  /** Rows matching the filter. */
  matching: z.number().int(),
  offset: z.number().int(),
  rows: z.array(importPreviewRowSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importCommitResultSchema = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  version: z.number().int(),
});
export type ImportCommitResult = z.infer<typeof importCommitResultSchema>;

/** One line of the streamed commit (`Accept: application/x-ndjson`). */
export const importCommitLineSchema = z.union([
  z.object({ phase: z.enum(['checking', 'writing']), done: z.number().int(), total: z.number().int() }),
  z.object({ result: importCommitResultSchema }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ImportCommitLine = z.infer<typeof importCommitLineSchema>;

export const IMPORT_NDJSON = 'application/x-ndjson';
