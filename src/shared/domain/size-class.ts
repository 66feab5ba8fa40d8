import { z } from 'zod';

/**
 * Business size by PP 7/2021 art. 35: capital excluding land and buildings, or annual sales.
 * Thresholds are inclusive upper bounds in rupiah.
 */
export const sizeClassSchema = z.enum(['mikro', 'kecil', 'menengah', 'besar']);
export type SizeClass = z.infer<typeof sizeClassSchema>;

const CAPITAL_LIMITS: ReadonlyArray<[SizeClass, number]> = [
  ['mikro', 1_000_000_000],
  ['kecil', 5_000_000_000],
  ['menengah', 10_000_000_000],
];
const SALES_LIMITS: ReadonlyArray<[SizeClass, number]> = [
  ['mikro', 2_000_000_000],
  ['kecil', 15_000_000_000],
  ['menengah', 50_000_000_000],
];
const ORDER: readonly SizeClass[] = ['mikro', 'kecil', 'menengah', 'besar'];

function classFor(amount: number, limits: ReadonlyArray<[SizeClass, number]>): SizeClass {
  for (const [sizeClass, limit] of limits) if (amount <= limit) return sizeClass;
  return 'besar';
}

/**
 * The class from whatever figures the coach entered. When both are known the larger class wins:
 * a business over either threshold has outgrown the smaller class (this matters for halal
 * self-declare and KUR eligibility, which must not be claimed on the more flattering figure).
 */
export function computeSizeClass(input: {
  capital?: number | null | undefined;
  annualSales?: number | null | undefined;
}): SizeClass | null {
  const classes: SizeClass[] = [];
  if (input.capital != null) classes.push(classFor(input.capital, CAPITAL_LIMITS));
  if (input.annualSales != null) classes.push(classFor(input.annualSales, SALES_LIMITS));
  if (classes.length === 0) return null;
  return classes.reduce((a, b) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b));
}
