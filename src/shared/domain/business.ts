import { z } from 'zod';
import {
  districtCodeSchema,
  geoPointSchema,
  idSchema,
  nibSchema,
  nikSchema,
  phoneSchema,
  requiredText,
  rupiahSchema,
  syncMetaShape,
  text,
  villageCodeSchema,
} from './common';
import { ownerInviteSchema } from './owner';
import { sizeClassSchema } from './size-class';

export const coachingStatusSchema = z.enum(['baru', 'berkembang', 'stagnan', 'naik_kelas', 'tutup']);
export type CoachingStatus = z.infer<typeof coachingStatusSchema>;

export const legalFormSchema = z.enum(['perorangan', 'cv', 'pt', 'pt_perorangan', 'koperasi', 'lainnya']);

export const sectorSchema = z.enum([
  'kuliner',
  'makanan_olahan',
  'minuman',
  'fesyen',
  'kriya',
  'pertanian',
  'perikanan',
  'jasa',
  'perdagangan',
  'lainnya',
]);
export type Sector = z.infer<typeof sectorSchema>;

/** KBLI 2020 five-digit code. KBLI 2025 reuses some codes with other meanings, so the version is kept. */
export const kbliSchema = z.object({
  code: z.string().regex(/^\d{5}$/, { message: 'validation.kbli' }),
  version: z.enum(['2020', '2025']).default('2020'),
});

/** SPP-IRT numbers are at least 15 digits; the first digit is the packaging type. */
export const pirtNumberSchema = z.string().regex(/^\d{15,17}$/, { message: 'validation.pirt' });

export const licencesSchema = z.object({
  nib: nibSchema.nullable().default(null),
  pirt: pirtNumberSchema.nullable().default(null),
  halal: text(60).nullable().default(null),
  bpom: z
    .string()
    .regex(/^(MD|ML)\s?\d{9,15}$/i, { message: 'validation.bpom' })
    .nullable()
    .default(null),
  trademark: text(60).nullable().default(null),
});
export type Licences = z.infer<typeof licencesSchema>;

export const onlineLinkSchema = z.object({
  kind: z.enum([
    'whatsapp',
    'instagram',
    'facebook',
    'tiktok',
    'google_business',
    'shopee',
    'tokopedia',
    'tiktok_shop',
    'grabfood',
    'gofood',
    'shopeefood',
    'website',
    'lainnya',
  ]),
  /** A URL or a handle (`@kuerenyah`). */
  value: requiredText(300),
});

/** Everything a coach can edit on a business profile. NIK is restricted (UU 27/2022). */
export const businessFieldsSchema = z.object({
  name: requiredText(160),
  brand: text(120).nullable().default(null),
  ownerName: requiredText(120),
  ownerNik: nikSchema.nullable().default(null),
  phone: phoneSchema.nullable().default(null),
  address: text(300).nullable().default(null),
  districtCode: districtCodeSchema,
  villageCode: villageCodeSchema,
  location: geoPointSchema.nullable().default(null),
  sector: sectorSchema,
  kbli: kbliSchema.nullable().default(null),
  products: text(500).nullable().default(null),
  yearStarted: z.number().int().min(1900).max(2100).nullable().default(null),
  employees: z.number().int().min(0).max(100_000).nullable().default(null),
  /** Modal usaha excluding land and buildings, rupiah. */
  capital: rupiahSchema.nullable().default(null),
  /** Omzet per year, rupiah. */
  annualSales: rupiahSchema.nullable().default(null),
  /** Computed from capital/annualSales; stored so the server and exports can filter by it. */
  sizeClass: sizeClassSchema.nullable().default(null),
  legalForm: legalFormSchema.nullable().default(null),
  licences: licencesSchema.default({ nib: null, pirt: null, halal: null, bpom: null, trademark: null }),
  links: z.array(onlineLinkSchema).max(30).default([]),
  /** Programme cohort, e.g. `WUB 2019`. */
  cohort: text(60).nullable().default(null),
  assignedCoachId: idSchema.nullable().default(null),
  status: coachingStatusSchema.default('baru'),
  /** Whether the products are processed food (drives the packaging checklist subset and P-IRT hints). */
  isFood: z.boolean().default(false),
});

export const businessSchema = businessFieldsSchema
  .extend(syncMetaShape)
  .extend({
    createdBy: idSchema.nullable(),
    /**
     * The latest invite for the owner (owner.ts), or null. Written by a coach or coordinator from
     * the invite screen (not the profile form); the owner never receives it.
     */
    ownerInvite: ownerInviteSchema.nullable().default(null),
  })
  .refine((b) => b.villageCode.startsWith(`${b.districtCode}.`), {
    message: 'validation.villageOutsideDistrict',
    path: ['villageCode'],
  });
export type Business = z.infer<typeof businessSchema>;

/** Fields only coordinators and the business's own coach may read or export. */
export const RESTRICTED_BUSINESS_FIELDS = ['ownerNik'] as const;
