import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSizeClass, sizeClassSchema, type SizeClass } from '@/shared/domain/size-class';

const ORDER = sizeClassSchema.options;
const rank = (sizeClass: SizeClass | null): number => (sizeClass === null ? -1 : ORDER.indexOf(sizeClass));

describe('size class by capital (PP 7/2021 art. 35, limits inclusive)', () => {
  it.each([
    [0, 'mikro'],
    [1_000_000_000, 'mikro'],
    [1_000_000_001, 'kecil'],
    [5_000_000_000, 'kecil'],
    [5_000_000_001, 'menengah'],
    [10_000_000_000, 'menengah'],
    [10_000_000_001, 'besar'],
  ])('capital %d is %s', (capital, expected) => {
    expect(computeSizeClass({ capital })).toBe(expected);
  });
});

describe('size class by annual sales', () => {
  it.each([
    [0, 'mikro'],
    [2_000_000_000, 'mikro'],
    [2_000_000_001, 'kecil'],
    [15_000_000_000, 'kecil'],
    [15_000_000_001, 'menengah'],
    [50_000_000_000, 'menengah'],
    [50_000_000_001, 'besar'],
  ])('sales %d is %s', (annualSales, expected) => {
    expect(computeSizeClass({ annualSales })).toBe(expected);
  });
});

describe('size class from both figures', () => {
  it('takes the larger class when capital and sales disagree', () => {
    expect(computeSizeClass({ capital: 500_000_000, annualSales: 20_000_000_000 })).toBe('menengah');
    expect(computeSizeClass({ capital: 20_000_000_000, annualSales: 100_000_000 })).toBe('besar');
  });

  it('is null when neither figure is known', () => {
    expect(computeSizeClass({})).toBeNull();
    expect(computeSizeClass({ capital: null, annualSales: undefined })).toBeNull();
  });

  it('counts a zero figure as known', () => {
    expect(computeSizeClass({ capital: 0, annualSales: null })).toBe('mikro');
  });
});

describe('size class invariants', () => {
  const boundaries = [1e9, 2e9, 5e9, 10e9, 15e9, 50e9].flatMap((b) => [b - 1, b, b + 1]);
  const amount = fc.oneof(fc.integer({ min: 0, max: 100_000_000_000 }), fc.constantFrom(...boundaries));
  const maybeAmount = fc.option(amount, { nil: null });

  it('more capital never gives a smaller class', () => {
    fc.assert(
      fc.property(amount, amount, maybeAmount, (a, b, annualSales) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(rank(computeSizeClass({ capital: more, annualSales }))).toBeGreaterThanOrEqual(
          rank(computeSizeClass({ capital: less, annualSales })),
        );
      }),
    );
  });

  it('more sales never give a smaller class', () => {
    fc.assert(
      fc.property(amount, amount, maybeAmount, (a, b, capital) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(rank(computeSizeClass({ capital, annualSales: more }))).toBeGreaterThanOrEqual(
          rank(computeSizeClass({ capital, annualSales: less })),
        );
      }),
    );
  });
});
