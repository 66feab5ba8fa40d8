/**
 * The city API's wire shapes (/api/v1, issue 6), with the examples the OpenAPI document shows.
 *
 * They are a published contract for other departments' systems, written in any language: field
 * names are snake_case and only ever added to, never renamed or removed within v1. They are kept
 * apart from the app's own shapes (shared/domain/*, camelCase, free to change with the app), and
 * built from the database rows by city-api-queries.ts.
 */
import { z } from '@hono/zod-openapi';
import {
  coachingStatusSchema as sharedStatus,
  legalFormSchema as sharedLegalForm,
  sectorSchema as sharedSector,
} from '@/shared/domain/business';
import { sizeClassSchema as sharedSizeClass } from '@/shared/domain/size-class';
import {
  reviewStateSchema as sharedReviewState,
  visitKindSchema as sharedVisitKind,
  visitTopicSchema as sharedVisitTopic,
} from '@/shared/domain/visit';

// The app's enums, rebuilt with this module's zod: a shared schema (plain zod) must never be given
// `.openapi()` metadata (see business-routes.ts), and v1's values are its own contract anyway.
const coachingStatusSchema = z.enum(sharedStatus.options);
const legalFormSchema = z.enum(sharedLegalForm.options);
const sectorSchema = z.enum(sharedSector.options);
const sizeClassSchema = z.enum(sharedSizeClass.options);
const visitKindSchema = z.enum(sharedVisitKind.options);
const visitTopicSchema = z.enum(sharedVisitTopic.options);
const reviewStateSchema = z.enum(sharedReviewState.options);

export const PAGE_DEFAULT = 500;
export const PAGE_MAX = 1_000;

const EXAMPLE_ID = '0193a1c2-7b4e-7c1a-9f3e-2a6b8d0c4e51';
const EXAMPLE_COACH_ID = '0192f0aa-11b2-7d3c-8e4f-5a6b7c8d9e01';
const EXAMPLE_CURSOR = 'MTIzNDU6MDE5M2ExYzItN2I0ZS03YzFhLTlmM2UtMmE2YjhkMGM0ZTUx';
const EXAMPLE_TIME = '2026-11-20T02:15:00.000Z';

// ---- query parameters ----

const updatedSince = z.iso.datetime({ offset: true, message: 'validation.dateTime' }).optional().openapi({
  description:
    'Only rows changed at or after this instant (ISO 8601 with a zone). Starts a walk; for the next run keep `next_cursor` instead, which is exact.',
  example: '2026-11-01T00:00:00+08:00',
});

const cursor = z.string().max(200).optional().openapi({
  description:
    'The `next_cursor` of the previous answer: the walk goes on after the last row it returned. Opaque; do not build it yourself.',
  example: EXAMPLE_CURSOR,
});

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(PAGE_MAX)
  .default(PAGE_DEFAULT)
  .openapi({ description: `Rows per page, 1–${PAGE_MAX}`, example: PAGE_DEFAULT });

const includeDeleted = z.enum(['true', 'false']).default('true').openapi({
  description:
    'Include deleted rows (tombstones: `deleted_at` set) so a copy can delete them too. Default `true`.',
  example: 'true',
});

export const businessesQuerySchema = z.strictObject({
  updated_since: updatedSince,
  cursor,
  limit,
  district_code: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'validation.districtCode' })
    .optional()
    .openapi({ description: 'Kemendagri kecamatan code', example: '63.71.01' }),
  village_code: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$/, { message: 'validation.villageCode' })
    .optional()
    .openapi({ description: 'Kemendagri kelurahan/desa code', example: '63.71.01.1001' }),
  kbli: z
    .string()
    .regex(/^\d{5}$/, { message: 'validation.kbli' })
    .optional()
    .openapi({ description: 'Five-digit KBLI code', example: '10792' }),
  include_deleted: includeDeleted,
});
export type BusinessesQuery = z.infer<typeof businessesQuerySchema>;

