import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** A calendar date `YYYY-MM-DD` as a local Date (parsing it as ISO would shift it by the time zone). */
function calendarDate(isoDate: string): Date {
  const [year = 0, month = 1, day = 1] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(year, month - 1, day);
}

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

/**
 * Dates, months and rupiah the Indonesian way when the language is Indonesian ("12 Mar 2026",
 * "Rp1.500.000"), British English otherwise; rupiah always keep the "Rp" prefix with no space.
 */
export function useBusinessFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  return useMemo(() => {
    const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
    const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' });
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const signedPercent = new Intl.NumberFormat(locale, {
      style: 'percent',
      maximumFractionDigits: 0,
      signDisplay: 'exceptZero',
    });
    return {
      day: (isoDate: string) => short.format(calendarDate(isoDate)),
      date: (iso: string) => short.format(new Date(iso)),
      /** `YYYY-MM`. */
      month: (month: string) => monthYear.format(calendarDate(`${month}-01`)),
      rupiah: (amount: number) => `Rp${integer.format(amount)}`,
      rupiahShort: (amount: number) => `Rp${compact.format(amount)}`,
      number: (value: number) => integer.format(value),
      percent: (share: number) => percent.format(share),
      signedPercent: (change: number) => signedPercent.format(change),
    };
  }, [locale]);
}

export type BusinessFormat = ReturnType<typeof useBusinessFormat>;
