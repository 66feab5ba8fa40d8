/**
 * Kecamatan and kelurahan/desa as officers write them, matched to the city's Kemendagri codes:
 * names in any case with or without "Kec."/"Kel."/"Desa", with a typo or two ("Banjarmasin
 * Seletan"), codes with or without dots (`63.71.01`, `637101`), and the portals' `[63.71.01]
 * BANJARMASIN SELATAN`. A typo is accepted only when one name is clearly nearest.
 */
import type { CityRegions } from '../reference/regions';
import { editDistanceWithin, foldText, trigramSimilarity } from '@/shared/text/fuzzy';

export type RegionEntry = { code: string; name: string; folded: string; districtCode: string };

export type RegionMatch =
  { kind: 'found'; entry: RegionEntry; typo: boolean } | { kind: 'ambiguous' } | { kind: 'none' };

const PREFIX = /^(?:kecamatan|kec|kelurahan|kel|desa|ds|kampung|kp)\s+/;
const CODE = /^\[?\s*(\d{2})\.?(\d{2})\.?(\d{2})(?:\.?(\d{4}))?\s*\]?\s*(.*)$/;

/** The code (dotted) and the name part of a cell. */
export function splitRegionCell(cell: string): { code: string | null; name: string } {
  const match = CODE.exec(cell.trim());
  if (!match) return { code: null, name: cell.trim() };
  const district = `${match[1]}.${match[2]}.${match[3]}`;
  return {
    code: match[4] ? `${district}.${match[4]}` : district,
    name: (match[5] ?? '').replace(/^[-–:]\s*/, ''),
  };
}

export function foldRegionName(name: string): string {
  return foldText(name).replace(PREFIX, '');
}

function nearest(list: readonly RegionEntry[], folded: string): RegionMatch {
  if (folded === '') return { kind: 'none' };
  const exact = list.filter((entry) => entry.folded === folded);
  if (exact.length === 1 && exact[0]) return { kind: 'found', entry: exact[0], typo: false };
  if (exact.length > 1) return { kind: 'ambiguous' };
  const maxTypos = folded.length < 7 ? 1 : 2;
  let best: RegionEntry[] = [];
  let bestDistance = maxTypos + 1;
  for (const entry of list) {
    const distance = editDistanceWithin(folded, entry.folded, maxTypos);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = [entry];
    } else if (distance === bestDistance && distance <= maxTypos) best.push(entry);
  }
  if (best.length === 1 && best[0]) return { kind: 'found', entry: best[0], typo: true };
  if (best.length > 1) return { kind: 'ambiguous' };
  // Further off (a missing word, letters swapped twice): only a clear trigram winner.
  let first: { entry: RegionEntry; score: number } | null = null;
  let second = 0;
  for (const entry of list) {
    const score = trigramSimilarity(folded, entry.folded);
    if (!first || score > first.score) {
      second = first?.score ?? 0;
      first = { entry, score };
    } else if (score > second) second = score;
  }
  if (first && first.score >= 0.7 && first.score - second >= 0.1) {
    return { kind: 'found', entry: first.entry, typo: true };
  }
  return { kind: 'none' };
}

export type RegionMatcher = {
  cityCode: string;
  district: (cell: string) => RegionMatch;
  /** A kelurahan/desa, within `districtCode` when given, else anywhere in the city. */
  village: (cell: string, districtCode: string | null) => RegionMatch;
  /** The name of a kecamatan or kelurahan code. */
  nameOf: (code: string) => string | null;
};

export function createRegionMatcher(city: CityRegions): RegionMatcher {
  const districts: RegionEntry[] = city.districts.map((d) => ({
    code: d.code,
    name: d.name,
    folded: foldRegionName(d.name),
    districtCode: d.code,
  }));
  const villages: RegionEntry[] = [];
  const villagesOf = new Map<string, RegionEntry[]>();
  for (const d of city.districts) {
    const list = d.villages.map((v) => ({
      code: v.code,
      name: v.name,
      folded: foldRegionName(v.name),
      districtCode: d.code,
    }));
    villagesOf.set(d.code, list);
    villages.push(...list);
  }
  const byCode = new Map<string, RegionEntry>(
    [...districts, ...villages].map((entry) => [entry.code, entry]),
  );
  const districtCache = new Map<string, RegionMatch>();
  const villageCache = new Map<string, RegionMatch>();

  function byCell(cell: string, list: readonly RegionEntry[], codeLength: number): RegionMatch {
    const { code, name } = splitRegionCell(cell);
    if (code !== null && code.length === codeLength) {
      const entry = byCode.get(code);
      return entry && list.includes(entry) ? { kind: 'found', entry, typo: false } : { kind: 'none' };
    }
    return nearest(list, foldRegionName(name));
  }

  return {
    cityCode: city.city.code,
    district(cell) {
      let match = districtCache.get(cell);
      if (!match) {
        match = byCell(cell, districts, 8);
        districtCache.set(cell, match);
      }
      return match;
    },
    village(cell, districtCode) {
      const key = `${districtCode ?? ''}\u0000${cell}`;
      let match = villageCache.get(key);
      if (!match) {
        match = byCell(cell, districtCode ? (villagesOf.get(districtCode) ?? []) : villages, 13);
        villageCache.set(key, match);
      }
      return match;
    },
    nameOf: (code) => byCode.get(code)?.name ?? null,
  };
}
