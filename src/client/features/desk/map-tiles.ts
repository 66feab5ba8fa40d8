/**
 * The dashboard map's base layer, a build setting: VITE_MAP_TILE_URL (a `{z}/{x}/{y}` template, or
 * `none` for no base map: the points are drawn all the same) and VITE_MAP_TILE_ATTRIBUTION.
 * OpenStreetMap's own tile server when unset. Kept apart from business-map.tsx so reading it does
 * not load Leaflet.
 */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION =
  '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

export type TileSetting = { url: string; attribution: string } | null;

/** The configured base map, or null when it is switched off (`none`). */
export function tileSetting(env: {
  url?: string | undefined;
  attribution?: string | undefined;
}): TileSetting {
  const url = env.url?.trim() ?? '';
  if (url.toLowerCase() === 'none') return null;
  if (url === '') return { url: DEFAULT_TILE_URL, attribution: DEFAULT_TILE_ATTRIBUTION };
  return { url, attribution: env.attribution?.trim() ?? '' };
}

export const configuredTiles: TileSetting = tileSetting({
  url: import.meta.env.VITE_MAP_TILE_URL,
  attribution: import.meta.env.VITE_MAP_TILE_ATTRIBUTION,
});
