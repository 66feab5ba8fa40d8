import { describe, expect, it } from 'vitest';
import type { Business, Licences } from '@/shared/domain/business';
import { translate } from '@/shared/i18n';
import {
  bpomReasons,
  licensingHints,
  SELF_DECLARE_MAX_ANNUAL_SALES,
  type LicensingHint,
} from '@/shared/domain/licensing-hints';
import { makeBusiness } from '../../helpers/factories';

const NO_LICENCES: Licences = { nib: null, pirt: null, halal: null, bpom: null, trademark: null };
const NIB = '9120001234567';

/** A micro food business with NIB and modest sales: the self-declare case. */
function foodBusiness(overrides: Partial<Business> = {}): Business {
  return makeBusiness({
    isFood: true,
    sector: 'makanan_olahan',
    products: 'Kue kering, amplang',
    sizeClass: 'mikro',
    annualSales: 120_000_000,
    licences: { ...NO_LICENCES, nib: NIB },
    ...overrides,
  });
}

const hint = (hints: LicensingHint[], id: LicensingHint['id']) => hints.find((entry) => entry.id === id);
const detailKeys = (entry: LicensingHint | undefined) => entry?.details.map((detail) => detail.key) ?? [];

describe('NIB first', () => {
  it('a business without NIB is told to register through OSS-RBA, before anything else', () => {
    const hints = licensingHints(foodBusiness({ licences: NO_LICENCES }));
    expect(hints[0]?.id).toBe('nib-missing');
    expect(detailKeys(hint(hints, 'food-permit-missing'))).toContain('hints.nibFirst');
  });

  it('a non-food business with NIB gets no hints; without NIB only the NIB hint', () => {
    const crafts = makeBusiness({ isFood: false, sector: 'kriya', licences: { ...NO_LICENCES, nib: NIB } });
    expect(licensingHints(crafts)).toEqual([]);
    expect(licensingHints({ ...crafts, licences: NO_LICENCES }).map((entry) => entry.id)).toEqual([
      'nib-missing',
    ]);
  });
});

describe('halal self-declare (SEHATI)', () => {
  it('NIB, micro class and sales within Rp500 million → eligible, with the low-risk ingredients caveat', () => {
    const eligible = hint(licensingHints(foodBusiness()), 'halal-self-declare-eligible');
    expect(eligible?.tone).toBe('action');
    expect(detailKeys(eligible)).toEqual(['hints.halalEligible.ingredients', 'hints.halalEligible.howTo']);
  });

  it('sales exactly at the limit still qualify; one rupiah more does not', () => {
    expect(
      hint(
        licensingHints(foodBusiness({ annualSales: SELF_DECLARE_MAX_ANNUAL_SALES })),
        'halal-self-declare-eligible',
      ),
    ).toBeDefined();
    const over = hint(
      licensingHints(foodBusiness({ annualSales: SELF_DECLARE_MAX_ANNUAL_SALES + 1 })),
      'halal-self-declare-not-yet',
    );
    expect(over?.details).toEqual([
      {
        key: 'hints.halalMissing.salesTooHigh',
        values: { sales: SELF_DECLARE_MAX_ANNUAL_SALES + 1, limit: SELF_DECLARE_MAX_ANNUAL_SALES },
      },
      { key: 'hints.halalNotYet.regularRoute' },
    ]);
  });

  it('says exactly which conditions are missing', () => {
    const notYet = hint(
      licensingHints(
        foodBusiness({ licences: NO_LICENCES, sizeClass: null, capital: null, annualSales: null }),
      ),
      'halal-self-declare-not-yet',
    );
    expect(detailKeys(notYet)).toEqual([
      'hints.halalMissing.nib',
      'hints.halalMissing.sizeUnknown',
      'hints.halalMissing.salesUnknown',
    ]);
  });

  it('a medium business is pointed to the regular route', () => {
    const notYet = hint(
      licensingHints(foodBusiness({ sizeClass: 'menengah', annualSales: 400_000_000 })),
      'halal-self-declare-not-yet',
    );
    expect(notYet?.details).toEqual([
      { key: 'hints.halalMissing.sizeTooBig', values: { sizeClass: 'menengah' } },
      { key: 'hints.halalNotYet.regularRoute' },
    ]);
  });

  it('computes the size class from the figures when the stored class is missing', () => {
    const hints = licensingHints(
      foodBusiness({ sizeClass: null, capital: 50_000_000, annualSales: 200_000_000 }),
    );
    expect(hint(hints, 'halal-self-declare-eligible')).toBeDefined();
  });

  it('a business with a halal certificate is told it already has one', () => {
    const held = hint(
      licensingHints(foodBusiness({ licences: { ...NO_LICENCES, nib: NIB, halal: 'ID123' } })),
      'halal-held',
    );
    expect(held).toMatchObject({
      tone: 'ok',
      details: [{ key: 'hints.halalHeld.number', values: { number: 'ID123' } }],
    });
  });

  it('a restaurant (kuliner) gets the halal hint but no P-IRT hint', () => {
    const warung = makeBusiness({
      isFood: false,
      sector: 'kuliner',
      sizeClass: 'mikro',
      annualSales: 90_000_000,
      licences: { ...NO_LICENCES, nib: NIB },
    });
    expect(licensingHints(warung).map((entry) => entry.id)).toEqual(['halal-self-declare-eligible']);
  });
});