export const visitsQuerySchema = z.strictObject({
  updated_since: updatedSince,
  cursor,
  limit,
  business_id: z
    .uuid({ message: 'validation.id' })
    .optional()
    .openapi({ description: 'Only the visits of this business', example: EXAMPLE_ID }),
  include_deleted: includeDeleted,
});
export type VisitsQuery = z.infer<typeof visitsQuerySchema>;

export const statisticsQuerySchema = z.strictObject({
  district_code: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'validation.districtCode' })
    .optional()
    .openapi({ description: 'Only this kecamatan', example: '63.71.01' }),
});

export const idParamSchema = z.object({
  id: z
    .uuid({ message: 'validation.id' })
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The business id', example: EXAMPLE_ID }),
});

// ---- answers ----

const region = z.object({
  code: z.string(),
  /** From the Kepmendagri list; null for a code the list does not have. */
  name: z.string().nullable(),
});

const person = z.object({ id: z.uuid(), name: z.string() });

const point = z.object({ lat: z.number(), lng: z.number() });

const EXAMPLE_BUSINESS = {
  id: EXAMPLE_ID,
  name: 'Amplang Berkah',
  brand: 'Berkah Rasa',
  nib: '9120301234567',
  kbli: { code: '10792', version: '2020', title: 'Industri Kerupuk, Keripik, Peyek Dan Sejenisnya' },
  sector: 'makanan_olahan',
  size_class: 'mikro',
  legal_form: 'perorangan',
  district: { code: '63.71.01', name: 'Banjarmasin Selatan' },
  village: { code: '63.71.01.1001', name: 'Kelayan Luar' },
  address: 'Jl. Kelayan A Gg. Musyawarah No. 12',
  location: { lat: -3.3331, lng: 114.5912 },
  products: 'Amplang ikan pipih, kerupuk haruan',
  year_started: 2019,
  employees: 3,
  capital: 25_000_000,
  annual_sales: 180_000_000,
  licences: { pirt: '2066371010123-24', halal: 'ID63110000123450924', bpom: null, trademark: null },
  links: [{ kind: 'instagram', value: '@amplangberkah' }],
  cohort: 'WUB 2019',
  status: 'berkembang',
  coach: { id: EXAMPLE_COACH_ID, name: 'Rahmah Fitriani' },
  created_at: '2025-03-04T01:20:00.000Z',
  updated_at: EXAMPLE_TIME,
  deleted_at: null,
  owner_name: 'Siti Aminah',
  owner_nik: '6371014507850001',
  phone: '+6281234567890',
};

export const cityBusinessSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    brand: z.string().nullable(),
    /** NIB from OSS-RBA: 13 digits. */
    nib: z.string().nullable().openapi({ description: 'NIB (13 digits, OSS-RBA)' }),
    kbli: z
      .object({ code: z.string(), version: z.enum(['2020', '2025']), title: z.string().nullable() })
      .nullable()
      .openapi({ description: 'KBLI code, its edition and (KBLI 2020) its title' }),
    sector: sectorSchema,
    size_class: sizeClassSchema.nullable().openapi({ description: 'PP 7/2021 class from capital or sales' }),
    legal_form: legalFormSchema.nullable(),
    district: region.openapi({ description: 'Kecamatan: Kemendagri code and name' }),
    village: region.openapi({ description: 'Kelurahan or desa: Kemendagri code and name' }),
    address: z.string().nullable(),
    location: point.nullable().openapi({ description: 'GPS point (WGS 84)' }),
    products: z.string().nullable(),
    year_started: z.number().int().nullable(),
    employees: z.number().int().nullable(),
    capital: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Capital excluding land and buildings, rupiah' }),
    annual_sales: z.number().int().nullable().openapi({ description: 'Omzet per year, rupiah' }),
    licences: z.object({
      pirt: z.string().nullable().openapi({ description: 'SPP-IRT number' }),
      halal: z.string().nullable(),
      bpom: z.string().nullable().openapi({ description: 'BPOM MD/ML number' }),
      trademark: z.string().nullable(),
    }),
    links: z.array(z.object({ kind: z.string(), value: z.string() })),
    cohort: z.string().nullable().openapi({ description: 'Programme cohort, e.g. `WUB 2019`' }),
    status: coachingStatusSchema,
    coach: person.nullable().openapi({ description: 'The assigned coach' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    deleted_at: z.iso.datetime().nullable().openapi({ description: 'Set on a deleted row (tombstone)' }),
    owner_name: z
      .string()
      .optional()
      .openapi({ description: 'Personal data: present only for tokens with personal data' }),
    owner_nik: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Personal data (NIK): present only for tokens with personal data' }),
    phone: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Personal data: present only for tokens with personal data' }),
  })
  .openapi('CityBusiness', { example: EXAMPLE_BUSINESS });
