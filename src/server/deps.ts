import type { Database } from './db/connect';
import type { LoginLimiter } from './auth/rate-limit';
import type { Logger } from './log';

/** Everything createApp needs from outside; tests pass a fresh embedded database here. */
export type AppDeps = {
  database: Database;
  version: string;
  sessionDays: number;
  loginLimiter: LoginLimiter;
  /** Use X-Forwarded-For for the client address (only behind a trusted reverse proxy). */
  trustProxy: boolean;
  logger: Logger | null;
  now: () => Date;
  /** Built PWA to serve (null: API only). */
  staticDir: string | null;
  /** Largest JSON body accepted, bytes. */
  maxJsonBytes: number;
  /** Where photo bytes are kept (content-addressed files). */
  blobDir: string;
  /** Requests per window for each city-API token (default 120 a minute: city-api/api-token-store.ts). */
  cityApiRateLimit?: { requests: number; windowMs: number };
  /** The map tile URL template (VITE_MAP_TILE_URL): its host may serve images (security-headers.ts). */
  mapTileUrl?: string | undefined;
};
