/**
 * Reads the CSV files coordinators have: saved by Excel (Windows-1252 or UTF-8 with a BOM, commas
 * or semicolons depending on the laptop's regional settings), exported by government portals
 * (UTF-8), or Excel's "Unicode text" (UTF-16 with tabs).
 *
 * - Encoding: a BOM decides; otherwise the bytes are UTF-8 when they decode as UTF-8 without an
 *   error, else Windows-1252 (decoded here: Node's own 'windows-1252' decoder treats 0x80–0x9F as
 *   Latin-1 control characters, which turns Excel's curly quotes and dashes into garbage).
 * - Delimiter: the candidate that splits the first records into the most consistent number of
 *   columns (more than one), so a title row or an address with commas does not mislead it.
 * - Records follow RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks;
 *   a record's number is its position (what Excel shows as the row), not its line.
 */
import type { SheetRow } from './sheet-layout';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/** An unreadable file: the reason is a catalogue-free code the caller turns into a message. */
export class CsvError extends Error {
  constructor(
    readonly reason: 'unclosedQuote',
    readonly row: number,
  ) {
    super(`CSV: ${reason} at record ${row}`);
    this.name = 'CsvError';
  }
}

/** Windows-1252's characters at 0x80–0x9F (0 where the code page leaves a byte undefined). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8_192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i += 1) {
      const byte = bytes[i] ?? 0;
      codes[i - start] = byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] || byte : byte;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Windows-1252 bytes of `text` (characters it cannot hold become `?`); for fixtures and tests. */
export function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x100) {
      const high = CP1252_HIGH.indexOf(code);
      out[i] = high >= 0 ? 0x80 + high : 0x3f;
    } else out[i] = code >= 0x80 && code <= 0x9f ? 0x3f : code;
  }
  return out;
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Splits `text` into records of fields. `limit`: stop after that many records (for detection); an
 * unclosed quote then is not an error, the sample simply ends inside it.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter, limit = Infinity): SheetRow[] {
  const rows: SheetRow[] = [];
  const delim = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let recordStart = true;
  while (i < n && rows.length < limit) {
    const code = text.charCodeAt(i);
    if (code === 0x22 && field === '') {
      // A quoted field: up to the closing quote, doubled quotes are one quote.
      let end = i + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf('"', end);
        if (close < 0) {
          if (limit !== Infinity) return rows;
          throw new CsvError('unclosedQuote', rows.length + 1);
        }
        value += text.slice(end, close);
        if (text.charCodeAt(close + 1) === 0x22) {
          value += '"';
          end = close + 2;
          continue;
        }
        end = close + 1;
        break;
      }
      field = value;
      // Anything between the closing quote and the delimiter is kept as Excel does.
      let j = end;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delim || c === 0x0a || c === 0x0d) break;
        j += 1;
      }
      field += text.slice(end, j);
      i = j;
      recordStart = false;
      continue;
    }
    if (code === delim) {
      fields.push(field);
      field = '';
      i += 1;
      recordStart = false;
      continue;
    }
    if (code === 0x0d || code === 0x0a) {
      fields.push(field);
      rows.push({ row: rows.length + 1, cells: fields });
      fields = [];
      field = '';
      i += code === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      recordStart = true;
      continue;
    }
    // A plain stretch up to the next special character.
    let j = i + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === delim || c === 0x0a || c === 0x0d) break;
      j += 1;
    }
    field += text.slice(i, j);
    i = j;
    recordStart = false;
  }
  if (!recordStart && rows.length < limit) {
    fields.push(field);
    rows.push({ row: rows.length + 1, cells: fields });
  }
  return rows;
}

const SAMPLE_RECORDS = 60;

/** The delimiter that gives the first records the most consistent column count above one. */
export function detectDelimiter(text: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of CSV_DELIMITERS) {
    const records = parseCsv(text, delimiter, SAMPLE_RECORDS).filter((record) =>
      record.cells.some((cell) => cell.trim() !== ''),
    );
    if (records.length === 0) continue;
    // Trailing empty fields (Excel pads short rows) do not count as columns.
    const widths = records.map((record) => {
      let width = record.cells.length;
      while (width > 1 && (record.cells[width - 1] ?? '').trim() === '') width -= 1;
      return width;
    });
    const counts = new Map<number, number>();
    for (const width of widths) if (width > 1) counts.set(width, (counts.get(width) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [width, count] of counts) {
      if (count > modeCount || (count === modeCount && width > mode)) {
        mode = width;
        modeCount = count;
      }
    }
    if (modeCount === 0) continue;
    // Consistent rows first; among equally consistent splits, more columns.
    const score = (modeCount / records.length) * 1_000 + Math.min(mode, 999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export type CsvSheet = { rows: SheetRow[]; encoding: CsvEncoding; delimiter: CsvDelimiter };

export function readCsv(bytes: Uint8Array): CsvSheet {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  return { rows: parseCsv(text, delimiter), encoding, delimiter };
}
