/**
 * Reads one worksheet of an XLSX workbook into rows of cell texts, as a person sees them:
 *
 * - Shared strings (rich-text runs joined, phonetic guides left out), inline strings, formula
 *   results, booleans (`TRUE`/`FALSE`) and errors (`#N/A`) as text.
 * - Numbers as their plain digits (`81234567890`, never `8.12346E+10`): a phone or KBLI typed as a
 *   number keeps what Excel stored. Float noise is cut at 15 significant digits, Excel's own limit.
 * - Numbers whose style is a date or time format become `YYYY-MM-DD` (`YYYY-MM-DD HH:MM` with a
 *   time), in the workbook's 1900 or 1904 date system.
 * - Merged cells: every cell of a merged range reads the range's top-left value, so a two-row
 *   header whose "Alamat" spans "Kecamatan | Kelurahan" reads "Alamat" above both, and a kecamatan
 *   merged down over its businesses belongs to each of them.
 *
 * The XML is scanned with regular expressions over the part's text: the parts Excel, LibreOffice,
 * Google Sheets and the .NET SDK write are flat and predictable, and a scan reads a 20,000-row
 * sheet in well under a second. Namespace prefixes (`<x:row>`) are accepted.
 */
import type { SheetRow } from './sheet-layout';
import { openZip, type ZipArchive } from './zip-reader';

export class XlsxError extends Error {
  constructor(
    readonly reason: 'notWorkbook' | 'noSheet' | 'sheetMissing',
    message: string,
  ) {
    super(`XLSX: ${message}`);
    this.name = 'XlsxError';
  }
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Excel's escape for characters XML cannot hold: `_x000D_`. */
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function unescapeXml(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text;
  return text
    .replace(ENTITY, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return NAMED[name ?? ''] ?? '';
    })
    .replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

function attribute(attributes: string, name: string): string | null {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}="([^"]*)"`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  return match ? unescapeXml(match[1] ?? '') : null;
}

const T_RUN = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>|<(?:\w+:)?t\s*\/>/g;
const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic runs left out. */
function stringItemText(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(PHONETIC, '') : xml;
  let text = '';
  for (const match of body.matchAll(T_RUN)) text += match[1] ?? '';
  return unescapeXml(text);
}

function sharedStrings(zip: ZipArchive, path: string | null): string[] {
  const xml = path ? zip.text(path) : null;
  if (!xml) return [];
  const strings: string[] = [];
  for (const match of xml.matchAll(/<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g)) {
    strings.push(stringItemText(match[1] ?? ''));
  }
  return strings;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, plus the locale ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Whether a format code shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '');
  if (/general/i.test(bare)) return false;
  return /[dmyhs]/i.test(bare);
}

/** For each cell style index, whether it formats numbers as dates. */
function dateStyles(zip: ZipArchive, path: string | null): boolean[] {
  const xml = path ? zip.text(path) : null;
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const match of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const attributes = match[1] ?? '';
    const id = Number(attribute(attributes, 'numFmtId'));
    custom.set(id, attribute(attributes, 'formatCode') ?? '');
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const styles: boolean[] = [];
  for (const match of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attribute(match[1] ?? '', 'numFmtId') ?? '0');
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return styles;
}

/** Column letters → 0-based index (`A` 0, `AA` 26). */
export function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i += 1) index = index * 26 + (letters.charCodeAt(i) - 64);
  return index - 1;
}

function cellRef(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  return match ? { column: columnIndex(match[1] ?? 'A'), row: Number(match[2]) } : null;
}

