/**
 * The table an export writes, whatever the format: typed columns and rows of plain values. Both
 * writers (CSV and XLSX) read the same rows, so the two files of one export hold the same cells.
 *
 * - `text`: any string (codes such as NIK, NIB, KBLI and region codes are text, never numbers:
 *   a 16-digit NIK does not survive a spreadsheet's 15 significant digits, and KBLI keeps its
 *   leading zero).
 * - `number`, `money`: a finite number (money: integer rupiah, shown with thousands separators).
 * - `date`: `YYYY-MM-DD`; `datetime`: `YYYY-MM-DD HH:MM`, the wall clock of the city's time zone
 *   (spreadsheets have no time zones; the column header names the zone).
 *
 * `null` is an empty cell.
 */
export type CellType = 'text' | 'number' | 'money' | 'date' | 'datetime';
export type CellValue = string | number | null;
export type Row = readonly CellValue[];

export type TableColumn = {
  header: string;
  type: CellType;
  /** Width in characters, for the XLSX sheet. */
  width?: number;
};

export const NUMERIC_TYPES: ReadonlySet<CellType> = new Set(['number', 'money']);
