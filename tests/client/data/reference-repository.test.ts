/**
 * The city's regions read back from `meta` on the first screen: the start-up shape check
 * (isCityRegions, no zod) must accept every value the wire's schema accepts and refuse a damaged one,
 * and a damaged record reads as "not downloaded yet" rather than breaking Today.
 */
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { LocalDb, writeMeta } from '@/client/data/local-db';
import { isCityRegions, loadRegions, META_REGIONS, saveRegions } from '@/client/data/reference-repository';
import { cityRegionsSchema } from '@/client/data/regions-schema';

const NAME = 'binaan-reference-test';

afterEach(async () => {
  await new LocalDb(NAME).delete();
});

const named = fc.record({ code: fc.string({ maxLength: 13 }), name: fc.string({ maxLength: 30 }) });
const regionsArbitrary = fc.record(
  {
    city: named,
    districts: fc.array(fc.record({ code: fc.string(), name: fc.string(), villages: fc.array(named, { maxLength: 4 }) }), {
      maxLength: 4,
    }),
    attribution: fc.string(),
  },
  { requiredKeys: ['city', 'districts'] },
);

/** A value that breaks one thing: a missing or mistyped field at some depth. */
const damage = fc.constantFrom<(r: Record<string, unknown>) => unknown>(
  (r) => ({ ...r, city: undefined }),
  (r) => ({ ...r, city: { code: 1, name: 'x' } }),
  (r) => ({ ...r, districts: 'x' }),
  (r) => ({ ...r, districts: [{ code: 'a', name: 'b' }] }),
  (r) => ({ ...r, districts: [{ code: 'a', name: 'b', villages: [{ code: 'c' }] }] }),
  (r) => ({ ...r, districts: [{ code: 'a', name: null, villages: [] }] }),
  (r) => ({ ...r, attribution: 7 }),
  () => null,
  () => 'regions',
);

it('the start-up check agrees with the wire schema on sound and damaged regions', () => {
  fc.assert(
    fc.property(regionsArbitrary, damage, (regions, breakIt) => {
      expect(cityRegionsSchema.safeParse(regions).success).toBe(true);
      expect(isCityRegions(regions)).toBe(true);
      const broken = breakIt(regions);
      expect(cityRegionsSchema.safeParse(broken).success).toBe(false);
      expect(isCityRegions(broken)).toBe(false);
    }),
    { numRuns: 300 },
  );
});

it('stored regions read back as they were saved; a damaged record reads as none', async () => {
  const db = new LocalDb(NAME);
  const regions = {
    city: { code: '63.71', name: 'Kota Banjarmasin' },
    districts: [{ code: '63.71.01', name: 'Banjarmasin Selatan', villages: [{ code: '63.71.01.1001', name: 'Kelayan Luar' }] }],
  };
  expect(await loadRegions(db)).toBeNull();
  await saveRegions(db, regions);
  expect(await loadRegions(db)).toEqual(regions);
  await writeMeta(db, META_REGIONS, { city: 'Banjarmasin' });
  expect(await loadRegions(db)).toBeNull();
  db.close();
});
