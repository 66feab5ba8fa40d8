import { describe, expect, it } from 'vitest';
import type { KbliEntry } from '@/client/data/reference-repository';
import { searchKbli } from '@/client/features/businesses/business-form-kbli-search';
import {
  businessFormSchema,
  EMPTY_FORM_VALUES,
  formIssueKey,
  valuesFromFields,
  type BusinessFormValues,
} from '@/client/features/businesses/business-form-schema';
import { makeBusiness } from '../../../helpers/factories';
import { fieldsOf } from '@/client/data/business-repository';

function values(overrides: Partial<BusinessFormValues> = {}): BusinessFormValues {
  return {
    ...EMPTY_FORM_VALUES,
    name: 'Kue Bingka Hj. Masnah',
    ownerName: 'Masnah',
    sector: 'makanan_olahan',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1002',
    ...overrides,
  };
}

const parse = (input: BusinessFormValues) =>
  businessFormSchema.safeParse(input, { error: (issue) => formIssueKey(issue) });

function messages(input: BusinessFormValues): Record<string, string> {
  const result = parse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('business form values → shared business fields', () => {
  it('turns what people type into clean domain values', () => {
    const result = parse(
      values({
        brand: '  ',
        phone: '0812 3456 7890',
        ownerNik: '6371 0145 0685 0003',
        capital: 'Rp 1.500.000',
        annualSales: '1,5 M',
        yearStarted: '2019',
        employees: '3',
        licences: { nib: '1234-5678-90123', pirt: '', halal: '', bpom: 'md 123456789012', trademark: '' },
      }),
    );
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      brand: null,
      phone: '+6281234567890',
      ownerNik: '6371014506850003',
      capital: 1_500_000,
      annualSales: 1_500_000_000,
      sizeClass: 'mikro',
      yearStarted: 2019,
      employees: 3,
      legalForm: null,
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: 'MD 123456789012', trademark: null },
      links: [],
    });
  });

  it('keeps unreadable text for the schema to reject, with a catalogue key for each field', () => {
    expect(
      messages(
        values({
          capital: 'banyak',
          yearStarted: '19x',
          employees: 'dua',
          sector: '',
          districtCode: '',
          villageCode: '',
          links: [{ kind: 'instagram', value: ' ' }],
        }),
      ),
    ).toEqual({
      capital: 'validation.money',
      yearStarted: 'businessForm.errors.year',
      employees: 'businessForm.errors.employees',
      sector: 'validation.required',
      districtCode: 'validation.required',
      villageCode: 'validation.required',
      'links.0.value': 'validation.required',
    });
  });

  it('checks the kelurahan is inside the kecamatan even while other fields are still wrong', () => {
    expect(messages(values({ name: '', districtCode: '63.71.02', villageCode: '63.71.01.1002' }))).toEqual({
      name: 'validation.required',
      villageCode: 'validation.villageOutsideDistrict',
    });
  });

  it('a stored profile shown in the form parses back to the same fields', () => {
    const business = makeBusiness({
      phone: '+6281234567890',
      capital: 1_500_000,
      annualSales: 250_000_000,
      sizeClass: 'mikro',
      yearStarted: 2016,
      links: [{ kind: 'tokopedia', value: 'tokopedia.com/kuesiti' }],
      location: { lat: -3.31, lng: 114.59, accuracy: 9 },
      kbli: { code: '10792', version: '2020' },
    });
    const shown = valuesFromFields(fieldsOf(business));
    expect(shown.capital).toBe('1.500.000');
    expect(parse(shown).data).toEqual({ ...fieldsOf(business), assignedCoachId: null });
  });
});

describe('KBLI search', () => {
  const list: KbliEntry[] = [
    { code: '10710', title: 'Industri Produk Roti Dan Kue' },
    { code: '10792', title: 'Industri Kue Basah' },
    { code: '10794', title: 'Industri Kerupuk, Keripik, Peyek Dan Sejenisnya' },
    { code: '13134', title: 'Industri Batik' },
    { code: '05100', title: 'Pertambangan Batu Bara' },
    { code: '47242', title: 'Perdagangan Eceran Roti, Kue Kering, serta Kue Basah dan Sejenisnya' },
  ];
  const codes = (query: string) => searchKbli(list, query).map((entry) => entry.code);

  it('matches codes by prefix', () => {
    expect(codes('1079')).toEqual(['10792', '10794']);
    expect(codes('10 7')).toEqual(['10710', '10792', '10794']);
  });

  it('needs every word, and ranks exact words above prefixes', () => {
    expect(codes('kue basah')).toEqual(['10792', '47242']);
    expect(codes('kue')).toEqual(['10710', '10792', '47242']);
    expect(codes('rot')).toEqual(['10710', '47242']);
  });

  it('forgives a typo or a dropped letter, preferring the dropped letter', () => {
    expect(codes('krupuk')).toEqual(['10794']);
    expect(codes('batk')).toEqual(['13134', '05100']);
    expect(codes('keriipik')).toEqual(['10794']);
  });

  it('finds nothing for nothing', () => {
    expect(codes('')).toEqual([]);
    expect(codes('sasirangan')).toEqual([]);
  });
});
