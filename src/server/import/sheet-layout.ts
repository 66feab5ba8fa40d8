/**
 * Finds the table in a sheet as officers lay it out: title lines above ("DATA UMKM BINAAN KOTA
 * BANJARMASIN TAHUN 2024"), a header of one row or two (a merged "Alamat" over "Kecamatan |
 * Kelurahan"), then the data with blank lines, a repeated header at page breaks and a "Jumlah"
 * line at the end.
 *
 * The header is the row (or pair of rows) among the first ones whose cells name the most business
 * fields (column-guess.ts). A pair is considered only when the lower row sits under a group: a
 * parent cell that is empty or repeats its left neighbour (a merged cell read by the XLSX reader,
 * or Excel's CSV of one) above a labelled child. On equal scores one row wins.
 */
import { foldText } from '@/shared/text/fuzzy';
import { headerScore } from './column-guess';

/** One row of a sheet: its number as the spreadsheet shows it (1-based) and its cell texts. */
export type SheetRow = { row: number; cells: string[] };

export type Layout = {
  headerRows: number[];
  /** One label per column; a two-row header joins parent and child as `Alamat / Kecamatan`. */
  labels: string[];
  titleRows: number[];
  blankRows: number;
  totalsRows: number[];
  dataRows: SheetRow[];
  /** Data rows with values right of the last header column: row → those values. */
  ragged: Map<number, string[]>;
};

export class LayoutError extends Error {
  constructor(
    readonly reason: 'empty' | 'noHeader' | 'ragged',
    readonly rows: number[] = [],
  ) {
    super(`sheet layout: ${reason}`);
    this.name = 'LayoutError';
  }
}

/** Header rows are looked for among the first rows with content. */
const HEADER_SEARCH_ROWS = 30;
/** Fields a header must name at least. */
const MIN_HEADER_FIELDS = 2;
/** More ragged rows than this share of the data means a broken file, not a few stray cells. */
const RAGGED_SHARE = 0.1;

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');
const NUMERIC = /^[-+]?(?:rp\.?\s*)?[\d.,\s]+%?$/i;
export const looksNumeric = (cell: string) => NUMERIC.test(cell.trim()) && /\d/.test(cell);
const TOTALS = /^(jumlah|total|grand total|sub ?total|subtotal|jml|jumlah total|total keseluruhan)\b/;

/** A "Jumlah"/"Total" line: the word in one of the first cells, numbers (or nothing) after it. */
export function isTotalsRow(cells: readonly string[]): boolean {
  const first = cells.findIndex((cell) => cell.trim() !== '');
  if (first < 0 || first > 2) return false;
  if (!TOTALS.test(foldText(cells[first] ?? ''))) return false;
  const rest = cells.slice(first + 1).filter((cell) => cell.trim() !== '');
  const numeric = rest.filter(looksNumeric).length;
  return rest.length === 0 || numeric >= rest.length / 2;
}

function width(cells: readonly string[]): number {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end -= 1;
  return end;
}

/** Labels of a parent row over a child row; null when the child does not sit under a group. */
function pairLabels(parent: readonly string[], child: readonly string[]): string[] | null {
  const childCells = child.map((cell) => cell.trim());
  if (childCells.some((cell) => cell !== '' && looksNumeric(cell))) return null;
  const size = Math.max(width(parent), width(child));
  const labels: string[] = [];
  let grouped = false;
  let carried = '';
  for (let c = 0; c < size; c += 1) {
    const own = (parent[c] ?? '').trim();
    const under = childCells[c] ?? '';
    const left = (parent[c - 1] ?? '').trim();
    // A parent spanning several children: merged (repeated) or left empty after its first cell.
    if (own !== '' && own !== left) carried = own;
    const group = own === '' ? (under !== '' ? carried : '') : own;
    if (under !== '' && c > 0 && group !== '' && (own === '' || own === left)) grouped = true;
    if (own === '' && under === '') carried = '';
    if (group !== '' && under !== '' && foldText(group) !== foldText(under))
      labels.push(`${group} / ${under}`);
    else labels.push(under || group);
  }
  return grouped ? labels : null;
}

function singleLabels(cells: readonly string[]): string[] {
  return cells.slice(0, width(cells)).map((cell) => cell.trim());
}

export function detectLayout(rows: readonly SheetRow[]): Layout {
  const filled = rows.filter((row) => !isBlank(row.cells));
  if (filled.length === 0) throw new LayoutError('empty');
  let best: { index: number; pair: boolean; labels: string[]; score: number } | null = null;
  const limit = Math.min(filled.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i += 1) {
    const row = filled[i];
    if (!row) continue;
    const single = singleLabels(row.cells);
    const singleScore = headerScore(single);
    if (!best || singleScore > best.score)
      best = { index: i, pair: false, labels: single, score: singleScore };
    const next = filled[i + 1];
    // The child row must follow directly (no blank line between a header and its sub-header).
    if (next && next.row === row.row + 1) {
      const paired = pairLabels(row.cells, next.cells);
      if (paired) {
        const pairScore = headerScore(paired);
        if (pairScore > best.score) best = { index: i, pair: true, labels: paired, score: pairScore };
      }
    }
  }
  if (!best || best.score < MIN_HEADER_FIELDS) throw new LayoutError('noHeader');
  const headerRow = filled[best.index];
  if (!headerRow) throw new LayoutError('noHeader');
  const headerRows = best.pair ? [headerRow.row, headerRow.row + 1] : [headerRow.row];
  const lastHeader = headerRows[headerRows.length - 1] ?? headerRow.row;
  const labels = best.labels.map((label, index) => label || `Kolom ${columnLetters(index)}`);
  const headerKey = foldText(singleLabels(headerRow.cells).join('|'));

  const layout: Layout = {
    headerRows,
    labels,
    titleRows: [],
    blankRows: 0,
    totalsRows: [],
    dataRows: [],
    ragged: new Map(),
  };
  for (const row of rows) {
    if (row.row < headerRow.row) {
      if (!isBlank(row.cells)) layout.titleRows.push(row.row);
      continue;
    }
    if (row.row <= lastHeader) continue;
    if (isBlank(row.cells)) layout.blankRows += 1;
    else if (isTotalsRow(row.cells)) layout.totalsRows.push(row.row);
    // The header again (a printed register's page break).
    else if (foldText(singleLabels(row.cells).join('|')) === headerKey) layout.titleRows.push(row.row);
    else {
      const cells = row.cells.slice(0, labels.length).map((cell) => cell.trim());
      while (cells.length < labels.length) cells.push('');
      const extra = row.cells
        .slice(labels.length)
        .map((cell) => cell.trim())
        .filter(Boolean);
      if (extra.length > 0) layout.ragged.set(row.row, extra);
      // A ragged row keeps its stray values after the header's columns, so the row says it is ragged.
      layout.dataRows.push({ row: row.row, cells: extra.length > 0 ? [...cells, ...extra] : cells });
    }
  }
  if (layout.dataRows.length === 0) throw new LayoutError('empty');
  if (layout.ragged.size > Math.max(1, layout.dataRows.length * RAGGED_SHARE)) {
    throw new LayoutError('ragged', [...layout.ragged.keys()].slice(0, 5));
  }
  return layout;
}

export function columnLetters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}
