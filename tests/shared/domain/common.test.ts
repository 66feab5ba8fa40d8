import { describe, expect, it } from 'vitest';
import {
  isValidNik,
  MAX_RUPIAH,
  nibSchema,
  nikSchema,
  normalizePhone,
  parseRupiah,
  phoneSchema,
  rupiahSchema,
} from '@/shared/domain/common';

describe('NIB', () => {
  it('accepts 13 digits', () => {
    expect(nibSchema.safeParse('1234567890123').success).toBe(true);
  });

  it.each(['123456789012', '12345678901234', '12345678901a3', '', '1234 567890123'])(
    'rejects %j with the validation.nib key',
    (value) => {
      const result = nibSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('validation.nib');
    },
  );
});

describe('NIK', () => {
  // 63 71 01 = Banjarmasin Selatan; birth date 12-08-1990; serial 0001.
  it('accepts a man’s NIK with a real birth date', () => {
    expect(isValidNik('6371011208900001')).toBe(true);
  });

  it('accepts a woman’s NIK, whose birth day has 40 added', () => {
    expect(isValidNik('6371015208900001')).toBe(true);
    expect(isValidNik('6371014101900001')).toBe(true);
    expect(isValidNik('6371017101900001')).toBe(true);
  });

  it.each([
    ['month 13', '6371011213900001'],
    ['month 00', '6371011200900001'],
    ['day 00', '6371010008900001'],
    ['day 32', '6371013208900001'],
    ['day 40 (neither a man’s nor a woman’s day)', '6371014008900001'],
    ['a woman’s day 72 (= 32)', '6371017208900001'],
    ['province 10', '1071011208900001'],
    ['province 97', '9771011208900001'],
    ['serial 0000', '6371011208900000'],
    ['15 digits', '637101120890001'],
    ['17 digits', '63710112089000011'],
    ['a letter', '63710112089O0001'],
    ['separators', '6371-0112-0890-0001'],
  ])('rejects %s', (_label, value) => {
    expect(isValidNik(value)).toBe(false);
    expect(nikSchema.safeParse(value).error?.issues[0]?.message).toBe('validation.nik');
  });
});

describe('phone numbers', () => {
  it('normalises a mobile number typed with dashes to E.164', () => {
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
  });

  it.each(['+62 812 3456 7890', '+6281234567890', '6281234567890', '62 812-3456-7890', '(0812) 3456.7890'])(
    'reads %j as the same number',
    (value) => {
      expect(normalizePhone(value)).toBe('+6281234567890');
    },
  );

  it('normalises a landline with its area code in brackets', () => {
    expect(normalizePhone('(0511) 3352111')).toBe('+625113352111');
    expect(normalizePhone('021-5551234')).toBe('+62215551234');
  });

  it.each([
    ['empty', ''],
    ['too short', '0812'],
    ['too long for a mobile', '0812-3456-7890-12'],
    ['a foreign number', '+1 555 123 4567'],
    ['no prefix', '812345678'],
    ['a trunk zero after +62', '+62 0812 3456 7890'],
    ['letters', '0812-3456-78ab'],
  ])('rejects %s', (_label, value) => {
    expect(normalizePhone(value)).toBeNull();
    expect(phoneSchema.safeParse(value).error?.issues[0]?.message).toBe('validation.phone');
  });

  it('stores the normalised form when parsed by the schema', () => {
    expect(phoneSchema.parse('0812 3456 7890')).toBe('+6281234567890');
  });
});

describe('parseRupiah', () => {
  it.each([
    ['Rp 1.500.000', 1_500_000],
    ['Rp1.500.000', 1_500_000],
    ['Rp. 1.500.000', 1_500_000],
    ['1.500.000,00', 1_500_000],
    ['1500000', 1_500_000],
    ['750', 750],
    ['1,5 juta', 1_500_000],
    ['2 jt', 2_000_000],
    ['2jt', 2_000_000],
    ['500 rb', 500_000],
    ['3 M', 3_000_000_000],
    ['2,5 miliar', 2_500_000_000],
    ['1.500 jt', 1_500_000_000],
  ])('reads %j as %d', (input, expected) => {
    expect(parseRupiah(input)).toBe(expected);
  });

  it('reads a dot before fewer than three digits as a decimal point when a unit follows', () => {
    // "1.5 juta" is one and a half million, not fifteen million.
    expect(parseRupiah('1.5 juta')).toBe(1_500_000);
    expect(parseRupiah('2.25 M')).toBe(2_250_000_000);
  });

  it.each(['', '   ', 'Rp', 'juta', 'abc', 'satu juta', '1.5.0', '1,500,000', '-5', '1.50.000', '12,345'])(
    'returns null for %j',
    (input) => {
      expect(parseRupiah(input)).toBeNull();
    },
  );
});

describe('rupiahSchema', () => {
  it('accepts zero and whole rupiah up to the maximum', () => {
    expect(rupiahSchema.safeParse(0).success).toBe(true);
    expect(rupiahSchema.safeParse(1_500_000).success).toBe(true);
    expect(rupiahSchema.safeParse(MAX_RUPIAH).success).toBe(true);
  });

  it.each([
    [-1, 'validation.moneyNegative'],
    [1500.5, 'validation.moneyInteger'],
    [MAX_RUPIAH + 1, 'validation.moneyTooLarge'],
    ['1500000', 'validation.money'],
  ])('rejects %j with %s', (value, key) => {
    const result = rupiahSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(key);
  });
});
