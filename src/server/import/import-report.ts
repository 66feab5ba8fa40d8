/**
 * The downloadable import report: one line per data row of the file with what happened to it (made
 * into a business, skipped, or before the commit what would happen), the business's id, and every
 * problem and likely duplicate in words. Written with the export writers, so it opens in Excel.
 */
import type { ImportDuplicate, ImportOutcome, ImportProblem } from '@/shared/domain/import';
import type { Language } from '@/shared/i18n';
import { importProblemMessage } from '@/shared/i18n/features/import-problems';
import { createCsvWriter } from '../export/csv-writer';
import type { Row, TableColumn } from '../export/table';
import { createXlsxWriter } from '../export/xlsx-writer';

export type ReportRow = {
  row: number;
  businessId: string | null;
  name: string;
  problems: ImportProblem[];
  duplicates: ImportDuplicate[];
  outcome: ImportOutcome | 'created';
};

const HEADERS: Record<Language, string[]> = {
  id: ['Baris', 'Hasil', 'ID usaha', 'Nama usaha', 'Kesalahan', 'Peringatan', 'Kemungkinan ganda'],
  en: ['Row', 'Result', 'Business id', 'Business name', 'Errors', 'Warnings', 'Likely duplicates'],
};
const OUTCOMES: Record<Language, Record<ReportRow['outcome'], string>> = {
  id: {
    created: 'Dibuat',
    ready: 'Akan dibuat',
    skipped: 'Dilewati',
    blocked: 'Tertahan (ada kesalahan)',
    undecided: 'Menunggu keputusan (kemungkinan ganda)',
  },
  en: {
    created: 'Created',
    ready: 'Will be created',
    skipped: 'Skipped',
    blocked: 'Held back (has errors)',
    undecided: 'Awaiting a decision (likely duplicate)',
  },
};
const REASONS: Record<Language, Record<string, string>> = {
  id: { nib: 'NIB sama', phone: 'nomor HP sama', name: 'nama mirip di kelurahan yang sama' },
  en: { nib: 'same NIB', phone: 'same phone', name: 'similar name in the same kelurahan' },
};

function columns(language: Language): TableColumn[] {
  const widths = [8, 24, 38, 40, 60, 60, 50];
  return HEADERS[language].map((header, index) => ({
    header,
    type: index === 0 ? 'number' : 'text',
    width: widths[index] ?? 20,
  }));
}

function line(row: ReportRow, language: Language): Row {
  const messages = (severities: ReadonlyArray<ImportProblem['severity']>) =>
    row.problems
      .filter((problem) => severities.includes(problem.severity))
      .map((problem) => importProblemMessage(language, problem))
      .join(' ');
  const duplicates = row.duplicates
    .map((d) => {
      const where =
        d.kind === 'existing' ? d.name : `${language === 'id' ? 'baris' : 'row'} ${d.row} (${d.name})`;
      return `${where}: ${d.reasons.map((r) => REASONS[language][r] ?? r).join(', ')}`;
    })
    .join('; ');
  return [
    row.row,
    OUTCOMES[language][row.outcome],
    row.businessId,
    row.name,
    messages(['error']),
    messages(['warning', 'info']),
    duplicates,
  ];
}

export function reportCsv(rows: readonly ReportRow[], language: Language): Uint8Array[] {
  const writer = createCsvWriter(columns(language));
  const parts = [writer.start()];
  for (let start = 0; start < rows.length; start += 1_000) {
    parts.push(writer.rows(rows.slice(start, start + 1_000).map((row) => line(row, language))));
  }
  return parts;
}

export function reportXlsx(rows: readonly ReportRow[], language: Language, now: Date): Uint8Array[] {
  const writer = createXlsxWriter({
    sheetName: language === 'id' ? 'Laporan impor' : 'Import report',
    columns: columns(language),
    modifiedAt: now,
  });
  const parts = [...writer.start()];
  for (let start = 0; start < rows.length; start += 1_000) {
    parts.push(writer.rows(rows.slice(start, start + 1_000).map((row) => line(row, language))));
  }
  parts.push(...writer.finish());
  return parts;
}