export type CityBusiness = z.infer<typeof cityBusinessSchema>;

const EXAMPLE_VISIT = {
  id: '0193b2d4-5e6f-7a80-b1c2-d3e4f5a6b7c8',
  business_id: EXAMPLE_ID,
  visited_at: '2026-11-19T03:00:00.000Z',
  kind: 'follow_up',
  topics: ['packaging', 'licensing'],
  coach: { id: EXAMPLE_COACH_ID, name: 'Rahmah Fitriani' },
  notes: 'Kemasan masih plastik polos; contoh standing pouch sudah dibawa.',
  problems: 'Belum punya P-IRT.',
  advice: 'Daftar SPP-IRT lewat OSS; pakai label dengan tanggal kedaluwarsa.',
  monthly_sales: 15_000_000,
  employees: 3,
  location: { lat: -3.3331, lng: 114.5912 },
  next_visit_on: '2026-12-17',
  review_state: 'approved',
  created_at: '2026-11-19T03:40:00.000Z',
  updated_at: EXAMPLE_TIME,
  deleted_at: null,
};

export const cityVisitSchema = z
  .object({
    id: z.uuid(),
    business_id: z.uuid(),
    visited_at: z.iso.datetime(),
    kind: visitKindSchema,
    topics: z.array(visitTopicSchema),
    coach: person,
    notes: z.string().openapi({ description: 'The coach’s working notes' }),
    problems: z.string().openapi({ description: 'Kendala: problems found' }),
    advice: z.string(),
    monthly_sales: z.number().int().nullable().openapi({ description: 'Omzet per month, rupiah, if shared' }),
    employees: z.number().int().nullable(),
    location: point.nullable(),
    next_visit_on: z.iso.date().nullable(),
    review_state: reviewStateSchema.exclude(['draft']),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    deleted_at: z.iso.datetime().nullable(),
  })
  .openapi('CityVisit', { example: EXAMPLE_VISIT });
export type CityVisit = z.infer<typeof cityVisitSchema>;

function pageSchema<T extends z.ZodType>(item: T, name: string, example: unknown) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().openapi({
        description:
          'Where this answer ended. Send it as `cursor` for the next page, and keep it when `has_more` is false: asking with it later returns only what changed since. Null only when nothing was returned and no cursor was sent.',
      }),
      has_more: z
        .boolean()
        .openapi({ description: 'More rows are waiting now: ask again with `next_cursor`' }),
    })
    .openapi(name, { example: { data: [example], next_cursor: EXAMPLE_CURSOR, has_more: true } });
}

export const businessPageSchema = pageSchema(cityBusinessSchema, 'CityBusinessPage', EXAMPLE_BUSINESS);
export const visitPageSchema = pageSchema(cityVisitSchema, 'CityVisitPage', EXAMPLE_VISIT);
export type CityBusinessPage = z.infer<typeof businessPageSchema>;
export type CityVisitPage = z.infer<typeof visitPageSchema>;

export const businessAnswerSchema = z
  .object({ data: cityBusinessSchema })
  .openapi('CityBusinessAnswer', { example: { data: EXAMPLE_BUSINESS } });

