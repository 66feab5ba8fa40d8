/**
 * CSV as RFC 4180 has it, in UTF-8 with a BOM, and safe to open in a spreadsheet: text that would
 * start a formula is neutralised, numbers stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { createCsvWriter, csvField, csvRecord, guardFormula } from '@/server/export/csv-writer';
import type { TableColumn } from '@/server/export/table';
import { readCsv } from '../../helpers/xlsx-reader';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

describe('csv writer', () => {
  const columns: TableColumn[] = [
    { header: 'Nama usaha', type: 'text' },
    { header: 'Omzet (Rp)', type: 'money' },
    { header: 'Tenaga kerja', type: 'number' },
    { header: 'Tenggat', type: 'date' },
  ];

  it('starts with a UTF-8 byte-order mark and the header, and ends every record with CRLF', () => {
    const writer = createCsvWriter(columns);
    const bytes = [writer.start(), writer.rows([['Amplang Berkah', 1500000, 3, '2026-12-01']])];
    expect([...(bytes[0] ?? []).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.map((b) => decoder.decode(b)).join('');
    expect(text).toBe(
      '\uFEFFNama usaha,Omzet (Rp),Tenaga kerja,Tenggat\r\nAmplang Berkah,1500000,3,2026-12-01\r\n',
    );
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvField('Jl. A. Yani, km 5')).toBe('"Jl. A. Yani, km 5"');
    expect(csvField('Kue "Enak"')).toBe('"Kue ""Enak"""');
    expect(csvField('baris 1\r\nbaris 2')).toBe('"baris 1\r\nbaris 2"');
    expect(csvField('baris 1\nbaris 2')).toBe('"baris 1\nbaris 2"');
    expect(csvField('polos')).toBe('polos');
  });

  it('keeps Indonesian text and emoji as UTF-8', () => {
    const writer = createCsvWriter([{ header: 'Catatan', type: 'text' }]);
    const text = decoder.decode(writer.rows([['Soto Banjar 🍲 — “enak”, é']]));
    expect(text).toBe('"Soto Banjar 🍲 — “enak”, é"\r\n');
  });

  it('puts an apostrophe before text that a spreadsheet would run as a formula', () => {
    for (const text of [
      '=1+1',
      '+cmd|" /C calc"!A0',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '=HYPERLINK("x")',
    ]) {
      expect(guardFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    }
    for (const text of ['Amplang', "'sudah", ' =1', '1+1', '']) {
      expect(guardFormula(text), JSON.stringify(text)).toBe(text);
    }
  });

  it('leaves numbers alone: numeric columns, and text that is only a signed number (a phone number)', () => {
    expect(guardFormula('+6281234567890')).toBe('+6281234567890');
    expect(guardFormula('-5')).toBe('-5');
    expect(guardFormula('-5.25')).toBe('-5.25');
    expect(guardFormula('-5e3')).toBe("'-5e3");
    expect(csvRecord(columns, ['=1', -5, -1, null])).toBe("'=1,-5,-1,\r\n");
  });

  it('guards and quotes together, and a parser reads back exactly what the formula guard left', () => {
    const writer = createCsvWriter(columns);
    const rows = [
      ['=HYPERLINK("http://x","klik"), ya', -250000, 0, null],
      ['Kue "Renyah"\r\nBaru', null, 12, '2026-01-31'],
      ['', 0, null, ''],
    ];
    const text = decoder.decode(writer.start()) + decoder.decode(writer.rows(rows));
    expect(readCsv(text)).toEqual([
      ['Nama usaha', 'Omzet (Rp)', 'Tenaga kerja', 'Tenggat'],
      [`'=HYPERLINK("http://x","klik"), ya`, '-250000', '0', ''],
      ['Kue "Renyah"\r\nBaru', '', '12', '2026-01-31'],
      ['', '0', '', ''],
    ]);
  });

  it('writes nothing for a number that is not finite, and guards a number in a text column', () => {
    expect(csvRecord(columns, ['x', Number.NaN, Number.POSITIVE_INFINITY, null])).toBe('x,,,\r\n');
    expect(csvRecord([{ header: 'Kode', type: 'text' }], [-3])).toBe('-3\r\n');
  });
});
