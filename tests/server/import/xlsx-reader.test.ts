import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createXlsxWriter } from '@/server/export/xlsx-writer';
import { isDateFormat, numberText, readXlsx, serialDateText, unescapeXml } from '@/server/import/xlsx-reader';
import { openZip, ZipError } from '@/server/import/zip-reader';
import { buildXlsx, excelDate } from '../../fixtures/import/make-fixtures';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

describe('cells', () => {
  it('reads shared strings, inline strings, numbers, booleans and dates as a person sees them', () => {
    const bytes = buildXlsx([
      {
        name: 'Data',
        rows: [
          ['Nama', 'HP', 'KBLI', 'Berdiri', 'Aktif', 'Catatan'],
          [
            'Kue & Roti <Sari>',
            81251234567,
            10792,
            { date: excelDate(2015, 3, 1) },
            true,
            { inline: 'baris\nbaru' },
          ],
        ],
      },
    ]);
    const sheet = readXlsx(bytes);
    expect(sheet.rows[1]?.cells).toEqual([
      'Kue & Roti <Sari>',
      '81251234567',
      '10792',
      '2015-03-01',
      'TRUE',
      'baris\nbaru',
    ]);
  });

  it('writes big integers in full, never in scientific notation, and cuts float noise at 15 digits', () => {
    expect(numberText('628125123456')).toBe('628125123456');
    expect(numberText('9120001234567')).toBe('9120001234567');
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('1500000.5')).toBe('1500000.5');
  });

  it('turns serial days into dates, with the time when there is one, in both date systems', () => {
    expect(serialDateText(excelDate(2024, 12, 31), false)).toBe('2024-12-31');
    expect(serialDateText(excelDate(2024, 12, 31) + 0.5, false)).toBe('2024-12-31 12:00');
    expect(serialDateText(excelDate(2024, 12, 31) - 1462, true)).toBe('2024-12-31');
  });

  it('tells date formats from number formats', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-421]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('#,##0')).toBe(false);
    expect(isDateFormat('"Rp"#,##0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });

  it('unescapes XML entities and Excel’s _xHHHH_ escapes', () => {
    expect(unescapeXml('A &amp; B &#233; &#x41; _x000D_')).toBe('A & B é A \r');
  });
});

describe('sheets and merged cells', () => {
  it('fills a merged header so a parent label stands over each of its columns', () => {
    const bytes = buildXlsx([
      {
        name: 'Data',
        rows: [
          ['Nama Usaha', 'Alamat', null],
          [null, 'Kecamatan', 'Kelurahan'],
          ['Kue Sari', 'Banjarmasin Selatan', 'Mantuil'],
        ],
        merges: ['A1:A2', 'B1:C1'],
      },
    ]);
    const { rows } = readXlsx(bytes);
    expect(rows.map((row) => row.cells)).toEqual([
      ['Nama Usaha', 'Alamat', 'Alamat'],
      ['Nama Usaha', 'Kecamatan', 'Kelurahan'],
      ['Kue Sari', 'Banjarmasin Selatan', 'Mantuil'],
    ]);
  });

  it('reads the first sheet with data, or the sheet asked for', () => {
    const bytes = buildXlsx([
      { name: 'Petunjuk', rows: [['Isi lembar berikutnya']] },
      { name: 'Data', rows: [['Nama'], ['Kue']] },
      { name: 'Arsip', rows: [['Nama'], ['Lama']] },
    ]);
    expect(readXlsx(bytes).sheet).toBe('Data');
    expect(readXlsx(bytes, 'Arsip').rows[1]?.cells).toEqual(['Lama']);
    expect(readXlsx(bytes).sheets).toEqual(['Petunjuk', 'Data', 'Arsip']);
  });

  it('reads our own export writer’s inline-string workbooks', () => {
    const writer = createXlsxWriter({
      sheetName: 'Usaha',
      columns: [
        { header: 'Nama', type: 'text' },
        { header: 'Modal', type: 'money' },
        { header: 'Tanggal', type: 'date' },
      ],
      modifiedAt: new Date('2026-11-23T00:00:00Z'),
    });
    const bytes = concat([
      ...writer.start(),
      writer.rows([['Amplang', 1500000, '2026-11-20']]),
      ...writer.finish(),
    ]);
    expect(readXlsx(bytes).rows.map((row) => row.cells)).toEqual([
      ['Nama', 'Modal', 'Tanggal'],
      ['Amplang', '1500000', '2026-11-20'],
    ]);
  });
});

describe('damaged archives', () => {
  it('refuses bytes without a ZIP directory', () => {
    expect(() => openZip(new TextEncoder().encode('PK\u0003\u0004 not really a zip'))).toThrow(ZipError);
  });

  it('refuses an entry whose checksum does not match', () => {
    const bytes = buildXlsx([{ name: 'Data', rows: [['Nama'], ['Kue']] }]);
    const zip = openZip(bytes);
    expect(zip.text('xl/workbook.xml')).toContain('<sheet ');
    // Flip a byte inside the first entry's compressed data.
    const damaged = bytes.slice();
    const nameLength = (damaged[26] ?? 0) | ((damaged[27] ?? 0) << 8);
    const at = 30 + nameLength + 2;
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    expect(() => openZip(damaged).read('[Content_Types].xml')).toThrow(ZipError);
  });

  it('refuses an entry that inflates beyond the size its directory gives (a zip bomb)', () => {
    const name = new TextEncoder().encode('xl/workbook.xml');
    const data = deflateRawSync(new Uint8Array(1_000_000));
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, 10, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, 10, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, 0, true);
    central.set(name, 46);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(8, 1, true);
    ev.setUint16(10, 1, true);
    ev.setUint32(12, central.length, true);
    ev.setUint32(16, local.length + data.length, true);
    const zip = openZip(concat([local, data, central, end]));
    expect(() => zip.read('xl/workbook.xml')).toThrow(ZipError);
  });
});