const count = z.number().int().nonnegative();
const statusCounts = z.object(
  Object.fromEntries(coachingStatusSchema.options.map((status) => [status, count])) as Record<
    (typeof coachingStatusSchema.options)[number],
    typeof count
  >,
);
const sizeCounts = z.object({ mikro: count, kecil: count, menengah: count, besar: count, unknown: count });
const sectorCounts = z.object(
  Object.fromEntries(sectorSchema.options.map((sector) => [sector, count])) as Record<
    (typeof sectorSchema.options)[number],
    typeof count
  >,
);

const EXAMPLE_STATUS = { baru: 40, berkembang: 62, stagnan: 12, naik_kelas: 9, tutup: 3 };
const EXAMPLE_STATISTICS = {
  generated_at: EXAMPLE_TIME,
  time_zone: 'Asia/Makassar',
  district_code: null,
  businesses: {
    total: 126,
    by_status: EXAMPLE_STATUS,
    by_size_class: { mikro: 110, kecil: 8, menengah: 1, besar: 0, unknown: 7 },
    by_sector: {
      kuliner: 30,
      makanan_olahan: 41,
      minuman: 6,
      fesyen: 14,
      kriya: 11,
      pertanian: 3,
      perikanan: 4,
      jasa: 9,
      perdagangan: 7,
      lainnya: 1,
    },
  },
  districts: [
    {
      code: '63.71.01',
      name: 'Banjarmasin Selatan',
      businesses: 126,
      by_status: EXAMPLE_STATUS,
      under_coaching: 98,
      not_visited: 21,
      naik_kelas: 9,
      stagnan: 12,
    },
  ],
  visits_per_month: [
    { month: '2026-10', visits: 84 },
    { month: '2026-11', visits: 61 },
  ],
  coverage: { under_coaching: 98, open_businesses: 123, target: 150, share_of_target: 0.6533 },
  definitions: {
    not_visited_days: 60,
    movement_last_visits: 3,
  },
};

export const statisticsSchema = z
  .object({
    generated_at: z.iso.datetime(),
    time_zone: z.string().openapi({ description: 'The city’s zone; months are its calendar months' }),
    district_code: z.string().nullable(),
    businesses: z.object({
      total: count.openapi({ description: 'Businesses not deleted (closed ones included)' }),
      by_status: statusCounts,
      by_size_class: sizeCounts.openapi({ description: '`unknown`: no capital or sales recorded' }),
      by_sector: sectorCounts,
    }),
    districts: z.array(
      z.object({
        code: z.string(),
        name: z.string().nullable(),
        businesses: count,
        by_status: statusCounts,
        under_coaching: count.openapi({ description: 'Not closed, a coach assigned, visited at least once' }),
        not_visited: count.openapi({
          description: 'Not closed and no visit in `definitions.not_visited_days`',
        }),
        naik_kelas: count,
        stagnan: count,
      }),
    ),
    visits_per_month: z
      .array(z.object({ month: z.string().openapi({ example: '2026-11' }), visits: count }))
      .openapi({
        description:
          'The last 12 calendar months, the current one last; drafts and deleted visits not counted',
      }),
    coverage: z.object({
      under_coaching: count,
      open_businesses: count.openapi({ description: 'Businesses not closed (tutup)' }),
      target: z.number().int().nullable().openapi({ description: 'The office’s target, if set (city-wide)' }),
      share_of_target: z
        .number()
        .nullable()
        .openapi({ description: 'under_coaching / target (city-wide only: null with `district_code`)' }),
    }),
    definitions: z.object({
      not_visited_days: count,
      movement_last_visits: count.openapi({
        description: 'Naik kelas and stagnan are judged over this many last visits',
      }),
    }),
  })
  .openapi('CityStatistics', { example: EXAMPLE_STATISTICS });
export type CityStatistics = z.infer<typeof statisticsSchema>;
