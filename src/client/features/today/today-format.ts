import { useEffect, useState } from 'react';
import { localIsoDate } from '@/client/data/today-repository';

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
