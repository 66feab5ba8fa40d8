import { describe, expect, it } from 'vitest';
import { businessSchema } from '@/shared/domain/business';

/** A complete business as a coach would save it, every optional part filled in. */
function businessInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '0190f3a2-7b4c-7d1e-8f00-1a2b3c4d5e6f',
    organisationId: '0190f3a2-7b4c-7d1e-8f00-000000000001',
    createdBy: '0190f3a2-7b4c-7d1e-8f00-000000000002',
    clocks: { name: '0000lx2kq3c-00000-device1' },
    deletedAt: null,
    createdAt: '2026-11-02T08:15:00+08:00',
    updatedAt: '2026-11-02T08:20:00+08:00',
    name: 'Kue Renyah Bu Ani',
    brand: 'Renyah',
    ownerName: 'Ani Rahmawati',
    ownerNik: '6371015208900001',
    phone: '0812-3456-7890',
    address: 'Jl. Pramuka No. 12',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    location: { lat: -3.3285, lng: 114.6059, accuracy: 12, capturedAt: '2026-11-02T08:16:00+08:00' },
    sector: 'makanan_olahan',
    kbli: { code: '10792', version: '2020' },
    products: 'Kue kering, amplang',
    yearStarted: 2019,
    employees: 3,
    capital: 25_000_000,
    annualSales: 180_000_000,
    sizeClass: 'mikro',
    legalForm: 'perorangan',
    licences: {
      nib: '1234567890123',
      pirt: '206637101234526',
      halal: 'ID63110000123450123',
      bpom: null,
      trademark: null,
    },
    links: [
      { kind: 'instagram', value: '@kuerenyah' },
      { kind: 'shopee', value: 'https://shopee.co.id/kuerenyah' },
    ],
    cohort: 'WUB 2019',
    assignedCoachId: '0190f3a2-7b4c-7d1e-8f00-000000000003',
    status: 'berkembang',
    isFood: true,
    ...overrides,
  };
}

describe('businessSchema', () => {
  it('parses a complete business and normalises the phone number', () => {
    const result = businessSchema.safeParse(businessInput());
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.phone).toBe('+6281234567890');
  });

  it('fills defaults for a business with only the required fields', () => {
    const minimal = {
      id: '0190f3a2-7b4c-7d1e-8f00-1a2b3c4d5e6f',
      organisationId: '0190f3a2-7b4c-7d1e-8f00-000000000001',
      createdBy: null,
      createdAt: '2026-11-02T08:15:00+08:00',
      updatedAt: '2026-11-02T08:15:00+08:00',
      name: 'Warung Sari',
      ownerName: 'Sari',
      districtCode: '63.71.01',
      villageCode: '63.71.01.1001',
      sector: 'kuliner',
    };
    const business = businessSchema.parse(minimal);
    expect(business.status).toBe('baru');
    expect(business.links).toEqual([]);
    expect(business.licences.nib).toBeNull();
    expect(business.deletedAt).toBeNull();
  });

  it('rejects a kelurahan outside the chosen kecamatan, on villageCode', () => {
    const result = businessSchema.safeParse(businessInput({ villageCode: '63.71.02.1001' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['villageCode'], message: 'validation.villageOutsideDistrict' }),
    ]);
  });

  it('reports each invalid field under its own path', () => {
    const result = businessSchema.safeParse(
      businessInput({ name: '  ', ownerNik: '123', licences: { nib: '12' }, capital: -5 }),
    );
    const byPath = Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toMatchObject({
      name: 'validation.required',
      ownerNik: 'validation.nik',
      'licences.nib': 'validation.nib',
      capital: 'validation.moneyNegative',
    });
  });
});
