import { describe, expect, it } from 'vitest';
import { createDuplicateIndex } from '@/server/import/duplicate-index';
import {
  legalFormFromText,
  normaliseImportPhone,
  normaliseRow,
  parseImportRupiah,
  sectorFromText,
  type NormaliseContext,
} from '@/server/import/normalise-row';
import { createRegionMatcher, splitRegionCell } from '@/server/import/region-matcher';
import { cityRegions } from '@/server/reference/regions';
import type { ImportMapping } from '@/shared/domain/import';
import kbli from '@/shared/reference/kbli-2020.json';

const city = cityRegions('63.71');
if (!city) throw new Error('Banjarmasin is missing from the reference data');
const regions = createRegionMatcher(city);
const context: NormaliseContext = {
  regions,
  kbliCodes: new Set((kbli as Array<{ code: string }>).map((entry) => entry.code)),
  coaches: [{ id: '0190a000-0000-7000-8000-000000000001', name: 'Ahmad Fauzi', username: 'pendamping1' }],
  year: 2026,
};
const codes = (cell: string) => normaliseImportPhone(cell).problems.map((p) => p.code);

describe('phones', () => {
  it('stores what people type in E.164', () => {
    expect(normaliseImportPhone('0812-5123-4567').phone).toBe('+6281251234567');
    expect(normaliseImportPhone('+62 812 5123 4567').phone).toBe('+6281251234567');
    expect(normaliseImportPhone('(0511) 3352 111').phone).toBe('+625113352111');
  });

  it('puts back the leading zero Excel dropped, and says so', () => {
    expect(normaliseImportPhone('812345678').phone).toBe('+62812345678');
    expect(codes('81251234567')).toEqual(['phoneZeroAdded']);
  });

  it('flags a number in scientific notation and never guesses its digits', () => {
    for (const cell of ['8.12346E+11', '6,28125E+11', '8.1E11']) {
      const result = normaliseImportPhone(cell);
      expect(result.phone).toBeNull();
      expect(result.problems.map((p) => p.code)).toEqual(['phoneScientific']);
    }
    // Excel's rounding saved as a number: the last digits are zeros.
    expect(normaliseImportPhone('812346000000').phone).toBeNull();
  });

  it('keeps the first of several numbers in a cell and reports the others', () => {
    for (const cell of [
      '0812-5123-4567 / 0813 5123 4568',
      '081251234567, 081351234568',
      '081251234567 dan 081351234568',
    ]) {
      const result = normaliseImportPhone(cell);
      expect(result.phone).toBe('+6281251234567');
      expect(result.problems).toEqual([
        { field: 'phone', code: 'phoneExtra', severity: 'warning', detail: '+6281351234568' },
      ]);
    }
  });

  it('leaves a number that is not Indonesian empty, with a warning', () => {
    expect(normaliseImportPhone('12345').phone).toBeNull();
    expect(codes('12345')).toEqual(['phoneInvalid']);
  });
});

describe('rupiah and other values', () => {
  it('reads rupiah the way registers write them', () => {
    expect(parseImportRupiah('Rp 1.500.000')).toBe(1_500_000);
    expect(parseImportRupiah('Rp. 25.000.000,-')).toBe(25_000_000);
    expect(parseImportRupiah('1,5 juta')).toBe(1_500_000);
    expect(parseImportRupiah('1.5jt')).toBe(1_500_000);
    expect(parseImportRupiah('40 jt')).toBe(40_000_000);
    expect(parseImportRupiah('1500000')).toBe(1_500_000);
    expect(parseImportRupiah('1500000.4')).toBe(1_500_000);
    expect(parseImportRupiah('sekitar sejuta')).toBeNull();
  });

  it('recognises sectors and legal forms from free text', () => {
    expect(sectorFromText('Makanan Olahan')).toBe('makanan_olahan');
    expect(sectorFromText('Rumah makan')).toBe('kuliner');
    expect(sectorFromText('Kerajinan tangan')).toBe('kriya');
    expect(sectorFromText('Apa saja')).toBeNull();
    expect(legalFormFromText('Perseorangan')).toBe('perorangan');
    expect(legalFormFromText('PT Perorangan')).toBe('pt_perorangan');
    expect(legalFormFromText('Persekutuan')).toBe('unknown');
  });
});

describe('regions', () => {
  it('reads codes with or without dots and the portals’ [code] NAME', () => {
    expect(splitRegionCell('[63.71.01] BANJARMASIN SELATAN')).toEqual({
      code: '63.71.01',
      name: 'BANJARMASIN SELATAN',
    });
    expect(splitRegionCell('6371011001')).toEqual({ code: '63.71.01.1001', name: '' });
    expect(regions.district('[63.71.01] BANJARMASIN SELATAN')).toMatchObject({ kind: 'found', typo: false });
    expect(regions.village('63.71.01.1002', null)).toMatchObject({
      kind: 'found',
      entry: { name: 'Kelayan Selatan' },
    });
  });

  it('accepts a typo when one name is clearly nearest', () => {
    expect(regions.district('Banjarmasin Seletan')).toMatchObject({
      kind: 'found',
      typo: true,
      entry: { code: '63.71.01' },
    });
    expect(regions.district('Kec. Banjarmasin Tegah')).toMatchObject({
      kind: 'found',
      entry: { code: '63.71.05' },
    });
    expect(regions.village('Kelayan Selatn', '63.71.01')).toMatchObject({
      kind: 'found',
      entry: { code: '63.71.01.1002' },
    });
  });

  it('does not take a far-off name for a typo', () => {
    expect(regions.district('Martapura')).toEqual({ kind: 'none' });
    // "Kelayan" alone is close to several kelurahan: no guess.
    expect(regions.village('Kelayan', '63.71.01').kind).not.toBe('found');
  });
});

