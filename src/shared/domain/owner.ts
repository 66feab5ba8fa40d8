import { z } from 'zod';
import { idSchema, isoDateTimeSchema, normalizePhone, text } from './common';

/**
 * The owner's own view (issue 6): invites, correction requests and what an owner may write.
 *
 * An invite is made on the coach's phone, offline if need be: the phone draws a one-time code,
 * keeps it to show as a QR code and a WhatsApp link, and writes only the code's SHA-256 into the
 * business (`ownerInvite`), which syncs like any other field. The server accepts the code once,
 * within INVITE_DAYS, and then marks it used (`usedAt`). A new invite replaces the old one (last writer
 * wins), so only the latest code works.
 */
export const INVITE_DAYS = 14;
/** Crockford base32 without I, L, O, U: 16 characters = 80 random bits, read aloud without mix-ups. */
export const INVITE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const INVITE_CODE_LENGTH = 16;

export const ownerInviteSchema = z.object({
  codeHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'validation.sha256' }),
  expiresAt: isoDateTimeSchema,
  createdBy: idSchema,
  /** When the owner activated it (set by the server); a used code is refused with that date. */
  usedAt: isoDateTimeSchema.nullable().default(null),
});
export type OwnerInvite = z.infer<typeof ownerInviteSchema>;

/** A code as typed or scanned: spaces and dashes dropped, upper case, look-alike letters mapped. */
export function normalizeInviteCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (code.length !== INVITE_CODE_LENGTH) return null;
  for (const char of code) if (!INVITE_ALPHABET.includes(char)) return null;
  return code;
}

/** `ABCD-EFGH-JKMN-PQRS`: groups of four, easier to read out over the phone. */
export function formatInviteCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** Draws a code from `randomBytes` (crypto.getRandomValues on the phone). */
export function drawInviteCode(randomBytes: (length: number) => Uint8Array): string {
  // 32 symbols = 5 bits each; a byte's low five bits are uniform, so no modulo bias.
  const bytes = randomBytes(INVITE_CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += INVITE_ALPHABET[byte & 31];
  return code;
}

/** The page that activates an invite; the code rides in the fragment so it never reaches a server log. */
export const INVITE_PATH = '/undangan';
export function inviteLink(origin: string, code: string): string {
  return `${origin.replace(/\/$/, '')}${INVITE_PATH}#kode=${code}`;
}

/** `https://wa.me/628…?text=…`, or a number-less link (the owner picks the chat) when there is no phone. */
export function whatsAppLink(phone: string | null, message: string): string {
  const normalized = phone ? normalizePhone(phone) : null;
  const number = normalized ? normalized.slice(1) : '';
  return `https://wa.me/${number}?text=${encodeURIComponent(message)}`;
}

/**
 * An owner's password: at least 8 characters, or a PIN of exactly 6 digits (easier on a cheap
 * phone; sign-in is rate-limited, see auth/rate-limit.ts).
 */
export const ownerSecretSchema = z
  .string()
  .max(200, { message: 'validation.tooLong' })
  .refine((value) => /^\d{6}$/.test(value) || (value.length >= 8 && !/^\d+$/.test(value)), {
    message: 'validation.ownerSecret',
  });

/** Profile fields an owner may ask to correct; the coach decides. */
export const CORRECTABLE_FIELDS = [
  'name',
  'brand',
  'ownerName',
  'phone',
  'address',
  'products',
  'yearStarted',
  'employees',
  'licences.nib',
  'licences.pirt',
  'licences.halal',
  'licences.bpom',
  'licences.trademark',
] as const;
export const correctableFieldSchema = z.enum(CORRECTABLE_FIELDS);
export type CorrectableField = z.infer<typeof correctableFieldSchema>;

/** What an owner asks to change, carried by a follow-up row with `assignee: 'coach'`. */
export const correctionSchema = z.object({
  field: correctableFieldSchema,
  value: text(500),
  reason: text(500).default(''),
});
export type Correction = z.infer<typeof correctionSchema>;

export const correctionResolutionSchema = z.enum(['accepted', 'declined']);
export type CorrectionResolution = z.infer<typeof correctionResolutionSchema>;

/** Who does a follow-up: shown to the owner as their action plan when `owner`. */
export const followUpAssigneeSchema = z.enum(['owner', 'coach', 'other']);
export type FollowUpAssignee = z.infer<typeof followUpAssigneeSchema>;

/** The owner's account as the invite page shows it before activation. */
export const invitePreviewSchema = z.object({
  businessName: z.string(),
  ownerName: z.string(),
  /** The business's phone with the middle hidden (`+62 812-****-789`), or null when it has none. */
  phoneHint: z.string().nullable(),
  /** Whether an owner account exists already (the invite then sets a new password). */
  accountExists: z.boolean(),
  expiresAt: isoDateTimeSchema,
});
export type InvitePreview = z.infer<typeof invitePreviewSchema>;

/** The profile value a correctable field holds now, as text (what the owner and the coach compare). */
export function correctableValue(
  business: { licences: Record<string, string | null> } & Record<string, unknown>,
  field: CorrectableField,
): string {
  const value = field.startsWith('licences.')
    ? business.licences[field.slice('licences.'.length)]
    : business[field];
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The profile fields with an accepted correction applied, or the reason it cannot apply as typed
 * (a catalogue key: the coach then edits the profile by hand). Text is trimmed; an empty value
 * clears an optional field; numbers must be whole; a phone must be an Indonesian number.
 */
export function applyCorrection<
  T extends { licences: Record<string, string | null>; phone: string | null } & Record<string, unknown>,
>(fields: T, correction: Correction): { ok: true; fields: T } | { ok: false; message: string } {
  const raw = correction.value.trim();
  if (correction.field.startsWith('licences.')) {
    const key = correction.field.slice('licences.'.length);
    return {
      ok: true,
      fields: { ...fields, licences: { ...fields.licences, [key]: raw === '' ? null : raw } },
    };
  }
  switch (correction.field) {
    case 'phone': {
      if (raw === '') return { ok: true, fields: { ...fields, phone: null } };
      const phone = normalizePhone(raw);
      return phone ? { ok: true, fields: { ...fields, phone } } : { ok: false, message: 'validation.phone' };
    }
    case 'yearStarted':
    case 'employees': {
      if (raw === '') return { ok: true, fields: { ...fields, [correction.field]: null } };
      const digits = raw.replace(/[.\s]/g, '');
      if (!/^\d{1,6}$/.test(digits)) return { ok: false, message: 'validation.invalidValue' };
      return { ok: true, fields: { ...fields, [correction.field]: Number(digits) } };
    }
    case 'name':
    case 'ownerName':
      if (raw === '') return { ok: false, message: 'validation.required' };
      return { ok: true, fields: { ...fields, [correction.field]: raw } };
    default:
      return { ok: true, fields: { ...fields, [correction.field]: raw === '' ? null : raw } };
  }
}
