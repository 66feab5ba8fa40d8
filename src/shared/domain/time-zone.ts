/**
 * Indonesia's three time zones, by province (the first two digits of a Kemendagri code): WIB
 * (UTC+7) for Sumatra, Java, West and Central Kalimantan; WITA (UTC+8) for Bali, Nusa Tenggara,
 * South, East and North Kalimantan and Sulawesi; WIT (UTC+9) for Maluku and Papua. A city's
 * "today", "this week" and date filters are its own calendar days, not the server's.
 */
export type IndonesianTimeZone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';

const WITA = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97']);

export function timeZoneOfRegion(regionCode: string): IndonesianTimeZone {
  const province = regionCode.slice(0, 2);
  if (WITA.has(province)) return 'Asia/Makassar';
  if (WIT.has(province)) return 'Asia/Jayapura';
  return 'Asia/Jakarta';
}

/** Hours ahead of UTC (Indonesia keeps no daylight saving time). */
export const UTC_OFFSET_HOURS: Record<IndonesianTimeZone, number> = {
  'Asia/Jakarta': 7,
  'Asia/Makassar': 8,
  'Asia/Jayapura': 9,
};

/** The instant a calendar day (YYYY-MM-DD) starts in the zone. */
export function startOfDay(date: string, zone: IndonesianTimeZone): Date {
  const offset = String(UTC_OFFSET_HOURS[zone]).padStart(2, '0');
  return new Date(`${date}T00:00:00+${offset}:00`);
}

/** The calendar day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
