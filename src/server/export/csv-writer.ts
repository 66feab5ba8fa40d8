/**
 * CSV as RFC 4180 has it: comma-separated, CRLF after every record, a field quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled inside). UTF-8 with a byte-order mark, because Excel
 * reads a CSV without one in the machine's legacy code page and mangles Indonesian names.
 *
 * Formula injection (OWASP "CSV injection"): a spreadsheet runs a text cell that starts with `=`,
 * `+`, `-`, `@`, tab or CR as a formula, and exported text is typed by people (a business name of
 * `=HYPERLINK(…)`). Such text gets a leading apostrophe. Two things are left alone because they
 * cannot carry a formula: values of numeric columns (a sales figure of -5 stays the number -5) and
 * text that is nothing but a signed number (a phone number `+6281234567890`).
 *
 * Values are written as they are: dates `YYYY-MM-DD`, times `YYYY-MM-DD HH:MM` (the city's wall
 * clock), numbers without thousands separators and with a decimal point.
 */
import { NUMERIC_TYPES, type CellValue, type Row, type TableColumn } from './table';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text a spreadsheet will not run: a leading apostrophe before anything that starts a formula. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One field, quoted when RFC 4180 needs it. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(column: TableColumn | undefined, value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (column && NUMERIC_TYPES.has(column.type)) return String(value);
    return csvField(guardFormula(String(value)));
  }
  return csvField(guardFormula(value));
}

/** One record with its CRLF. */
export function csvRecord(columns: readonly TableColumn[], values: Row): string {
  let line = '';
  for (let i = 0; i < columns.length; i += 1) {
    if (i > 0) line += ',';
    line += cell(columns[i], values[i] ?? null);
  }
  return `${line}\r\n`;
}

export type CsvWriter = ReturnType<typeof createCsvWriter>;

/** `start()` (the BOM and the header record), then `rows()` per batch; each returns bytes to send. */
export function createCsvWriter(columns: readonly TableColumn[]) {
  const encoder = new TextEncoder();
  const textColumns = columns.map((column) => ({ ...column, type: 'text' as const }));
  return {
    start(): Uint8Array {
      return encoder.encode(
        UTF8_BOM +
          csvRecord(
            textColumns,
            columns.map((column) => column.header),
          ),
      );
    },
    rows(rows: readonly Row[]): Uint8Array {
      let text = '';
      for (const row of rows) text += csvRecord(columns, row);
      return encoder.encode(text);
    },
  };
}
