import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessSearchIndex } from '@/client/data/business-search';
import { makeBusiness } from '../../helpers/factories';

const names = (index: BusinessSearchIndex, query: string, filters = {}) =>
  index.search(query, filters).map((b) => b.name);

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
        expect(local.search(typo).map((r) => r.id)).toContain(business.id);
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
          for (const row of local.search(query, { status, sector })) {
            expect(row.deletedAt).toBeNull();
            if (status) expect(row.status).toBe(status);
            if (sector) expect(row.sector).toBe(sector);
          }
        },
      ),
    );
  });
  it('ranks a name starting with the query, then name words, then other fields, then typos', () => {
    const ranked = BusinessSearchIndex.build(
      [
        makeBusiness({ name: 'Amplang Sitti', ownerName: 'Rahmat' }), // typo in the name
        makeBusiness({ name: 'Bingka Kartini', ownerName: 'Siti Aisyah' }), // owner
        makeBusiness({ name: 'Kue Bu Siti', ownerName: 'Nur' }), // a word of the name
        makeBusiness({ name: 'Siti Catering', ownerName: 'Nur' }), // the name starts with it
      ],
      regionName,
    );
    expect(names(ranked, 'siti')).toEqual(['Siti Catering', 'Kue Bu Siti', 'Bingka Kartini', 'Amplang Sitti']);
  });

  it('orders by name the Indonesian way (Intl.Collator), digits by value, case ignored', () => {
    const ordered = BusinessSearchIndex.build(
      ['Kue 10', 'kue 2', 'Ayam Geprek', 'Éclair Banjar', 'bakso'].map((name) => makeBusiness({ name })),
    );
    expect(names(ordered, '')).toEqual(['Ayam Geprek', 'bakso', 'Éclair Banjar', 'kue 2', 'Kue 10']);
    expect(names(ordered, 'kue')).toEqual(['kue 2', 'Kue 10']);
  });

  it('finds a phone typed with separators, cuts the list at the limit, and never matches 3-letter typos', () => {
    expect(names(index, '0812-3456')).toEqual(['Kue Renyah Bu Siti']);
    expect(index.search('', {}, 2)).toHaveLength(2);
    expect(index.search('', {}, 0)).toEqual([]);
    expect(names(index, 'kuf')).toEqual([]);
  });

  it('upserts a batch and removes by id', () => {
    const local = BusinessSearchIndex.build(rows, regionName);
    const extra = makeBusiness({ name: 'Soto Banjar Bang Amat' });
    local.upsertMany([extra]);
    expect(names(local, 'soto')).toEqual(['Soto Banjar Bang Amat']);
    local.remove(extra.id);
    expect(names(local, 'soto')).toEqual([]);
    expect(local.size).toBe(rows.length);
  });

  it('property: an inserted letter in a word of 4+ letters, or two typos in one of 10+, still finds it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{4,7}$/),
        fc.stringMatching(/^[a-z]{10,14}$/),
        fc.nat(),
        fc.constantFrom('q', 'z', 'a'),
        (short, long, at, letter) => {
          const business = makeBusiness({ name: `${short} ${long}`, ownerName: 'Pemilik' });
          const local = BusinessSearchIndex.build([business, ...rows], regionName);
          const i = at % short.length;
          const inserted = short.slice(0, i) + letter + short.slice(i);
          expect(local.search(inserted).map((r) => r.id)).toContain(business.id);
          // Two substitutions far apart in the long word.
          const j = at % 4;
          const flip = (c: string | undefined) => (c === 'x' ? 'y' : 'x');
          const twice = long.slice(0, j) + flip(long[j]) + long.slice(j + 1, j + 6) + flip(long[j + 6]) + long.slice(j + 7);
          expect(local.search(twice).map((r) => r.id)).toContain(business.id);
        },
      ),
    );
  });

  it('property: the word being typed (any prefix of a name word) finds the business', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,12}$/), fc.nat(), (word, cut) => {
        const business = makeBusiness({ name: `Usaha ${word}` });
        const local = BusinessSearchIndex.build([business, ...rows], regionName);
        const typed = `usaha ${word.slice(0, 1 + (cut % word.length))}`;
        expect(local.search(typed).map((r) => r.id)).toContain(business.id);
      }),
    );
  });
});
