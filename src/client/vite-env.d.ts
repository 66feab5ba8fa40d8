/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** package.json version, injected by vite.config.ts. */
  readonly VITE_APP_VERSION?: string;
  /** The dashboard map's tile URL template (`none`: no base map); OpenStreetMap when unset. */
  readonly VITE_MAP_TILE_URL?: string;
  /** The attribution (HTML) the tile server requires. */
  readonly VITE_MAP_TILE_ATTRIBUTION?: string;
}
