import { useTranslation } from 'react-i18next';

/** A calendar date `YYYY-MM-DD` as a local Date (parsing it as ISO would shift it by the time zone). */
function calendarDate(isoDate: string): Date {
  const [year = 0, month = 1, day = 1] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(year, month - 1, day);
}

const rupiahDigits = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** Rupiah as Indonesians write it, "Rp1.500.000", in either language (the grouping is the currency's). */
export function formatRupiah(amount: number): string {
  return `Rp${rupiahDigits.format(amount)}`;
}

/** `Intl.DateTimeFormat` / `NumberFormat` built on first use: Today uses two of the eight, and each costs. */
function lazily<T>(build: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= build());
}

function makeFormat(locale: 'id-ID' | 'en-GB') {
  const short = lazily(
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }),
  );
  const long = lazily(
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
  );
  const time = lazily(() => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }));
  const monthYear = lazily(() => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' }));
  const integer = lazily(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const compact = lazily(
    () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }),
  );
  const percent = lazily(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));
  const signedPercent = lazily(
    () =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: 0,
        signDisplay: 'exceptZero',
      }),
  );
  return {
    /** A calendar date (`YYYY-MM-DD`). */
    day: (isoDate: string) => short().format(calendarDate(isoDate)),
    longDay: (isoDate: string) => long().format(calendarDate(isoDate)),
    /** An instant, shown as the local date. */
    date: (iso: string) => short().format(new Date(iso)),
    /** An instant, shown as local date and time. */
    dateTime: (iso: string) => `${short().format(new Date(iso))} ${time().format(new Date(iso))}`,
    /** `YYYY-MM`. */
    month: (month: string) => monthYear().format(calendarDate(`${month}-01`)),
    rupiah: formatRupiah,
    rupiahShort: (amount: number) => `Rp${compact().format(amount)}`,
    number: (value: number) => integer().format(value),
    percent: (share: number) => percent().format(share),
    signedPercent: (change: number) => signedPercent().format(change),
  };
}

export type Format = ReturnType<typeof makeFormat>;

/**
 * One set of formatters per language for the whole app: building an Intl formatter costs about a
 * millisecond on a cheap phone, and a business page has dozens of components that format.
 */
const formats = new Map<string, Format>();

/**
 * Dates, numbers and rupiah the Indonesian way when the language is Indonesian ("12 Mar 2026",
 * "Rp1.500.000", "1.234"), British English otherwise; rupiah always keep the "Rp" prefix with no space.
 * One place, so every screen writes a date or an amount the same way.
 */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  let format = formats.get(locale);
  if (!format) {
    format = makeFormat(locale);
    formats.set(locale, format);
  }
  return format;
}
