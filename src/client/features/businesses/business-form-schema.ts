import { z } from 'zod';
import type { BusinessFields } from '@/client/data/business-repository';
import {
  businessFieldsSchema,
  type CoachingStatus,
  type Sector,
  legalFormSchema,
  onlineLinkSchema,
} from '@/shared/domain/business';
import { parseRupiah, type GeoPoint } from '@/shared/domain/common';
import { computeSizeClass } from '@/shared/domain/size-class';
import '@/client/i18n/business-form';

/**
 * What the business form holds while the coach types: strings exactly as typed (so a half-typed
 * "1,5 ju" or a 12-digit NIB stays on screen while it is wrong), turned into domain fields only by
 * `businessFormSchema`, which then validates them with the shared `businessFieldsSchema`. Field
 * names and nesting mirror the domain so the schema's error paths land on the right inputs.
 */
export type LinkKind = z.infer<typeof onlineLinkSchema>['kind'];
export type LegalForm = z.infer<typeof legalFormSchema>;

export type BusinessFormValues = {
  name: string;
  brand: string;
  ownerName: string;
  ownerNik: string;
  phone: string;
  address: string;
  districtCode: string;
  villageCode: string;
  location: GeoPoint | null;
  sector: Sector | '';
  isFood: boolean;
  kbli: { code: string; version: '2020' | '2025' } | null;
  products: string;
  yearStarted: string;
  employees: string;
  capital: string;
  annualSales: string;
  legalForm: LegalForm | '';
  licences: { nib: string; pirt: string; halal: string; bpom: string; trademark: string };
  links: { kind: LinkKind; value: string }[];
  cohort: string;
  status: CoachingStatus;
};

export const EMPTY_FORM_VALUES: BusinessFormValues = {
  name: '',
  brand: '',
  ownerName: '',
  ownerNik: '',
  phone: '',
  address: '',
  districtCode: '',
  villageCode: '',
  location: null,
  sector: '',
  isFood: false,
  kbli: null,
  products: '',
  yearStarted: '',
  employees: '',
  capital: '',
  annualSales: '',
  legalForm: '',
  licences: { nib: '', pirt: '', halal: '', bpom: '', trademark: '' },
  links: [],
  cohort: '',
  status: 'baru',
};

const rupiahFormat = new Intl.NumberFormat('id-ID');

/** Stored fields back into what the inputs show (rupiah with Indonesian grouping, `1.500.000`). */
export function valuesFromFields(fields: BusinessFields): BusinessFormValues {
  const textOf = (value: string | null) => value ?? '';
  const numberText = (value: number | null) => (value === null ? '' : String(value));
  const rupiahText = (value: number | null) => (value === null ? '' : rupiahFormat.format(value));
  return {
    name: fields.name,
    brand: textOf(fields.brand),
    ownerName: fields.ownerName,
    ownerNik: textOf(fields.ownerNik),
    phone: textOf(fields.phone),
    address: textOf(fields.address),
    districtCode: fields.districtCode,
    villageCode: fields.villageCode,
    location: fields.location,
    sector: fields.sector,
    isFood: fields.isFood,
    kbli: fields.kbli,
    products: textOf(fields.products),
    yearStarted: numberText(fields.yearStarted),
    employees: numberText(fields.employees),
    capital: rupiahText(fields.capital),
    annualSales: rupiahText(fields.annualSales),
    legalForm: fields.legalForm ?? '',
    licences: {
      nib: textOf(fields.licences.nib),
      pirt: textOf(fields.licences.pirt),
      halal: textOf(fields.licences.halal),
      bpom: textOf(fields.licences.bpom),
      trademark: textOf(fields.licences.trademark),
    },
    links: fields.links.map((link) => ({ ...link })),
    cohort: textOf(fields.cohort),
    status: fields.status,
  };
}

