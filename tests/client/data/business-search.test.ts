import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessSearchIndex } from '@/client/data/business-search';
import { makeBusiness } from '../../helpers/factories';

const names = (index: BusinessSearchIndex, query: string, filters = {}) =>
  index.search(query, filters).items.map((b) => b.name);

const regionName = (code: string) =>
  ({ '63.71.01': 'Banjarmasin Selatan', '63.71.01.1001': 'Mantuil', '63.71.02': 'Banjarmasin Timur', '63.71.02.1001': 'Kuripan' })[
    code
  ] ?? '';

const rows = [
  makeBusiness({ name: 'Kue Renyah Bu Siti', ownerName: 'Siti Rahmah', phone: '+6281234567890' }),
  makeBusiness({ name: 'Amplang Berkah', ownerName: 'Hasan', licences: { nib: '9120001234567', pirt: null, halal: null, bpom: null, trademark: null } }),
  makeBusiness({ name: 'Sasirangan Intan', ownerName: 'Aminah', sector: 'fesyen', status: 'stagnan', districtCode: '63.71.02', villageCode: '63.71.02.1001' }),
  makeBusiness({ name: 'Keripik Pisang Renyah', ownerName: 'Rusmini' }),
];

describe('business search', () => {
  const index = BusinessSearchIndex.build(rows, regionName);

  it('finds by name, owner, phone (as typed, 08…), NIB and kelurahan', () => {
    expect(names(index, 'amplang')).toEqual(['Amplang Berkah']);
    expect(names(index, 'aminah')).toEqual(['Sasirangan Intan']);
    expect(names(index, '0812345')).toEqual(['Kue Renyah Bu Siti']);
    expect(names(index, '912000')).toEqual(['Amplang Berkah']);
    expect(names(index, 'kuripan')).toEqual(['Sasirangan Intan']);
  });

  it('forgives a typo and matches the word still being typed', () => {
    expect(names(index, 'amplnag')).toEqual(['Amplang Berkah']);
    expect(names(index, 'sasirangn')).toEqual(['Sasirangan Intan']);
    expect(names(index, 'kue ren')).toEqual(['Kue Renyah Bu Siti']);
  });

  it('needs every typed word, and ranks name matches before other fields', () => {
    expect(names(index, 'renyah')).toEqual(['Keripik Pisang Renyah', 'Kue Renyah Bu Siti']);
    expect(names(index, 'renyah rusmini')).toEqual(['Keripik Pisang Renyah']);
    expect(names(index, 'siti')[0]).toBe('Kue Renyah Bu Siti');
  });

  it('lists everything by name when nothing is typed, and applies filters', () => {
    expect(names(index, '')).toEqual(['Amplang Berkah', 'Keripik Pisang Renyah', 'Kue Renyah Bu Siti', 'Sasirangan Intan']);
    expect(names(index, '', { districtCode: '63.71.02' })).toEqual(['Sasirangan Intan']);
    expect(names(index, '', { status: 'stagnan', sector: 'fesyen' })).toEqual(['Sasirangan Intan']);
    expect(names(index, 'amplang', { sector: 'fesyen' })).toEqual([]);
  });

  it('forgets deleted businesses and picks up edits', () => {
    const local = BusinessSearchIndex.build(rows, regionName);
    const first = rows[0];
    if (!first) throw new Error('no row');
    local.upsert({ ...first, name: 'Bingka Bu Siti' });
    expect(names(local, 'bingka')).toEqual(['Bingka Bu Siti']);
    expect(names(local, 'kue')).toEqual([]);
    local.upsert({ ...first, deletedAt: '2026-03-01T00:00:00.000Z' });
    expect(names(local, 'siti')).toEqual([]);
    expect(local.size).toBe(3);
  });

  it('property: one typo in a word of 5+ letters still finds the business', () => {
    const word = fc.stringMatching(/^[a-z]{5,10}$/);
    fc.assert(
      fc.property(word, word, fc.nat(), fc.constantFrom('swap', 'drop', 'change'), (a, b, at, kind) => {
        const business = makeBusiness({ name: `${a} ${b}`, ownerName: 'Pemilik' });
        const local = BusinessSearchIndex.build([business, ...rows], regionName);
        const i = at % (a.length - 1);
        const typo =
          kind === 'swap'
            ? a.slice(0, i) + (a[i + 1] ?? '') + (a[i] ?? '') + a.slice(i + 2)
            : kind === 'drop'
              ? a.slice(0, i) + a.slice(i + 1)
              : `${a.slice(0, i)}${a[i] === 'x' ? 'y' : 'x'}${a.slice(i + 1)}`;
        expect(local.search(typo).items.map((r) => r.id)).toContain(business.id);
      }),
    );
  });

  it('property: every result satisfies the filters and none is deleted', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeBusiness({
        name: `Usaha ${['kue', 'amplang', 'kopi'][i % 3]} ${i}`,
        status: (['baru', 'stagnan', 'tutup'] as const)[i % 3],
        sector: (['kuliner', 'fesyen'] as const)[i % 2],
        deletedAt: i % 7 === 0 ? '2026-01-01T00:00:00.000Z' : null,
      }),
    );
    const local = BusinessSearchIndex.build(many, regionName);
    fc.assert(
      fc.property(
        fc.constantFrom('', 'kue', 'amplnag', 'usaha', 'kop'),
        fc.option(fc.constantFrom('baru', 'stagnan', 'tutup') as fc.Arbitrary<'baru' | 'stagnan' | 'tutup'>, { nil: undefined }),
        fc.option(fc.constantFrom('kuliner', 'fesyen') as fc.Arbitrary<'kuliner' | 'fesyen'>, { nil: undefined }),
        (query, status, sector) => {
          for (const row of local.search(query, { status, sector }).items) {
            expect(row.deletedAt).toBeNull();
            if (status) expect(row.status).toBe(status);
            if (sector) expect(row.sector).toBe(sector);
          }
        },
      ),
    );
  });
});
