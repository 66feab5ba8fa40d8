/**
 * A small ZIP and XLSX reader for tests, written apart from the writer so a test does not check the
 * writer with itself. It reads the archive the way spreadsheet programs do: from the end-of-central-
 * directory record to the central directory, then each entry's local header; every entry is
 * inflated and its CRC-32 and size checked against the directory. The sheet's cells come back as a
 * 2-D array: inline strings as strings, numbers as numbers, missing cells as null (with their style
 * index beside, for dates and the bold header).
 */
import { crc32, inflateRawSync } from 'node:zlib';

export type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  data: Buffer;
};

function fail(message: string): never {
  throw new Error(`invalid ZIP: ${message}`);
}

export function readZip(bytes: Uint8Array): Map<string, ZipEntry> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes when there is no archive comment (the writer adds none).
  const end = buffer.length - 22;
  if (end < 0 || buffer.readUInt32LE(end) !== 0x06054b50) fail('no end-of-central-directory record');
  const count = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  if (directoryOffset + directorySize !== end)
    fail('central directory does not end where the end record starts');
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) fail(`central header ${i} has a wrong signature`);
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const offset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (buffer.readUInt32LE(offset) !== 0x04034b50) fail(`${name}: local header has a wrong signature`);
    const localName = buffer.toString('utf8', offset + 30, offset + 30 + buffer.readUInt16LE(offset + 26));
    if (localName !== name) fail(`${name}: local header names ${localName}`);
    if (buffer.readUInt16LE(offset + 6) !== flags) fail(`${name}: flags differ between headers`);
    const dataStart = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
    const compressed = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method !== 8 && method !== 0) fail(`${name}: unknown method ${method}`);
    const data = method === 8 ? inflateRawSync(compressed) : Buffer.from(compressed);
    if (data.length !== size) fail(`${name}: ${data.length} bytes, directory says ${size}`);
    if (crc32(data) !== crc) fail(`${name}: CRC-32 does not match`);
    if (flags & 0x0008) {
      // Data descriptor after the data, with its optional signature.
      let descriptor = dataStart + compressedSize;
      if (buffer.readUInt32LE(descriptor) === 0x08074b50) descriptor += 4;
      if (
        buffer.readUInt32LE(descriptor) !== crc ||
        buffer.readUInt32LE(descriptor + 4) !== compressedSize ||
        buffer.readUInt32LE(descriptor + 8) !== size
      ) {
        fail(`${name}: data descriptor differs from the central directory`);
      }
    } else if (
      buffer.readUInt32LE(offset + 14) !== crc ||
      buffer.readUInt32LE(offset + 18) !== compressedSize ||
      buffer.readUInt32LE(offset + 22) !== size
    ) {
      fail(`${name}: local header sizes differ from the central directory`);
    }
    entries.set(name, { name, flags, method, crc, compressedSize, size, offset, data });
  }
  return entries;
}

export type SheetCell = string | number | null;
export type Sheet = {
  rows: SheetCell[][];
  /** Style index of each cell (0 when none), same shape as `rows`. */
  styles: number[][];
  entries: Map<string, ZipEntry>;
  /** The parts as text (all of an XLSX's are XML). */
  text: (name: string) => string;
};

function unescapeXml(text: string): string {
  return text
    .replace(
      /&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g,
      (_, name: string, dec?: string, hex?: string) => {
        if (dec) return String.fromCodePoint(Number(dec));
        if (hex) return String.fromCodePoint(parseInt(hex, 16));
        return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name] ?? '';
      },
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Column index of a cell reference: `A1` → 0, `AB7` → 27. */
function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? '';
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

export function readXlsx(bytes: Uint8Array): Sheet {
  const entries = readZip(bytes);
  const text = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`no ${name} in the workbook`);
    return entry.data.toString('utf8');
  };
  const sheet = text('xl/worksheets/sheet1.xml');
  const rows: SheetCell[][] = [];
  const styles: number[][] = [];
  const sheetData = /<sheetData>([\s\S]*)<\/sheetData>/.exec(sheet)?.[1] ?? '';
  for (const rowMatch of sheetData.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const rowIndex = Number(rowMatch[1]) - 1;
    const row: SheetCell[] = [];
    const rowStyles: number[] = [];
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(
      /<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g,
    )) {
      const column = columnIndex(cellMatch[1] ?? '');
      if (Number(cellMatch[2]) - 1 !== rowIndex)
        throw new Error(`cell ${cellMatch[1]}${cellMatch[2]} in row ${rowIndex + 1}`);
      const attributes = cellMatch[3] ?? '';
      const inner = cellMatch[4] ?? '';
      const type = / t="([^"]+)"/.exec(attributes)?.[1] ?? 'n';
      const style = Number(/ s="(\d+)"/.exec(attributes)?.[1] ?? 0);
      let value: SheetCell = null;
      if (type === 'inlineStr') {
        value = unescapeXml(
          [...inner.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => m[1] ?? '').join(''),
        );
      } else if (type === 'n') {
        const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
        value = v === undefined ? null : Number(v);
      } else {
        throw new Error(`cell type ${type} not expected from the writer`);
      }
      while (row.length < column) {
        row.push(null);
        rowStyles.push(0);
      }
      row[column] = value;
      rowStyles[column] = style;
    }
    rows[rowIndex] = row;
    styles[rowIndex] = rowStyles;
  }
  for (let i = 0; i < rows.length; i += 1) {
    rows[i] ??= [];
    styles[i] ??= [];
  }
  return { rows, styles, entries, text };
}

/** Pads every row to `width` with nulls (the writer leaves empty cells out). */
export function padded(rows: SheetCell[][], width: number): SheetCell[][] {
  return rows.map((row) => [...row, ...Array<SheetCell>(Math.max(0, width - row.length)).fill(null)]);
}

/** Excel's serial day for a wall-clock time, computed from a known anchor: 1 Jan 2026 is 46023. */
export function serialOf(date: string, time = '00:00'): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const days = (Date.parse(`${date}T00:00:00Z`) - Date.parse('2026-01-01T00:00:00Z')) / 86_400_000;
  return 46023 + days + (h * 60 + m) / 1440;
}

/** Parses CSV (RFC 4180) into rows of strings; the BOM, if any, is removed first. */
export function readCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break in CSV at ${i}`);
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}