const optional = (value: string) => (value.trim() === '' ? null : value.trim());
/** Digits people group with spaces, dots or dashes ("1234 5678 90123") are compared without them. */
const digitsOnly = (value: string) => {
  const trimmed = optional(value);
  return trimmed === null ? null : trimmed.replace(/[\s.-]/g, '');
};
/** A whole number, or the text itself so the schema reports it (never a silent NaN or null). */
const wholeNumber = (value: string): number | string | null => {
  const trimmed = optional(value);
  if (trimmed === null) return null;
  return /^\d+$/.test(trimmed.replace(/\./g, '')) ? Number(trimmed.replace(/\./g, '')) : trimmed;
};
const rupiah = (value: string): number | string | null => {
  const trimmed = optional(value);
  if (trimmed === null) return null;
  return parseRupiah(trimmed) ?? trimmed;
};

/** The rupiah a money input currently reads as, for the live "Terbaca: Rp1.500.000" and size class. */
export function readRupiah(value: string): number | null {
  return value.trim() === '' ? null : parseRupiah(value);
}

/** Form strings → candidate domain fields; anything unreadable is passed on for the schema to reject. */
function toCandidate(values: BusinessFormValues) {
  return {
    name: values.name,
    brand: optional(values.brand),
    ownerName: values.ownerName,
    ownerNik: digitsOnly(values.ownerNik),
    phone: optional(values.phone),
    address: optional(values.address),
    // An unpicked region or sector is "missing" (→ "Wajib diisi"), not a malformed code.
    districtCode: values.districtCode || undefined,
    villageCode: values.villageCode || undefined,
    location: values.location,
    sector: values.sector || undefined,
    isFood: values.isFood,
    kbli: values.kbli,
    products: optional(values.products),
    yearStarted: wholeNumber(values.yearStarted),
    employees: wholeNumber(values.employees),
    capital: rupiah(values.capital),
    annualSales: rupiah(values.annualSales),
    sizeClass: null,
    legalForm: values.legalForm === '' ? null : values.legalForm,
    licences: {
      nib: digitsOnly(values.licences.nib),
      pirt: digitsOnly(values.licences.pirt),
      halal: optional(values.licences.halal),
      bpom: optional(values.licences.bpom)?.toUpperCase() ?? null,
      trademark: optional(values.licences.trademark),
    },
    // Rows are kept as they are (an empty one gets "Wajib diisi" next to its remove button): dropping
    // them here would shift the error paths onto the wrong rows.
    links: values.links,
    cohort: optional(values.cohort),
    status: values.status,
    assignedCoachId: null,
  };
}

/**
 * The shared fields schema plus the kelurahan-in-kecamatan rule of `businessSchema`. The rule runs
 * even while other fields are still wrong (`when`), so the coach sees every problem in one go.
 */
export const businessFieldsWithRegionSchema = businessFieldsSchema
  .refine((fields) => fields.villageCode.startsWith(`${fields.districtCode}.`), {
    message: 'validation.villageOutsideDistrict',
    path: ['villageCode'],
    when: (payload) => {
      const value = payload.value as { districtCode?: unknown; villageCode?: unknown };
      return (
        typeof value.districtCode === 'string' &&
        value.districtCode !== '' &&
        typeof value.villageCode === 'string' &&
        value.villageCode !== ''
      );
    },
  })
  .transform((fields): BusinessFields => ({ ...fields, sizeClass: computeSizeClass(fields) }));

/**
 * Form values in, validated business fields out (with the size class computed, never typed). The
 * candidate is typed `unknown` on purpose: it may still hold unreadable text for the schema to reject.
 */
export const businessFormSchema = z
  .custom<BusinessFormValues>()
  .transform((values): unknown => toCandidate(values))
  .pipe(businessFieldsWithRegionSchema);

/**
 * Messages for the issues the shared schema leaves generic (its own messages are catalogue keys and
 * win over this map): an empty required choice says "Wajib diisi", a bad year or head count says
 * what is expected, anything else falls back to a generic catalogue key. Always a catalogue key.
 */
export function formIssueKey(issue: { code: string; path?: PropertyKey[]; input?: unknown }): string {
  const field = String(issue.path?.[0] ?? '');
  if (issue.input === '' || issue.input === undefined) return 'validation.required';
  if (field === 'yearStarted') return 'businessForm.errors.year';
  if (field === 'employees') return 'businessForm.errors.employees';
  if (field === 'location') return 'businessForm.errors.location';
  if (issue.code === 'too_big') return 'validation.tooBig';
  if (issue.code === 'too_small') return 'validation.tooSmall';
  return 'validation.invalidValue';
}
