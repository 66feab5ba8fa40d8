import { z } from 'zod';

/**
 * Building blocks shared by every entity. Validation messages are i18n catalogue keys
 * (see shared/i18n): the UI shows them in the user's language, the API answers in
 * Indonesian unless the client asks for English.
 */

/** Client-made ids (UUIDv7 on devices, any RFC 9562 UUID accepted). */
export const idSchema = z.uuid({ message: 'validation.id' });

export const isoDateTimeSchema = z.iso.datetime({ offset: true, message: 'validation.dateTime' });
export const isoDateSchema = z.iso.date({ message: 'validation.date' });

/** City/regency code `63.71`. */
export const cityCodeSchema = z.string().regex(/^\d{2}\.\d{2}$/, { message: 'validation.cityCode' });
/** Kecamatan code `63.71.01`. */
export const districtCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'validation.districtCode' });
/** Kelurahan (1xxx) or desa (2xxx) code `63.71.01.1001`. */
export const villageCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$/, { message: 'validation.villageCode' });

/** NIB: 13 digits, issued by OSS-RBA. */
export const nibSchema = z.string().regex(/^\d{13}$/, { message: 'validation.nib' });

/**
 * NIK: 16 digits = 6-digit region + DDMMYY birth date (women add 40 to the day) + 4-digit serial.
 * The date part is checked so a typo in the middle is caught, not only a wrong length.
 */
export function isValidNik(value: string): boolean {
  if (!/^\d{16}$/.test(value)) return false;
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 96) return false;
  let day = Number(value.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(value.slice(8, 10));
  if (day < 1 || day > 31 || month < 1 || month > 12) return false;
  return value.slice(12) !== '0000';
}
export const nikSchema = z.string().refine(isValidNik, { message: 'validation.nik' });

/**
 * Indonesian phone numbers, stored in E.164 (`+628123456789`). Accepts what people type:
 * `0812-3456-789`, `62812...`, `+62 812 ...`, landlines like `(0511) 3352 111`.
 */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  let national: string;
  if (compact.startsWith('+62')) national = compact.slice(3);
  else if (compact.startsWith('62')) national = compact.slice(2);
  else if (compact.startsWith('0')) national = compact.slice(1);
  else return null;
  if (!/^\d+$/.test(national) || national.startsWith('0')) return null;
  // Mobile: 8xx, 9-12 digits after the 8. Landline: area code 2-4 digits + 5-8 digit subscriber.
  const mobile = /^8\d{8,11}$/.test(national);
  const landline = /^[1-79]\d{7,10}$/.test(national);
  return mobile || landline ? `+62${national}` : null;
}
export const phoneSchema = z
  .string()
  .transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (normalized === null) {
      ctx.addIssue({ code: 'custom', message: 'validation.phone' });
      return z.NEVER;
    }
    return normalized;
  })
  .pipe(z.string().regex(/^\+62\d{8,13}$/));

/** Integer rupiah, never negative; up to a trillion trillion is far beyond any UMKM. */
export const MAX_RUPIAH = 1_000_000_000_000_000;
export const rupiahSchema = z
  .number({ message: 'validation.money' })
  .int({ message: 'validation.moneyInteger' })
  .min(0, { message: 'validation.moneyNegative' })
  .max(MAX_RUPIAH, { message: 'validation.moneyTooLarge' });

/**
 * Parses money the way Indonesians write it: `Rp 1.500.000`, `1.500.000,00`, `2 jt`, `1,5 juta`,
 * `3 M` (miliar). Returns null when it is not a number.
 */
export function parseRupiah(input: string): number | null {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^rp\.?\s*/, '');
  if (text === '') return null;
  const unit = /^(.*?)\s*(rb|ribu|jt|juta|m|miliar|milyar)$/.exec(text);
  const multipliers: Record<string, number> = {
    rb: 1e3,
    ribu: 1e3,
    jt: 1e6,
    juta: 1e6,
    m: 1e9,
    miliar: 1e9,
    milyar: 1e9,
  };
  let numberPart = unit ? (unit[1] ?? '') : text;
  const multiplier = unit ? (multipliers[unit[2] ?? ''] ?? 1) : 1;
  if (unit) {
    // With a unit the comma is the decimal separator ("1,5 juta") and dots group thousands
    // ("1.500 jt"), but a dot before one or two digits is a decimal point people type too:
    // "1.5 juta" must not become fifteen million.
    numberPart = /^\d+\.\d{1,2}$/.test(numberPart)
      ? numberPart
      : numberPart.replace(/\./g, '').replace(',', '.');
  } else {
    // Without one, dots group thousands and ",00" is cents (dropped: rupiah are integers).
    if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(numberPart)) return null;
    numberPart = numberPart.replace(/\./g, '').replace(',', '.');
  }
  if (!/^\d+(\.\d+)?$/.test(numberPart)) return null;
  const value = Math.round(Number(numberPart) * multiplier);
  return Number.isSafeInteger(value) ? value : null;
}

export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90, { message: 'validation.latitude' }),
  lng: z.number().min(-180).max(180, { message: 'validation.longitude' }),
  /** Accuracy radius in metres as the phone reported it. */
  accuracy: z.number().nonnegative().optional(),
  capturedAt: isoDateTimeSchema.optional(),
});
export type GeoPoint = z.infer<typeof geoPointSchema>;

export const urlSchema = z.url({ message: 'validation.url', protocol: /^https?$/ });

/** Plain text a person typed: trimmed, bounded so nobody can fill the database with one field. */
export function text(max: number) {
  return z.string().trim().max(max, { message: 'validation.tooLong' });
}
export function requiredText(max: number) {
  return z
    .string()
    .trim()
    .min(1, { message: 'validation.required' })
    .max(max, { message: 'validation.tooLong' });
}

/**
 * Per-field hybrid-logical-clock map and tombstone carried by every synced record (sync.md). A clock
 * shared by most fields is kept once under `*` (shared/sync/clocks.ts).
 */
export const syncMetaShape = {
  id: idSchema,
  organisationId: idSchema,
  clocks: z.record(z.string(), z.string()).default({}),
  deletedAt: isoDateTimeSchema.nullable().default(null),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
};
export { SYNC_META_FIELDS } from './sync-fields';
