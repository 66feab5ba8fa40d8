/**
 * Reference data the coach's forms need offline: the kecamatan and kelurahan of the deployment's city
 * (fetched once after sign-in and kept in `meta`, about 5 kB for a city) and the KBLI 2020 list (a
 * lazy chunk: the service worker precaches it, but the first screen does not carry its 128 kB).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import { localDb, readMeta, writeMeta, type LocalDb } from './local-db';

export const META_REGIONS = 'regions';

export const cityRegionsSchema = z.object({
  city: z.object({ code: z.string(), name: z.string() }),
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      villages: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
  attribution: z.string().optional(),
});
export type CityRegions = z.infer<typeof cityRegionsSchema>;

export async function saveRegions(db: LocalDb, regions: CityRegions): Promise<void> {
  await writeMeta(db, META_REGIONS, regions);
}

export async function loadRegions(db: LocalDb): Promise<CityRegions | null> {
  const parsed = cityRegionsSchema.safeParse(await readMeta(db, META_REGIONS));
  return parsed.success ? parsed.data : null;
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
