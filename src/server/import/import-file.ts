/**
 * An uploaded file → its table: the format from the bytes (not the name or Content-Type, which
 * laptops get wrong), read by the CSV or XLSX reader, then the header and data rows found
 * (sheet-layout.ts). A file that is not a spreadsheet, has no recognisable header or is broken
 * fails with a reason the route turns into a clear message.
 */
import type { ImportDetection } from '@/shared/domain/import';
import { CsvError, readCsv } from './csv-reader';
import { detectLayout, LayoutError, type SheetRow } from './sheet-layout';
import { readXlsx, XlsxError } from './xlsx-reader';
import { isZip, ZipError } from './zip-reader';

export type ImportFileFailure =
  | { reason: 'empty' }
  | { reason: 'legacyExcel' }
  | { reason: 'binary' }
  | { reason: 'notWorkbook' }
  | { reason: 'unclosedQuote'; row: number }
  | { reason: 'noHeader' }
  | { reason: 'noData' }
  | { reason: 'ragged'; rows: number[] };

export class ImportFileError extends Error {
  constructor(readonly failure: ImportFileFailure) {
    super(`import file: ${failure.reason}`);
    this.name = 'ImportFileError';
  }
}

export type ParsedFile = {
  format: 'csv' | 'xlsx';
  detection: ImportDetection;
  labels: string[];
  rows: SheetRow[];
};

/** Bytes a text file does not hold (NUL, most C0 controls): a binary file with a .csv name. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4_096);
  // UTF-16 text has NULs in every other byte; its BOM says so.
  if (sample[0] === 0xff && sample[1] === 0xfe) return false;
  let control = 0;
  for (const byte of sample)
    if (byte === 0 || (byte < 0x09 && byte !== 0) || (byte > 0x0d && byte < 0x20 && byte !== 0x1b))
      control += 1;
  return control > sample.length / 100;
}

export function parseImportFile(bytes: Uint8Array, options: { sheet?: string } = {}): ParsedFile {
  if (bytes.length === 0) throw new ImportFileError({ reason: 'empty' });
  // The old binary Excel format (.xls, an OLE compound file).
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ImportFileError({ reason: 'legacyExcel' });
  }
  let format: 'csv' | 'xlsx';
  let rows: SheetRow[];
  let encoding: ImportDetection['encoding'] = null;
  let delimiter: ImportDetection['delimiter'] = null;
  let sheet: string | null = null;
  let sheets: string[] = [];
  try {
    if (isZip(bytes)) {
      format = 'xlsx';
      const read = readXlsx(bytes, options.sheet);
      rows = read.rows;
      sheet = read.sheet;
      sheets = read.sheets;
    } else {
      if (looksBinary(bytes)) throw new ImportFileError({ reason: 'binary' });
      format = 'csv';
      const read = readCsv(bytes);
      rows = read.rows;
      encoding = read.encoding;
      delimiter = read.delimiter;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) throw new ImportFileError({ reason: 'unclosedQuote', row: error.row });
    if (error instanceof ZipError || error instanceof XlsxError)
      throw new ImportFileError({ reason: 'notWorkbook' });
    throw error;
  }
  try {
    const layout = detectLayout(rows);
    return {
      format,
      labels: layout.labels,
      rows: layout.dataRows,
      detection: {
        format,
        encoding,
        delimiter,
        sheet,
        sheets,
        headerRows: layout.headerRows,
        titleRows: layout.titleRows,
        blankRows: layout.blankRows,
        totalsRows: layout.totalsRows,
        dataRows: layout.dataRows.length,
      },
    };
  } catch (error) {
    if (error instanceof LayoutError) {
      if (error.reason === 'ragged') throw new ImportFileError({ reason: 'ragged', rows: error.rows });
      throw new ImportFileError({ reason: error.reason === 'empty' ? 'noData' : 'noHeader' });
    }
    throw error;
  }
}
