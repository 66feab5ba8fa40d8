/**
 * Kemendagri region codes (Kepmendagri 2025, from idn-area-data, ODbL: see REGIONS-LICENSE.md).
 * The whole country ships with the server; a phone receives only its deployment's city.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Region = { code: string; parentCode: string; name: string };

function readCsv(file: string): Region[] {
  const path = join(dirname(fileURLToPath(import.meta.url)), file);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  const regions: Region[] = [];
  for (const line of lines) {
    if (!line) continue;
    // Names may be quoted when they contain commas.
    const match = /^([^,]+),([^,]*),(?:"((?:[^"]|"")*)"|(.*))$/.exec(line);
    if (!match) continue;
    regions.push({ code: match[1] ?? '', parentCode: match[2] ?? '', name: (match[3] ?? match[4] ?? '').replace(/""/g, '"') });
  }
  return regions;
}

let cache: { regencies: Region[]; districts: Region[]; villages: Region[] } | null = null;
function all() {
  cache ??= { regencies: readCsv('regencies.csv'), districts: readCsv('districts.csv'), villages: readCsv('villages.csv') };
  return cache;
}

export type CityRegions = {
  city: { code: string; name: string };
  districts: Array<{ code: string; name: string; villages: Array<{ code: string; name: string }> }>;
};

const byCity = new Map<string, CityRegions | null>();

/**
 * The kecamatan and kelurahan/desa of one city or regency, or null for an unknown code. Built once
 * per city (a scan of 83k villages) and kept, instead of rescanning on every request.
 */
export function cityRegions(cityCode: string): CityRegions | null {
  if (!byCity.has(cityCode)) byCity.set(cityCode, buildCityRegions(cityCode));
  return byCity.get(cityCode) ?? null;
}

function buildCityRegions(cityCode: string): CityRegions | null {
  const data = all();
  const city = data.regencies.find((r) => r.code === cityCode);
  if (!city) return null;
  const districts = data.districts
    .filter((d) => d.parentCode === cityCode)
    .map((d) => ({ code: d.code, name: d.name, villages: [] as Array<{ code: string; name: string }> }));
  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  for (const v of data.villages) districtByCode.get(v.parentCode)?.villages.push({ code: v.code, name: v.name });
  return { city: { code: city.code, name: city.name }, districts };
}