const MAPPING: ImportMapping = [
  'name',
  'ownerName',
  'phone',
  'districtCode',
  'villageCode',
  'kbli',
  'nib',
  'coach',
  'annualSales',
];
const row = (cells: string[]) => normaliseRow(cells, MAPPING.length, MAPPING, context);

describe('a whole row', () => {
  it('becomes a business with codes, E.164 phone, KBLI as text, rupiah and the coach', () => {
    const result = row([
      'Kue Sari',
      'Sari',
      '081251234567',
      'Banjarmasin Selatan',
      'Mantuil',
      '10792',
      '9120001234567',
      'pendamping1',
      'Rp 1.500.000',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.business).toMatchObject({
      name: 'Kue Sari',
      phone: '+6281251234567',
      districtCode: '63.71.01',
      villageCode: '63.71.01.1001',
      kbli: { code: '10792', version: '2020' },
      licences: { nib: '9120001234567' },
      assignedCoachId: '0190a000-0000-7000-8000-000000000001',
      annualSales: 1_500_000,
      sizeClass: 'mikro',
      sector: 'makanan_olahan',
      isFood: true,
    });
  });

  it('flags a four-digit KBLI (a lost leading zero) and an unknown code, leaving them empty', () => {
    expect(row(['Kue', 'Sari', '', '', 'Mantuil', '1079', '', '', '']).problems.map((p) => p.code)).toContain(
      'kbliLostZero',
    );
    expect(
      row(['Kue', 'Sari', '', '', 'Mantuil', '99999', '', '', '']).problems.map((p) => p.code),
    ).toContain('kbliUnknown');
  });

  it('blocks a row without a name or with an unknown kelurahan', () => {
    expect(row(['', 'Sari', '', '', 'Mantuil', '', '', '', '']).business).toBeNull();
    const unknown = row(['Kue', 'Sari', '', 'Banjarmasin Selatan', 'Antah Berantah', '', '', '', '']);
    expect(unknown.business).toBeNull();
    expect(unknown.problems).toContainEqual({
      field: 'villageCode',
      code: 'villageUnknown',
      severity: 'error',
      detail: 'Antah Berantah',
    });
  });

  it('blocks a kelurahan that lies in another kecamatan than the one written', () => {
    const result = row(['Kue', 'Sari', '', 'Banjarmasin Selatan', 'Kuripan', '', '', '', '']);
    expect(result.problems.map((p) => p.code)).toEqual(['villageOutsideDistrict']);
  });

  it('finds the kecamatan from the kelurahan when no kecamatan is given', () => {
    expect(row(['Kue', 'Sari', '', '', 'Kuripan', '', '', '', '']).business?.districtCode).toBe('63.71.02');
  });

  it('reports a ragged row as an error with its stray values', () => {
    const result = normaliseRow(['Kue', 'Sari', 'x', 'y'], 2, ['name', 'ownerName'], context);
    expect(result.problems).toContainEqual({
      field: null,
      code: 'ragged',
      severity: 'error',
      detail: 'x | y',
    });
  });
});

describe('likely duplicates', () => {
  it('finds the same NIB or phone anywhere and a similar name in the same kelurahan', () => {
    const index = createDuplicateIndex();
    const village = '63.71.01.1001';
    index.addExisting(
      { name: 'Kue Renyah Bu Siti', phone: '+6281200000001', nib: '1234567890123', villageCode: village },
      'a',
    );
    expect(index.find({ name: 'Kue Renyah', phone: null, nib: null, villageCode: village })).toEqual([
      { kind: 'existing', businessId: 'a', name: 'Kue Renyah Bu Siti', reasons: ['name'] },
    ]);
    expect(index.find({ name: 'Kue Renyah', phone: null, nib: null, villageCode: '63.71.01.1002' })).toEqual(
      [],
    );
    expect(
      index.find({
        name: 'Lain',
        phone: '+6281200000001',
        nib: '1234567890123',
        villageCode: '63.71.02.1001',
      })[0]?.reasons,
    ).toEqual(['nib', 'phone']);
    // Different products with the same pattern are not flagged.
    index.addExisting({ name: 'Keripik Tempe Sari', phone: null, nib: null, villageCode: village }, 'b');
    expect(index.find({ name: 'Keripik Pisang Sari', phone: null, nib: null, villageCode: village })).toEqual(
      [],
    );
  });

  it('finds rows of the same file', () => {
    const index = createDuplicateIndex();
    const subject = {
      name: 'Amplang Haji Anang',
      phone: '+6281251234601',
      nib: null,
      villageCode: '63.71.05.1009',
    };
    index.addRow(subject, 5);
    expect(index.find({ ...subject, name: 'Amplang H. Anang', phone: null })).toEqual([
      { kind: 'file', row: 5, name: 'Amplang Haji Anang', reasons: ['name'] },
    ]);
  });
});
