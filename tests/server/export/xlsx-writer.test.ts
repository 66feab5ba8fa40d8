/**
 * The streamed XLSX: a valid ZIP (read back by our own reader, and by Python's zipfile when the
 * machine has it), every XML part well formed, cells typed, text escaped and cleaned of what XML
 * forbids, and the sheet written a batch at a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Row, TableColumn } from '@/server/export/table';
import {
  cellText,
  columnName,
  createXlsxWriter,
  escapeXml,
  excelSerial,
  sheetName,
  stripForbiddenXml,
} from '@/server/export/xlsx-writer';
import { createZipWriter, dosDateTime } from '@/server/export/zip-writer';
import { readXlsx, readZip, serialOf } from '../../helpers/xlsx-reader';

const MODIFIED = new Date('2026-11-23T10:15:30Z');

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function workbook(columns: readonly TableColumn[], batches: ReadonlyArray<readonly Row[]>, name = 'Usaha') {
  const writer = createXlsxWriter({ sheetName: name, columns, modifiedAt: MODIFIED });
  const chunks = [...writer.start()];
  for (const batch of batches) chunks.push(writer.rows(batch));
  chunks.push(...writer.finish());
  return concat(chunks);
}

function python(): boolean {
  try {
    execFileSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('zip writer', () => {
  it('computes the standard CRC-32 (check value of "123456789")', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('stamps MS-DOS times from the wall clock it is given', () => {
    const { time, date } = dosDateTime(MODIFIED);
    expect(date >> 9).toBe(2026 - 1980);
    expect((date >> 5) & 0xf).toBe(11);
    expect(date & 0x1f).toBe(23);
    expect(time >> 11).toBe(10);
    expect((time >> 5) & 0x3f).toBe(15);
    expect((time & 0x1f) * 2).toBe(30);
  });

  it('writes whole and streamed entries that read back with their CRCs, sizes and data descriptors', () => {
    const zip = createZipWriter({ modifiedAt: MODIFIED });
    const pieces = ['alpha ', 'beta '.repeat(10_000), '', 'gamma'];
    const chunks = [zip.addFile('small.txt', 'kecil'), zip.beginEntry('big.txt')];
    for (const piece of pieces) chunks.push(zip.write(piece));
    chunks.push(zip.endEntry(' end'), zip.addFile('after.txt', 'sesudah'), zip.finish());
    const entries = readZip(concat(chunks));
    expect([...entries.keys()]).toEqual(['small.txt', 'big.txt', 'after.txt']);
    expect(entries.get('small.txt')?.data.toString()).toBe('kecil');
    expect(entries.get('after.txt')?.data.toString()).toBe('sesudah');
    const big = entries.get('big.txt');
    expect(big?.data.toString()).toBe(`${pieces.join('')} end`);
    expect(big?.flags).toBe(0x0008);
    // The streamed entry's local header leaves CRC and sizes to the data descriptor.
    const bytes = concat(chunks);
    const view = new DataView(bytes.buffer);
    const offset = big?.offset ?? 0;
    expect([view.getUint32(offset + 14, true), view.getUint32(offset + 18, true)]).toEqual([0, 0]);
    // Compressed well below the text: the pieces are deflated, not stored.
    expect(big?.compressedSize).toBeLessThan(2_000);
  });

  it('joins the pieces of a streamed entry into one deflate stream any inflater reads', () => {
    const zip = createZipWriter({ modifiedAt: MODIFIED });
    zip.beginEntry('x');
    const body = concat([zip.write('satu,'), zip.write('dua,'), zip.endEntry('tiga')]);
    // The last 16 bytes are the data descriptor.
    expect(inflateRawSync(body.subarray(0, body.byteLength - 16)).toString()).toBe('satu,dua,tiga');
  });

  it('refuses to misuse an entry rather than write a broken archive', () => {
    const zip = createZipWriter({ modifiedAt: MODIFIED });
    expect(() => zip.write('x')).toThrow(/outside a streamed entry/);
    zip.beginEntry('a');
    expect(() => zip.addFile('b', 'b')).toThrow(/before the previous one ended/);
    expect(() => zip.finish()).toThrow(/still open/);
  });

  it.runIf(python())('is a valid archive for Python’s zipfile (testzip finds no bad entry)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'binaan-xlsx-'));
    const path = join(dir, 'usaha.xlsx');
    writeFileSync(
      path,
      workbook(
        [{ header: 'Nama usaha', type: 'text' }],
        [Array.from({ length: 3_000 }, (_, i) => [`Usaha ${i}`])],
      ),
    );
    const script =
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(",".join(sorted(z.namelist())))';
    const names = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }).trim();
    expect(names.split(',')).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
  });
});

describe('xml text', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`<b>"Tom & Jerry"</b>`)).toBe('&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;');
  });

  it('drops control characters, lone surrogates and U+FFFE/U+FFFF, and keeps tab, line breaks and emoji', () => {
    expect(stripForbiddenXml('a\u0000b\u0001c\u0008d\u000Be\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j')).toBe(
      'abcdefghij',
    );
    expect(stripForbiddenXml('kue\tbolu\nenak\r🍰 ✓ é')).toBe('kue\tbolu\nenak\r🍰 ✓ é');
  });

  it('keeps text Excel would read as its own _xHHHH_ escape literal, and normalises line breaks', () => {
    expect(cellText('kode_x0041_ok')).toBe('kode_x005F_x0041_ok');
    expect(cellText('satu\r\ndua\rtiga')).toBe('satu\ndua\ntiga');
  });

  it('cuts a cell at 32,767 characters without splitting an emoji', () => {
    const long = `${'a'.repeat(32_766)}🍰🍰`;
    const cut = cellText(long);
    expect(Array.from(cut)).toHaveLength(32_767);
    expect(cut.endsWith('🍰')).toBe(true);
  });

  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('makes a sheet name Excel accepts', () => {
    expect(sheetName('Usaha [2026]: a/b?')).toBe('Usaha  2026   a b');
    expect(sheetName("'x'")).toBe('x');
    expect(sheetName('')).toBe('Sheet1');
    expect(Array.from(sheetName('k'.repeat(40)))).toHaveLength(31);
  });

  it('turns wall-clock dates into Excel serial days, and refuses what is not a date', () => {
    expect(excelSerial('2026-01-01')).toBe(46023);
    expect(excelSerial('2000-01-01')).toBe(36526);
    expect(excelSerial('2026-11-19 07:30')).toBe(serialOf('2026-11-19', '07:30'));
    expect(excelSerial('2026-02-30')).toBeNull();
    expect(excelSerial('2026-11-19 24:00')).toBeNull();
    expect(excelSerial('1900-02-28')).toBeNull();
    expect(excelSerial('besok')).toBeNull();
  });
});

describe('xlsx writer', () => {
  const columns: TableColumn[] = [
    { header: 'Nama usaha', type: 'text', width: 30 },
    { header: 'Tenaga kerja', type: 'number' },
    { header: 'Omzet (Rp)', type: 'money' },
    { header: 'Tenggat', type: 'date' },
    { header: 'Waktu kunjungan (WITA)', type: 'datetime' },
  ];

  it('writes the parts a spreadsheet needs, all well formed', () => {
    const sheet = readXlsx(
      workbook(columns, [[['Amplang', 3, 1_500_000, '2026-12-01', '2026-11-19 07:30']]]),
    );
    expect(sheet.text('[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
    expect(sheet.text('xl/workbook.xml')).toContain('<sheet name="Usaha" sheetId="1" r:id="rId1"/>');
    expect(sheet.text('xl/_rels/workbook.xml.rels')).toContain('Target="worksheets/sheet1.xml"');
    expect(sheet.text('_rels/.rels')).toContain('Target="xl/workbook.xml"');
    // Frozen header row and column widths.
    expect(sheet.text('xl/worksheets/sheet1.xml')).toContain(
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
    );
    expect(sheet.text('xl/worksheets/sheet1.xml')).toContain(
      '<col min="1" max="1" width="30" customWidth="1"/>',
    );
    // The checker itself catches what it is for.
    expect(wellFormed('<a><b></a>')).toBe(false);
    expect(wellFormed('<a>x & y</a>')).toBe(false);
    for (const [name, entry] of sheet.entries) {
      const xml = entry.data.toString('utf8');
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'), name).toBe(true);
      expect(wellFormed(xml), name).toBe(true);
    }
  });

  it('types every cell: bold header, inline strings, numbers, money, dates and times as date cells', () => {
    const sheet = readXlsx(
      workbook(columns, [
        [
          ['Amplang', 3, 1_500_000, '2026-12-01', '2026-11-19 07:30'],
          ['Sasirangan', null, -5, null, null],
        ],
      ]),
    );
    expect(sheet.rows).toEqual([
      ['Nama usaha', 'Tenaga kerja', 'Omzet (Rp)', 'Tenggat', 'Waktu kunjungan (WITA)'],
      ['Amplang', 3, 1_500_000, serialOf('2026-12-01'), serialOf('2026-11-19', '07:30')],
      ['Sasirangan', null, -5],
    ]);
    const styles = readStyles(sheet.text('xl/styles.xml'));
    const [header, first] = sheet.styles;
    expect(header?.every((s) => styles[s]?.bold)).toBe(true);
    expect(first?.map((s) => styles[s]?.format)).toEqual([
      '0',
      '0',
      '#,##0',
      'dd/mm/yyyy',
      'dd/mm/yyyy hh:mm',
    ]);
  });

  it('keeps text exactly: markup, quotes, leading spaces, line breaks, formulas as plain text, emoji', () => {
    const texts = [
      '<b>Kue & "Roti"</b>',
      '  spasi di depan',
      'baris 1\nbaris 2',
      '=HYPERLINK("http://x","klik")',
      'Soto Banjar 🍲',
      "O'Neil",
    ];
    const sheet = readXlsx(workbook([{ header: 'Teks', type: 'text' }], [texts.map((t) => [t])]));
    expect(sheet.rows.slice(1).map((row) => row[0])).toEqual(texts);
    expect(sheet.text('xl/worksheets/sheet1.xml')).not.toContain('<f>');
  });

  it('drops characters XML forbids instead of writing a file Excel refuses', () => {
    const sheet = readXlsx(workbook([{ header: 'Teks', type: 'text' }], [[['a\u0000b\u0007c\uFFFF']]]));
    expect(sheet.rows[1]).toEqual(['abc']);
    expect(wellFormed(sheet.text('xl/worksheets/sheet1.xml'))).toBe(true);
  });

  it('writes a value that does not fit its column as text rather than losing it', () => {
    const sheet = readXlsx(
      workbook(
        [
          { header: 'Angka', type: 'number' },
          { header: 'Tanggal', type: 'date' },
        ],
        [
          [
            ['tiga', 'kemarin'],
            [Number.NaN, '1899-01-01'],
          ],
        ],
      ),
    );
    expect(sheet.rows.slice(1)).toEqual([
      ['tiga', 'kemarin'],
      [null, '1899-01-01'],
    ]);
  });

  it('writes many batches into one sheet with consecutive row numbers', () => {
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 1_000 }, (_, i) => [`Usaha ${b * 1_000 + i}`, b * 1_000 + i] as Row),
    );
    const sheet = readXlsx(
      workbook(
        [
          { header: 'Nama', type: 'text' },
          { header: 'No', type: 'number' },
        ],
        batches,
      ),
    );
    expect(sheet.rows).toHaveLength(5_001);
    expect(sheet.rows[4_321]).toEqual(['Usaha 4320', 4320]);
    expect(sheet.rows[5_000]).toEqual(['Usaha 4999', 4999]);
  });

  it('streams: each batch is sent as it is written, never the whole sheet at the end', () => {
    const writer = createXlsxWriter({
      sheetName: 'x',
      columns: [{ header: 'Nama', type: 'text' }],
      modifiedAt: MODIFIED,
    });
    writer.start();
    const sizes = Array.from(
      { length: 4 },
      (_, b) =>
        writer.rows(Array.from({ length: 500 }, (_, i) => [`Usaha ${b}-${i} ${'x'.repeat(i % 37)}`]))
          .byteLength,
    );
    expect(sizes.every((size) => size > 500)).toBe(true);
    const end = writer.finish();
    expect(end.reduce((n, chunk) => n + chunk.byteLength, 0)).toBeLessThan(1_000);
    expect(writer.rowCount).toBe(2_001);
  });
});

/** A strict enough check for our parts: tags nest and close, attributes are quoted, entities known. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(body)) return false;
  // Names of the open tags on a stack.
  const stack: string[] = [];
  for (const tag of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = tag;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name);
  }
  const tagCount = (body.match(/</g) ?? []).length;
  const matched = [...body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)].length;
  return stack.length === 0 && tagCount === matched;
}

/** cellXfs of styles.xml: whether each is bold and its number format code. */
function readStyles(xml: string): Array<{ bold: boolean; format: string }> {
  const formats = new Map<string, string>([
    ['0', '0'],
    ['3', '#,##0'],
  ]);
  for (const m of xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g))
    formats.set(m[1] ?? '', m[2] ?? '');
  const fonts = [
    ...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(xml)?.[1] ?? '').matchAll(/<font>([\s\S]*?)<\/font>/g),
  ].map((m) => (m[1] ?? '').includes('<b/>'));
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf numFmtId="(\d+)" fontId="(\d+)"/g)].map((m) => ({
    bold: fonts[Number(m[2])] ?? false,
    format: formats.get(m[1] ?? '') ?? `#${m[1]}`,
  }));
}