/** A number as a person reads it: integers in full, others to 15 significant digits. */
export function numberText(raw: string): string {
  const value = Number(raw);
  if (!Number.isFinite(value)) return raw.trim();
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  const rounded = Number(value.toPrecision(15));
  return Math.abs(rounded) < 1e21 && Math.abs(rounded) >= 1e-6 ? String(rounded) : rounded.toString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An Excel serial day as `YYYY-MM-DD` (with ` HH:MM` when it has a time of day). */
export function serialDateText(serial: number, date1904: boolean): string {
  // 25569: days from 1899-12-30 (the 1900 system's day zero, after its fictitious 29 Feb 1900).
  const days = date1904 ? serial + 1462 : serial;
  const millis = Math.round((days - 25569) * 86_400_000);
  const at = new Date(millis);
  if (Number.isNaN(at.getTime())) return String(serial);
  const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  return minutes === 0 ? date : `${date} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

type SheetEntry = { name: string; path: string };

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

function workbookParts(zip: ZipArchive) {
  const workbook = zip.text('xl/workbook.xml');
  if (!workbook) throw new XlsxError('notWorkbook', 'no xl/workbook.xml');
  const rels = zip.text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, { type: string; target: string }>();
  for (const match of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    const attributes = match[1] ?? '';
    const id = attribute(attributes, 'Id');
    const target = attribute(attributes, 'Target');
    if (id && target)
      targets.set(id, { type: attribute(attributes, 'Type') ?? '', target: resolveTarget(target) });
  }
  const sheets: SheetEntry[] = [];
  for (const match of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    const attributes = match[1] ?? '';
    const name = attribute(attributes, 'name') ?? `Sheet${sheets.length + 1}`;
    const id = attribute(attributes, 'id');
    const path = id ? targets.get(id)?.target : undefined;
    if (path && zip.has(path)) sheets.push({ name, path });
  }
  const byType = (suffix: string) =>
    [...targets.values()].find((t) => t.type.endsWith(`/${suffix}`))?.target ?? null;
  return {
    sheets,
    date1904: /<(?:\w+:)?workbookPr\b[^>]*date1904="(?:1|true)"/.test(workbook),
    sharedStringsPath:
      byType('sharedStrings') ?? (zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null),
    stylesPath: byType('styles') ?? (zip.has('xl/styles.xml') ? 'xl/styles.xml' : null),
  };
}

const ROW = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const VALUE = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/;
const INLINE = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/;
/** Columns read per row: far beyond any register, and a bound against styled-to-XFD rows. */
const MAX_COLUMNS = 256;

type Context = { strings: string[]; dates: boolean[]; date1904: boolean };

function cellText(attributes: string, body: string, context: Context): string {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') {
    const inline = INLINE.exec(body);
    return inline ? stringItemText(inline[1] ?? '') : '';
  }
  const value = VALUE.exec(body)?.[1];
  if (value === undefined) return '';
  switch (type) {
    case 's':
      return context.strings[Number(value)] ?? '';
    case 'b':
      return value.trim() === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return unescapeXml(value);
    case 'd':
      return unescapeXml(value).slice(0, 16).replace('T', ' ');
    default: {
      const style = Number(attribute(attributes, 's') ?? '0');
      const number = Number(value);
      if (context.dates[style] && Number.isFinite(number)) return serialDateText(number, context.date1904);
      return numberText(value);
    }
  }
}

function readRows(xml: string, context: Context): SheetRow[] {
  const rows: SheetRow[] = [];
  let nextRow = 1;
  for (const rowMatch of xml.matchAll(ROW)) {
    const rowAttributes = rowMatch[1] ?? '';
    const r = Number(attribute(rowAttributes, 'r') ?? nextRow);
    nextRow = r + 1;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(CELL)) {
      const attributes = cellMatch[1] ?? '';
      const ref = attribute(attributes, 'r');
      const column = ref ? (cellRef(ref)?.column ?? nextColumn) : nextColumn;
      nextColumn = column + 1;
      if (column >= MAX_COLUMNS) continue;
      const text = cellText(attributes, cellMatch[2] ?? '', context);
      if (text === '') continue;
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    rows.push({ row: r, cells });
  }
  return rows;
}

/** Fills every merged range with its top-left value. */
function applyMerges(xml: string, rows: SheetRow[]): void {
  const byNumber = new Map(rows.map((row) => [row.row, row]));
  for (const match of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*ref="([^"]+)"/g)) {
    const [from, to] = (match[1] ?? '').split(':');
    const start = cellRef(from ?? '');
    const end = cellRef(to ?? from ?? '');
    if (!start || !end) continue;
    const value = byNumber.get(start.row)?.cells[start.column] ?? '';
    if (value === '') continue;
    const lastRow = Math.min(end.row, start.row + 100_000);
    const lastColumn = Math.min(end.column, MAX_COLUMNS - 1);
    for (let r = start.row; r <= lastRow; r += 1) {
      let row = byNumber.get(r);
      if (!row) {
        row = { row: r, cells: [] };
        byNumber.set(r, row);
        rows.push(row);
      }
      for (let c = start.column; c <= lastColumn; c += 1) {
        while (row.cells.length < c) row.cells.push('');
        if ((row.cells[c] ?? '') === '') row.cells[c] = value;
      }
    }
  }
  rows.sort((a, b) => a.row - b.row);
}

export type XlsxSheet = { rows: SheetRow[]; sheet: string; sheets: string[] };

/**
 * The rows of `sheetName`, or of the first sheet with at least two non-empty rows (a workbook often
 * starts with an empty or a notes sheet).
 */
export function readXlsx(bytes: Uint8Array, sheetName?: string): XlsxSheet {
  const zip = openZip(bytes);
  const parts = workbookParts(zip);
  if (parts.sheets.length === 0) throw new XlsxError('noSheet', 'the workbook has no worksheet');
  const context: Context = {
    strings: sharedStrings(zip, parts.sharedStringsPath),
    dates: dateStyles(zip, parts.stylesPath),
    date1904: parts.date1904,
  };
  const names = parts.sheets.map((sheet) => sheet.name);
  const read = (entry: SheetEntry) => {
    const xml = zip.text(entry.path) ?? '';
    const rows = readRows(xml, context);
    if (xml.includes('mergeCell')) applyMerges(xml, rows);
    return rows;
  };
  if (sheetName !== undefined) {
    const entry = parts.sheets.find((sheet) => sheet.name === sheetName);
    if (!entry) throw new XlsxError('sheetMissing', `no sheet named ${sheetName}`);
    return { rows: read(entry), sheet: entry.name, sheets: names };
  }
  let first: XlsxSheet | null = null;
  for (const entry of parts.sheets) {
    const rows = read(entry);
    const filled = rows.filter((row) => row.cells.some((cell) => cell.trim() !== '')).length;
    const sheet = { rows, sheet: entry.name, sheets: names };
    first ??= sheet;
    if (filled >= 2) return sheet;
  }
  return first ?? { rows: [], sheet: names[0] ?? '', sheets: names };
}