describe('P-IRT or BPOM', () => {
  it('a food business without P-IRT or BPOM needs a distribution permit (izin edar)', () => {
    const missing = hint(licensingHints(foodBusiness()), 'food-permit-missing');
    expect(missing?.tone).toBe('action');
    expect(detailKeys(missing)).toEqual(['hints.foodPermitMissing.pirt', 'hints.foodPermitMissing.training']);
  });

  it('a low-risk food business with P-IRT is in order', () => {
    const held = hint(
      licensingHints(foodBusiness({ licences: { ...NO_LICENCES, nib: NIB, pirt: '2066371010123456' } })),
      'food-permit-held',
    );
    expect(held).toMatchObject({ tone: 'ok', title: { key: 'hints.foodPermitHeld.pirt' } });
  });

  it.each([
    ['Nugget ayam beku', 'frozen', 'beku'],
    ['Frozen food: dimsum', 'frozen', 'frozen'],
    ['Susu sapi pasteurisasi', 'pasteurised', 'pasteurisasi'],
    ['Rendang dalam kaleng', 'sterilised', 'kaleng'],
    ['Cookies diet tanpa gula', 'special_diet', 'diet'],
    ['Bubur MPASI organik', 'special_diet', 'mpasi'],
    ['Daging ayam segar dingin', 'chilled_animal', 'dingin'],
  ])('"%s" needs BPOM MD (%s, from the word "%s")', (products, category, word) => {
    const hints = licensingHints(foodBusiness({ products }));
    const required = hint(hints, 'bpom-required');
    expect(required?.details[0]).toEqual({ key: `hints.bpomReason.${category}.byWord`, values: { word } });
    expect(hint(hints, 'food-permit-missing')).toBeUndefined();
  });

  it('detects from the KBLI code family too, KBLI first', () => {
    const reasons = bpomReasons({
      kbli: { code: '10213', version: '2020' },
      products: 'Ikan patin beku',
      name: 'Patin Jaya',
      brand: null,
    });
    expect(reasons).toEqual([{ category: 'frozen', evidence: { kbli: '10213' } }]);
    expect(
      bpomReasons({
        kbli: { code: '10510', version: '2020' },
        products: null,
        name: 'Susu Segar Pak Amat',
        brand: null,
      }),
    ).toEqual([{ category: 'pasteurised', evidence: { kbli: '10510' } }]);
  });

  it('matches whole words only and leaves ordinary products alone', () => {
    expect(
      bpomReasons({
        kbli: { code: '10794', version: '2020' },
        products: 'Keripik pisang, amplang ikan',
        name: 'Dapur Bekumpul',
        brand: null,
      }),
    ).toEqual([]);
    // Chilled vegetables are not animal products: P-IRT may still apply.
    expect(bpomReasons({ kbli: null, products: 'Salad sayur dingin', name: 'Segar', brand: null })).toEqual(
      [],
    );
  });

  it('a high-risk product that only has P-IRT is warned that P-IRT does not cover it', () => {
    const warned = hint(
      licensingHints(
        foodBusiness({
          products: 'Sosis sapi',
          licences: { ...NO_LICENCES, nib: NIB, pirt: '2066371010123456' },
        }),
      ),
      'pirt-not-allowed',
    );
    expect(warned?.tone).toBe('warning');
    expect(detailKeys(warned)).toEqual(['hints.bpomReason.frozen.byWord', 'hints.pirtNotAllowed.action']);
  });

  it('a high-risk product with BPOM is in order', () => {
    const hints = licensingHints(
      foodBusiness({
        products: 'Es krim durian',
        licences: { ...NO_LICENCES, nib: NIB, bpom: 'MD 123456789012' },
      }),
    );
    expect(hint(hints, 'bpom-held')?.tone).toBe('ok');
  });
});

describe('catalogue', () => {
  it('every key a hint can produce exists in both languages', () => {
    const cases: Business[] = [
      foodBusiness(),
      foodBusiness({ licences: NO_LICENCES, sizeClass: null, capital: null, annualSales: null }),
      foodBusiness({ sizeClass: 'menengah', annualSales: 900_000_000 }),
      foodBusiness({ licences: { ...NO_LICENCES, nib: NIB, halal: 'ID1', pirt: '2066371010123456' } }),
      foodBusiness({ licences: { ...NO_LICENCES, nib: NIB, bpom: 'MD 123456789012' } }),
      foodBusiness({
        products: 'sosis beku kaleng pasteurisasi diet daging dingin',
        licences: { ...NO_LICENCES, pirt: '2066371010123456' },
      }),
      foodBusiness({ licences: NO_LICENCES, kbli: { code: '10791', version: '2020' } }),
      ...(['10213', '10217', '10221', '10510'] as const).map((code) =>
        foodBusiness({ kbli: { code, version: '2020' } }),
      ),
    ];
    const keys = new Set(
      cases.flatMap((business) =>
        licensingHints(business).flatMap((entry) => [
          entry.title.key,
          ...entry.details.map((detail) => detail.key),
        ]),
      ),
    );
    expect(keys.size).toBeGreaterThan(20);
    for (const key of keys) {
      expect(translate('id', key), key).not.toBe(key);
      expect(translate('en', key), key).not.toBe(key);
    }
  });
});
