/**
 * A one-sheet XLSX (Office Open XML spreadsheet) written as the rows arrive, without holding the
 * sheet: the workbook's fixed parts are small ZIP entries written first, then the sheet is a
 * streamed entry (zip-writer.ts) fed one batch of rows at a time.
 *
 * - Text cells are inline strings (`t="inlineStr"`), so there is no shared-string table to build
 *   in memory before the sheet can be written. An inline string is never a formula, so no
 *   formula-injection guard is needed here (the CSV writer has one).
 * - Numbers are number cells; money gets a `#,##0` format (Excel shows the reader's own separators).
 * - Dates and times are real date cells (Excel serial days) with a `dd/mm/yyyy` or
 *   `dd/mm/yyyy hh:mm` style, so they sort and filter as dates. The values are the city's wall
 *   clock; a date before 1 March 1900 (Excel's leap-year bug) is written as text instead.
 * - The header row is bold and frozen; columns get the widths the export gives.
 * - Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped,
 *   text Excel would read as its own `_xHHHH_` escape is escaped, and a cell is cut at Excel's
 *   32,767 characters. A sheet holds at most 1,048,576 rows; more throws.
 */
import type { CellValue, Row, TableColumn } from './table';
import { createZipWriter } from './zip-writer';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_CELL_CHARS = 32_767;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes into cellXfs of styles.xml below. */
const STYLE = { header: 1, date: 2, datetime: 3, money: 4 } as const;

const STYLES_XML =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>' +
  '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
  '<fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const CONTENT_TYPES_XML =
  XML_DECLARATION +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS_XML =
  XML_DECLARATION +
  `<Relationships xmlns="${PACKAGE_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS_XML =
  XML_DECLARATION +
  `<Relationships xmlns="${PACKAGE_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

/** Anything XML 1.0 does not allow in a document (with `u`, a lone surrogate is one code point). */
const FORBIDDEN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops characters XML 1.0 forbids. */
export function stripForbiddenXml(text: string): string {
  return text.replace(FORBIDDEN_XML, '');
}

/** Escapes text for an XML text node or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/**
 * Text as an inline-string cell holds it: allowed characters only, line breaks as `\n`, Excel's
 * `_xHHHH_` escape itself escaped (`_x005F_` is the underscore), at most 32,767 characters.
 */
export function cellText(value: string): string {
  const clean = stripForbiddenXml(value)
    .replace(/\r\n?/g, '\n')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  // Cut by code points so a surrogate pair is never split.
  if (clean.length <= MAX_CELL_CHARS) return clean;
  return Array.from(clean).slice(0, MAX_CELL_CHARS).join('');
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const FIRST_SAFE_DAY = Date.UTC(1900, 2, 1);
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Excel's serial day of `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (a wall clock), or null when the
 * text is not such a date or falls before 1 March 1900.
 */
export function excelSerial(value: string): number | null {
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  const check = new Date(at);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  if (hours > 23 || minutes > 59 || seconds > 59 || at < FIRST_SAFE_DAY) return null;
  return (at - EXCEL_EPOCH) / 86_400_000;
}

/** A sheet name Excel accepts: no `[]:*?/\`, not quoted, 1–31 characters. */
export function sheetName(name: string): string {
  const clean = stripForbiddenXml(name)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim();
  return Array.from(clean || 'Sheet1')
    .slice(0, 31)
    .join('');
}

function inlineString(ref: string, text: string, style: number): string {
  const value = cellText(text);
  const preserve = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : '';
  const s = style ? ` s="${style}"` : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${preserve}>${escapeXml(value)}</t></is></c>`;
}

function cell(ref: string, column: TableColumn, value: CellValue): string {
  if (value === null || value === '') return '';
  switch (column.type) {
    case 'number':
    case 'money':
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return '';
        return `<c r="${ref}"${column.type === 'money' ? ` s="${STYLE.money}"` : ''}><v>${value}</v></c>`;
      }
      return inlineString(ref, value, 0);
    case 'date':
    case 'datetime': {
      const serial = typeof value === 'string' ? excelSerial(value) : null;
      if (serial === null) return inlineString(ref, String(value), 0);
      return `<c r="${ref}" s="${STYLE[column.type]}"><v>${serial}</v></c>`;
    }
    case 'text':
      return inlineString(ref, String(value), 0);
  }
}

export type XlsxWriter = ReturnType<typeof createXlsxWriter>;

/**
 * `start()` first, then `rows()` per batch, then `finish()`; each returns the bytes to send next.
 * `modifiedAt`: the wall clock to stamp on the ZIP entries (its UTC fields are read).
 */
export function createXlsxWriter(options: {
  sheetName: string;
  columns: readonly TableColumn[];
  modifiedAt: Date;
}) {
  const zip = createZipWriter({ modifiedAt: options.modifiedAt });
  const { columns } = options;
  const letters = columns.map((_, index) => columnName(index));
  let rowNumber = 0;

  function rowXml(values: Row, styleAll = 0): string {
    rowNumber += 1;
    if (rowNumber > XLSX_MAX_ROWS) throw new Error(`XLSX sheet over ${XLSX_MAX_ROWS} rows`);
    let xml = `<row r="${rowNumber}">`;
    for (let i = 0; i < columns.length; i += 1) {
      const column = columns[i];
      if (!column) continue;
      const ref = `${letters[i]}${rowNumber}`;
      const value = values[i] ?? null;
      xml += styleAll
        ? value === null
          ? ''
          : inlineString(ref, String(value), styleAll)
        : cell(ref, column, value);
    }
    return `${xml}</row>`;
  }

  return {
    /** The workbook's fixed parts and the sheet's beginning, header row included. */
    start(): Uint8Array[] {
      const workbook =
        XML_DECLARATION +
        `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        `<sheets><sheet name="${escapeXml(sheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets>` +
        '</workbook>';
      const cols = columns
        .map((column, index) => {
          const width = column.width ?? Math.min(Math.max(column.header.length + 2, 10), 60);
          return `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`;
        })
        .join('');
      const head =
        XML_DECLARATION +
        `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">' +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
        '</sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/>' +
        (cols ? `<cols>${cols}</cols>` : '') +
        '<sheetData>' +
        rowXml(
          columns.map((column) => column.header),
          STYLE.header,
        );
      return [
        zip.addFile('[Content_Types].xml', CONTENT_TYPES_XML),
        zip.addFile('_rels/.rels', ROOT_RELS_XML),
        zip.addFile('xl/workbook.xml', workbook),
        zip.addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS_XML),
        zip.addFile('xl/styles.xml', STYLES_XML),
        zip.beginEntry('xl/worksheets/sheet1.xml'),
        zip.write(head),
      ];
    },

    /** One batch of data rows, compressed. */
    rows(rows: readonly Row[]): Uint8Array {
      let xml = '';
      for (const row of rows) xml += rowXml(row);
      return zip.write(xml);
    },

    /** The end of the sheet and of the archive. */
    finish(): Uint8Array[] {
      return [zip.endEntry('</sheetData></worksheet>'), zip.finish()];
    },

    /** Rows written so far, the header included. */
    get rowCount() {
      return rowNumber;
    },
  };
}
