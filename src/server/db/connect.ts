/**
 * Opens the database: the embedded PostgreSQL (PGlite, one process, files in DATA_DIR) by default,
 * or a PostgreSQL server when DATABASE_URL is set. Both run the same committed migrations at start,
 * and the rest of the server sees one drizzle type, so no query knows which it runs on.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from './schema';
import { lockDataDir, type DataDirLock } from './data-dir-lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = 'embedded' | 'postgres';

/** The rows of a raw `db.execute(sql…)`: node-postgres and PGlite (through drizzle) both answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type Database = {
  db: Db;
  kind: DbKind;
  close: () => Promise<void>;
};

// From the module's path, not `new URL(…)`: the global URL is not Node's everywhere (jsdom tests).
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating if needed) the embedded database in `dataDir`, or in memory for `memory://`. */
export async function openEmbedded(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  let lock: DataDirLock | null = null;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite touches the files: a second process on them corrupts them (data-dir-lock.ts).
    lock = lockDataDir(dataDir, 'server');
  }
  let client: PGlite | null = null;
  try {
    client = await PGlite.create(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
    const opened = client;
    return {
      db: db as unknown as Db,
      kind: 'embedded',
      close: async () => {
        try {
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, an administrator, a dropped database) is reported
  // on the pool; unhandled, that event would stop the whole process. The pool drops that connection
  // and opens a new one when it is next needed, so a line on stderr is all it takes.
  pool.on('error', (error) => {
    process.stderr.write(`PostgreSQL closed an idle connection: ${error.message}\n`);
  });
  const db = drizzlePg({ client: pool, schema });
  await migratePg(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
}

export async function openDatabase(config: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openEmbedded(config.dataDir);
}
