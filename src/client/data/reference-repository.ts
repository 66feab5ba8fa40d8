/**
 * Reference data the coach's forms need offline: the kecamatan and kelurahan of the deployment's city
 * (fetched once after sign-in and kept in `meta`, about 5 kB for a city) and the KBLI 2020 list (a
 * lazy chunk: the service worker precaches it, but the first screen does not carry its 128 kB).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { localDb, readMeta, writeMeta, type LocalDb } from './local-db';
import type { CityRegions } from './regions-schema';

export type { CityRegions };

export const META_REGIONS = 'regions';

const isNamed = (value: unknown): value is { code: string; name: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { code?: unknown }).code === 'string' &&
  typeof (value as { name?: unknown }).name === 'string';

/**
 * Whether the stored value has the regions' shape. They are stored only after the download passed
 * `cityRegionsSchema` (regions-schema.ts, in sync-api.ts); reading them back checks the shape
 * without zod, which the first screen does not load. A test keeps the two in step.
 */
export function isCityRegions(value: unknown): value is CityRegions {
  if (typeof value !== 'object' || value === null) return false;
  const { city, districts, attribution } = value as Record<string, unknown>;
  return (
    isNamed(city) &&
    (attribution === undefined || typeof attribution === 'string') &&
    Array.isArray(districts) &&
    districts.every((district: unknown) => {
      const villages = (district as { villages?: unknown } | null)?.villages;
      return isNamed(district) && Array.isArray(villages) && villages.every(isNamed);
    })
  );
}

export async function saveRegions(db: LocalDb, regions: CityRegions): Promise<void> {
  await writeMeta(db, META_REGIONS, regions);
}

export async function loadRegions(db: LocalDb): Promise<CityRegions | null> {
  const stored = await readMeta(db, META_REGIONS);
  return isCityRegions(stored) ? stored : null;
}

/** Names by code for every kecamatan and kelurahan of the city, for labels and search. */
export type RegionNames = { regions: CityRegions; nameOf: (code: string) => string };

function namesFor(regions: CityRegions): RegionNames {
  const names = new Map<string, string>();
  for (const district of regions.districts) {
    names.set(district.code, district.name);
    for (const village of district.villages) names.set(village.code, village.name);
  }
  return { regions, nameOf: (code) => names.get(code) ?? code };
}

/** The city's regions with names by code; `null` before the first download. */
export async function loadRegionNames(db: LocalDb): Promise<RegionNames | null> {
  const regions = await loadRegions(db);
  return regions ? namesFor(regions) : null;
}

/** The city's regions, live; `null` while loading or before the first download. */
export function useRegions(db: LocalDb = localDb): RegionNames | null {
  return useLiveQuery(() => loadRegionNames(db), [db]) ?? null;
}

export type KbliEntry = { code: string; title: string };

let kbliPromise: Promise<KbliEntry[]> | null = null;

/** The KBLI 2020 list, loaded on first use. */
export function loadKbli(): Promise<KbliEntry[]> {
  kbliPromise ??= import('@/shared/reference/kbli-2020.json').then((module) => module.default as KbliEntry[]);
  return kbliPromise;
}
