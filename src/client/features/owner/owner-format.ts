import { useTranslation } from 'react-i18next';
import type { Business } from '@/shared/domain/business';
import type { CorrectableField } from '@/shared/domain/owner';

/** `+628123456789` → `0812-3456-789`: how Indonesians write and read a number. */
export function displayPhone(e164: string): string {
  if (!e164.startsWith('+62')) return e164;
  const national = `0${e164.slice(3)}`;
  return [national.slice(0, 4), national.slice(4, 8), national.slice(8)].filter(Boolean).join('-');
}

/** A wa.me link for a mobile number (landlines have no WhatsApp), else null. */
export function whatsappHref(e164: string): string | null {
  return /^\+628\d+$/.test(e164) ? `https://wa.me/${e164.slice(1)}` : null;
}

/** A channel's address: the URL as typed, or the platform's address for a bare handle, else null. */
export function channelHref(kind: string, value: string): string | null {
  if (/^https?:\/\//i.test(value)) return value;
  const handle = value.replace(/^@/, '');
  if (!/^[\w.]+$/.test(handle)) return null;
  if (kind === 'instagram') return `https://www.instagram.com/${handle}`;
  if (kind === 'tiktok') return `https://www.tiktok.com/@${handle}`;
  if (kind === 'facebook') return `https://www.facebook.com/${handle}`;
  return null;
}

/** The licences in the order a bank or a buyer asks for them. */
export const LICENCE_KINDS = ['nib', 'pirt', 'bpom', 'halal', 'trademark'] as const;

const monthLong = new Map<string, Intl.DateTimeFormat>();

/** "Maret 2026" (id) / "March 2026" (en): a month the way people say it, for sentences. */
export function useLongMonth(): (iso: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  let format = monthLong.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' });
    monthLong.set(locale, format);
  }
  const chosen = format;
  return (iso: string) => chosen.format(new Date(iso));
}

/** A checklist template's bilingual text in the UI language. */
export function useLocalized(): (text: { id: string; en: string }) => string {
  const { i18n } = useTranslation();
  return (text) => (i18n.language === 'en' ? text.en : text.id);
}

/** The current value of a correctable field, as text ('' when empty). */
export function currentFieldValue(business: Business, field: CorrectableField): string {
  if (field.startsWith('licences.')) {
    const key = field.slice('licences.'.length) as keyof Business['licences'];
    return business.licences[key] ?? '';
  }
  const value = business[field as Exclude<CorrectableField, `licences.${string}`>];
  if (value === null || value === undefined) return '';
  if (field === 'phone' && typeof value === 'string') return displayPhone(value);
  return String(value);
}
