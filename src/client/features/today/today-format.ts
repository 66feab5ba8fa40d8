import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localIsoDate } from '@/client/data/today-repository';

/** A calendar date `YYYY-MM-DD` as a local Date (parsing it as ISO would shift it by the time zone). */
function calendarDate(isoDate: string): Date {
  const [year = 0, month = 1, day = 1] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(year, month - 1, day);
}

/** Dates the Indonesian way ("12 Mar 2026") when the language is Indonesian, British English otherwise. */
export function useTodayFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  return useMemo(() => {
    const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
    const long = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    return {
      /** A calendar date (`YYYY-MM-DD`). */
      day: (isoDate: string) => short.format(calendarDate(isoDate)),
      /** An instant, shown as the local date. */
      date: (iso: string) => short.format(new Date(iso)),
      /** An instant, shown as local date and time. */
      dateTime: (iso: string) => `${short.format(new Date(iso))} ${time.format(new Date(iso))}`,
      longDay: (isoDate: string) => long.format(calendarDate(isoDate)),
    };
  }, [locale]);
}

function msUntilNextDay(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 1);
  return next.getTime() - now.getTime();
}

/**
 * The local date, kept current: a phone left open on Today overnight, or woken the next morning,
 * shows the new day's plans without a reload.
 */
export function useLocalToday(): string {
  const [today, setToday] = useState(() => localIsoDate(new Date()));
  useEffect(() => {
    const refresh = () => setToday(localIsoDate(new Date()));
    const timer = window.setTimeout(refresh, msUntilNextDay(new Date()));
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [today]);
  return today;
}
