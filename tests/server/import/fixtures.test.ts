/**
 * The committed fixture files, read as the server reads an upload: each quirk they carry is handled.
 * (Duplicates against the city's businesses and the commit are in tests/server/routes/import-routes.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessMapping } from '@/server/import/column-guess';
import { ImportFileError, parseImportFile, type ImportFileFailure } from '@/server/import/import-file';
import { normaliseRow, type NormalisedRow } from '@/server/import/normalise-row';
import { createRegionMatcher } from '@/server/import/region-matcher';
import { cityRegions } from '@/server/reference/regions';
import kbli from '@/shared/reference/kbli-2020.json';
import { FIXTURE_DIR, FIXTURES } from '../../fixtures/import/make-fixtures';

const city = cityRegions('63.71');
if (!city) throw new Error('Banjarmasin is missing from the reference data');
const context = {
  regions: createRegionMatcher(city),
  kbliCodes: new Set((kbli as Array<{ code: string }>).map((entry) => entry.code)),
  coaches: [],
  year: 2026,
};
const file = (name: string) => new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));

function read(name: string) {
  const parsed = parseImportFile(file(name));
  const mapping = guessMapping(parsed.labels);
  const rows = new Map<number, NormalisedRow>(
    parsed.rows.map((row) => [row.row, normaliseRow(row.cells, parsed.labels.length, mapping, context)]),
  );
  const at = (row: number) => {
    const found = rows.get(row);
    if (!found) throw new Error(`row ${row} was not read`);
    return found;
  };
  return { parsed, mapping, at, codes: (row: number) => at(row).problems.map((p) => p.code) };
}

function failure(name: string): ImportFileFailure {
  try {
    parseImportFile(file(name));
  } catch (error) {
    if (error instanceof ImportFileError) return error.failure;
    throw error;
  }
  throw new Error(`${name} was read`);
}

it('the committed fixtures are what make-fixtures.ts makes', () => {
  for (const [name, make] of Object.entries(FIXTURES)) expect(file(name), name).toEqual(make());
});

describe('umkm-1252-semicolon.csv', () => {
  const { parsed, mapping, at, codes } = read('umkm-1252-semicolon.csv');

  it('is read as Windows-1252 with semicolons, curly quotes intact', () => {
    expect(parsed.detection).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(at(5).business?.name).toBe('Kue “Nenek” Salmah');
  });

  it('skips the title lines, blank rows and the JUMLAH row', () => {
    expect(parsed.detection).toMatchObject({
      headerRows: [4],
      titleRows: [1, 2],
      blankRows: 2,
      totalsRows: [15],
      dataRows: 8,
    });
    expect(mapping).toEqual([
      null,
      'name',
      'ownerName',
      'phone',
      'districtCode',
      'villageCode',
      'sector',
      'kbli',
      'annualSales',
      'address',
    ]);
  });

  it('keeps a quoted line break inside the address of one row', () => {
    expect(at(7).business?.address).toBe('Jl. Pekauman Gg. Sepakat No. 3');
    expect(parsed.rows.map((row) => row.row)).toEqual([5, 6, 7, 8, 10, 11, 12, 13]);
  });

  it('matches kecamatan typos to the right codes', () => {
    expect(at(7).business?.districtCode).toBe('63.71.01');
    expect(at(8).business?.districtCode).toBe('63.71.05');
    expect(codes(8)).toContain('regionTypo');
  });

  it('flags phones in scientific notation and leaves them empty', () => {
    expect(at(7).business?.phone).toBeNull();
    expect(codes(7)).toContain('phoneScientific');
    expect(at(11).business?.phone).toBeNull();
    expect(codes(11)).toContain('phoneScientific');
  });

  it('restores a lost leading zero and keeps the first of two numbers', () => {
    expect(at(8).business?.phone).toBe('+6281251234504');
    expect(at(10).business?.phone).toBe('+6281351234505');
    expect(codes(10)).toContain('phoneExtra');
  });

  it('reads rupiah written three ways', () => {
    expect(at(5).business?.annualSales).toBe(150_000_000);
    expect(at(6).business?.annualSales).toBe(1_500_000);
    expect(at(7).business?.annualSales).toBe(1_500_000);
  });

  it('blocks the row without a name and the row with an unknown kelurahan', () => {
    expect(at(12).business).toBeNull();
    expect(at(13).business).toBeNull();
    expect(codes(13)).toContain('villageUnknown');
  });
});

describe('umkm-merged-header.xlsx', () => {
  const { parsed, mapping, at } = read('umkm-merged-header.xlsx');

  it('skips the notes sheet and the merged title, and joins the two-row header', () => {
    expect(parsed.detection).toMatchObject({
      sheet: 'Data UMKM',
      headerRows: [3, 4],
      titleRows: [1],
      totalsRows: [9],
      dataRows: 4,
    });
    expect(parsed.labels.slice(3, 6)).toEqual(['Alamat / Jalan', 'Alamat / Kecamatan', 'Alamat / Kelurahan']);
    expect(mapping.slice(3, 6)).toEqual(['address', 'districtCode', 'villageCode']);
  });

  it('reads [code] NAME values, bare codes, number phones, KBLI numbers and date cells', () => {
    expect(at(5).business).toMatchObject({
      districtCode: '63.71.05',
      villageCode: '63.71.05.1009',
      phone: '+6281251234601',
      kbli: { code: '10792' },
      yearStarted: 2015,
      capital: 15_000_000,
      licences: { nib: '9120001234567' },
    });
    expect(at(6).business).toMatchObject({ villageCode: '63.71.02.1008', phone: '+6281251234602' });
    expect(at(7).problems.map((p) => p.code)).toContain('kbliLostZero');
    expect(at(8).business?.capital).toBe(40_000_000);
  });
});

describe('umkm-utf8-bom.csv', () => {
  const { parsed, at, codes } = read('umkm-utf8-bom.csv');

  it('is read as UTF-8 with a BOM and commas', () => {
    expect(parsed.detection).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',' });
  });

  it('reports the one ragged row as an error of that row only', () => {
    expect(codes(4)).toEqual(['ragged']);
    expect(at(5).business).not.toBeNull();
  });

  it('flags an NIB Excel turned into scientific notation', () => {
    expect(codes(3)).toContain('nibScientific');
    expect(at(3).business?.licences.nib).toBeNull();
  });
});

describe('bad files', () => {
  it('refuses a file whose rows are ragged throughout', () => {
    expect(failure('ragged.csv')).toEqual({ reason: 'ragged', rows: [2, 3, 4, 5, 6] });
  });

  it('refuses a file without a recognisable header', () => {
    expect(failure('no-header.csv')).toEqual({ reason: 'noHeader' });
  });

  it('refuses a file that is not a spreadsheet', () => {
    expect(failure('not-a-spreadsheet.csv')).toEqual({ reason: 'binary' });
  });

  it('refuses the old .xls format and a damaged workbook with their own reasons', () => {
    expect(() => parseImportFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toThrow(
      expect.objectContaining({ failure: { reason: 'legacyExcel' } }),
    );
    const damaged = file('umkm-merged-header.xlsx').slice(0, 200);
    expect(() => parseImportFile(damaged)).toThrow(
      expect.objectContaining({ failure: { reason: 'notWorkbook' } }),
    );
  });
});
