/**
 * What a binaan backup file holds, shared by backup.ts and restore.ts.
 *
 * One .tar.gz:
 *   binaan-backup.json        the manifest: which database, when, and every table's row count and checksum
 *   database/pgdata/…         embedded: the PGlite data directory, copied while no process had it open
 *   database/postgres.dump    PostgreSQL: `pg_dump --format=custom` of one consistent snapshot
 *   blobs/ab/abcdef…          the photo bytes, named by their SHA-256 as on the server's disk
 *   checksums.json            last: size and SHA-256 of every entry above; a file without it is incomplete
 *
 * The table checksums are taken by the database itself, so restore can prove every row came back
 * (and the test compares the same figures on the restored copy).
 */
import { z } from 'zod';
import { join } from 'node:path';
import type { Env } from '../env';

export const MANIFEST_NAME = 'binaan-backup.json';
export const CHECKSUMS_NAME = 'checksums.json';
export const PGDATA_PREFIX = 'database/pgdata/';
export const POSTGRES_DUMP_NAME = 'database/postgres.dump';
export const BLOBS_PREFIX = 'blobs/';
export const BACKUP_FORMAT = 'binaan-backup';
export const BACKUP_FORMAT_VERSION = 1;

const tableStatsSchema = z.object({ rows: z.number().int().min(0), checksum: z.string() });
export type TableStats = Record<string, z.infer<typeof tableStatsSchema>>;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  kind: z.enum(['embedded', 'postgres']),
  createdAt: z.string(),
  /** `SELECT version()` of the database backed up. */
  serverVersion: z.string(),
  /** PostgreSQL only: the pg_dump that wrote the dump (pg_restore must be this major or newer). */
  pgDumpMajor: z.number().int().optional(),
  tables: z.record(z.string(), tableStatsSchema),
  blobs: z.number().int().min(0),
  /** Photos the database lists whose bytes were not on disk when the backup was taken. */
  missingBlobs: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const checksumsSchema = z.object({
  entries: z.array(z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string() })),
});

/** Where the photo bytes live: the server's rule (main.ts). */
export function blobDirOf(env: Pick<Env, 'BLOB_DIR' | 'DATA_DIR'>): string {
  return env.BLOB_DIR ?? join(env.DATA_DIR, 'blobs');
}

/** Runs one SQL text and answers its rows (PGlite's query or node-postgres's). */
export type RunSql = (text: string) => Promise<Array<Record<string, unknown>>>;

/**
 * Row count and an order-free checksum of every table (the app's and drizzle's migration log).
 * The checksum is the sum of a 60-bit slice of each row's md5: it needs no sorting and no memory
 * for big tables, and any changed, lost or added row changes it. Settings that change how a row
 * prints (time zone, date style, float digits) are fixed first, so both backends and both ends
 * of a restore print rows alike.
 */
export async function tableStats(run: RunSql): Promise<TableStats> {
  await run(
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; SET bytea_output = 'hex'",
  );
  const tables = await run(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2`,
  );
  const stats: TableStats = {};
  for (const table of tables) {
    const schema = String(table.schema);
    const name = String(table.name);
    const qualified = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const [row] = await run(
      `SELECT count(*)::text AS rows,
              coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS checksum
       FROM ${qualified} t`,
    );
    stats[`${schema}.${name}`] = { rows: Number(row?.rows ?? 0), checksum: String(row?.checksum ?? '') };
  }
  return stats;
}

/** The tables whose count or checksum differ, as one readable line each. */
export function statsDifferences(expected: TableStats, actual: TableStats): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const lines: string[] = [];
  for (const name of names) {
    const want = expected[name];
    const got = actual[name];
    if (!want) lines.push(`${name}: not in the backup`);
    else if (!got) lines.push(`${name}: missing`);
    else if (want.rows !== got.rows) lines.push(`${name}: ${got.rows} rows, expected ${want.rows}`);
    else if (want.checksum !== got.checksum) lines.push(`${name}: contents differ`);
  }
  return lines;
}

export function totalRows(stats: TableStats): number {
  return Object.values(stats).reduce((sum, table) => sum + table.rows, 0);
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
