/**
 * The only module that reads process.env. Parsed by zod once at start: a bad value stops start-up
 * with one line naming the variable, instead of failing later in a coach's request.
 */
import { z } from 'zod';
import { tileImageSource } from './security-headers';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'use 1 or 0' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Photo bytes; DATA_DIR/blobs when unset. */
  BLOB_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  BINAAN_DEMO: booleanFlag.default(true),
  BINAAN_ADMIN_PASSWORD: z.string().min(10, { message: 'must be at least 10 characters' }).optional(),
  BINAAN_ADMIN_USERNAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/)
    .default('admin'),
  BINAAN_CITY_CODE: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, { message: 'must be a Kemendagri city code like 63.71' })
    .default('63.71'),
  BINAAN_CITY_NAME: z.string().min(1).optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Deleted rows are kept this long so phones hear of the delete; after that they are purged and a
   * phone that has not synced since resyncs fully. Longer than any coach's time offline.
   */
  TOMBSTONE_RETENTION_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STATIC_DIR: z.string().min(1).default('./dist'),
  /**
   * The map's tile URL template, the same variable the client build reads (map-tiles.ts): the
   * Content-Security-Policy admits images from its host (security-headers.ts). Unset: OpenStreetMap.
   */
  VITE_MAP_TILE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        tileImageSource(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid' });
      }
    }),
});
export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const first = result.error.issues[0];
    const name = first?.path.join('.') ?? 'environment';
    throw new EnvError(`Invalid environment variable ${name}: ${first?.message ?? 'invalid'}`);
  }
  return result.data;
}

export class EnvError extends Error {}

export function readEnv(): Env {
  return parseEnv(process.env);
}
