/**
 * `npm run restore -- <file> [--force]`: puts a backup (backup.ts) back, into the database the
 * server would open with the same environment: the embedded one in DATA_DIR, or DATABASE_URL.
 *
 * Nothing in the target is touched until the whole file has been read and checked: the archive is
 * unpacked into a staging folder beside the target, every entry's SHA-256 compared with the list at
 * its end (a cut-off file has no list), every photo with its name, and an embedded database opened
 * and its tables compared with the manifest. Only then does it move into place.
 *
 * Restore fills an empty target only. `--force` first moves an embedded data directory's (or the
 * photo folder's) contents to `<dir>.before-restore-<time>`, and for PostgreSQL drops the target
 * database's schemas: restore never silently merges two cities' data.
 *
 * A PostgreSQL backup is restored with pg_restore in one transaction (an error leaves the database
 * as it was), then its tables are checked against the manifest. The server then starts on the
 * restored database as usual and applies any migrations newer than the backup.
 */
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import pg from 'pg';
import { LOCK_FILE, lockDataDir, type DataDirLock } from '../db/data-dir-lock';
import type { Env } from '../env';
import {
  BLOBS_PREFIX,
  CHECKSUMS_NAME,
  MANIFEST_NAME,
  PGDATA_PREFIX,
  POSTGRES_DUMP_NAME,
  blobDirOf,
  checksumsSchema,
  manifestSchema,
  quoteIdent,
  statsDifferences,
  tableStats,
  totalRows,
  type Manifest,
  type RunSql,
} from './backup-format';
import { isMainModule, OpsError, runCli } from './cli';
import { findPgTool, runPgTool, splitPassword } from './pg-tools';
import { ArchiveError, extractTarGz, type ArchiveEntry } from './tar';

export type RestoreOptions = {
  file: string;
  env: Pick<Env, 'DATA_DIR' | 'BLOB_DIR' | 'DATABASE_URL'>;
  /** Replace a target that holds data (moved aside, or for PostgreSQL dropped). */
  force?: boolean;
  /** Directory holding pg_restore (PostgreSQL only); found automatically when unset. */
  pgBinDir?: string | undefined;
  log?: (line: string) => void;
};

export type RestoreResult = {
  kind: Manifest['kind'];
  manifest: Manifest;
  /** Where --force moved what the target held before. */
  movedAside: string[];
};

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const file = resolve(options.file);
  if (!existsSync(file)) throw new OpsError(`${options.file} not found`);
  const dataDir = resolve(options.env.DATA_DIR);
  const blobDir = resolve(blobDirOf(options.env));
  const blobsInsideData = blobDir.startsWith(`${dataDir}${sep}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const movedAside: string[] = [];

  let lock: DataDirLock | null = null;
  let client: pg.Client | null = null;
  const stagingRoot = options.env.DATABASE_URL ? dirname(blobDir) : dirname(dataDir);
  const staging = join(stagingRoot, `.binaan-restore-${randomBytes(6).toString('hex')}`);
  try {
    // 1. The target: empty, or --force. Checked before the (possibly long) unpacking.
    let targetHasData: boolean;
    if (options.env.DATABASE_URL) {
      client = new pg.Client({ connectionString: options.env.DATABASE_URL });
      await client.connect().catch((error: unknown) => {
        throw new OpsError(`Cannot connect to DATABASE_URL: ${(error as Error).message}`);
      });
      const relations = await userRelations(client);
      targetHasData = relations > 0;
      if (targetHasData && !options.force) {
        throw new OpsError(
          `The database in DATABASE_URL is not empty (${relations} tables and other objects): restore only fills an ` +
            'empty database. Create a new one, or pass --force to drop everything in it first.',
        );
      }
    } else {
      await mkdir(dataDir, { recursive: true });
      lock = lockDataDir(dataDir, 'restore');
      targetHasData = await holdsFiles(dataDir, new Set([LOCK_FILE]));
      if (targetHasData && !options.force) {
        throw new OpsError(
          `${dataDir} is not empty: restore only fills an empty data directory. Point DATA_DIR at a new folder, ` +
            `or pass --force to move what is there to ${dataDir}.before-restore-${stamp}.`,
        );
      }
    }
    const blobsHaveData = !blobsInsideData && (await holdsFiles(blobDir, new Set()));
    if (blobsHaveData && !options.force) {
      throw new OpsError(
        `The photo folder ${blobDir} is not empty: restore only fills an empty one. ` +
          `Point BLOB_DIR at a new folder, or pass --force to move its files to ${blobDir}.before-restore-${stamp}.`,
      );
    }

    // 2. Unpack and check everything, touching nothing of the target.
    await mkdir(staging, { recursive: true });
    log(`Reading ${options.file}…`);
    const manifest = await unpackAndVerify(file, staging);
    const targetKind = options.env.DATABASE_URL ? 'postgres' : 'embedded';
    if (manifest.kind !== targetKind) {
      throw new OpsError(
        manifest.kind === 'embedded'
          ? 'This is a backup of the embedded database: unset DATABASE_URL to restore it into DATA_DIR.'
          : 'This is a backup of a PostgreSQL database: set DATABASE_URL to the (empty) database to restore it into.',
      );
    }

    // 3. Into place.
    if (client) {
      await restorePostgres(client, options.env.DATABASE_URL ?? '', staging, manifest, {
        drop: targetHasData,
        pgBinDir: options.pgBinDir,
        log,
      });
    } else {
      await verifyEmbedded(join(staging, 'pgdata'), manifest);
      if (targetHasData) {
        const aside = `${dataDir}.before-restore-${stamp}`;
        await moveContents(dataDir, aside, new Set([LOCK_FILE]));
        movedAside.push(aside);
      }
      await moveContents(join(staging, 'pgdata'), dataDir, new Set());
    }
    if (blobsHaveData) {
      const aside = `${blobDir}.before-restore-${stamp}`;
      await move(blobDir, aside);
      movedAside.push(aside);
    }
    await placeBlobs(join(staging, 'blobs'), blobDir);
    for (const aside of movedAside) log(`What the target held before was moved to ${aside}.`);
    return { kind: manifest.kind, manifest, movedAside };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await client?.end().catch(() => undefined);
    lock?.release();
  }
}

/** Unpacks the archive into `staging` and checks every entry against checksums.json. */
async function unpackAndVerify(file: string, staging: string): Promise<Manifest> {
  let entries: ArchiveEntry[];
  try {
    entries = await extractTarGz(file, (name) => {
      if (name === MANIFEST_NAME) return join(staging, 'manifest.json');
      if (name === CHECKSUMS_NAME) return join(staging, 'checksums.json');
      if (name === POSTGRES_DUMP_NAME) return join(staging, 'postgres.dump');
      if (name.startsWith(PGDATA_PREFIX)) return join(staging, 'pgdata', name.slice(PGDATA_PREFIX.length));
      if (name === 'blobs' || /^blobs\/[0-9a-f]{2}$/.test(name)) return join(staging, name);
      const blob = /^blobs\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(name);
      if (blob?.[1] && blob[2]?.startsWith(blob[1])) return join(staging, 'blobs', blob[1], blob[2]);
      return null;
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw damaged(file, error.message);
    throw error;
  }
  if (!entries.some((e) => e.name === CHECKSUMS_NAME)) {
    throw damaged(file, 'its list of checksums is missing (the backup did not finish)');
  }
  const listed = checksumsSchema.safeParse(
    JSON.parse(await readFile(join(staging, 'checksums.json'), 'utf8')),
  );
  if (!listed.success) throw damaged(file, 'its list of checksums is unreadable');
  const expected = new Map(listed.data.entries.map((e) => [e.name, e]));
  const contents = entries.filter((e) => e.name !== CHECKSUMS_NAME);
  for (const entry of contents) {
    const want = expected.get(entry.name);
    if (!want) throw damaged(file, `${entry.name} is not in its list of checksums`);
    if (want.sha256 !== entry.sha256 || want.size !== entry.size)
      throw damaged(file, `${entry.name} is corrupt`);
    if (entry.name.startsWith(BLOBS_PREFIX) && !entry.name.endsWith(`/${entry.sha256}`)) {
      throw damaged(file, `the photo ${entry.name} does not match its SHA-256`);
    }
    expected.delete(entry.name);
  }
  const [missing] = expected.keys();
  if (missing !== undefined) throw damaged(file, `${missing} is missing`);
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(staging, 'manifest.json'), 'utf8')));
  } catch {
    throw new OpsError(
      `${file} is not a binaan backup (no readable ${MANIFEST_NAME}). Nothing was restored.`,
    );
  }
  const hasDatabase =
    manifest.kind === 'postgres'
      ? contents.some((e) => e.name === POSTGRES_DUMP_NAME)
      : contents.some((e) => e.name === `${PGDATA_PREFIX}PG_VERSION`);
  if (!hasDatabase) throw damaged(file, 'it holds no database');
  return manifest;
}

function damaged(file: string, reason: string): OpsError {
  return new OpsError(`${file} is damaged or incomplete: ${reason}. Nothing was restored.`);
}

/** Opens the unpacked embedded database (as is, no migrations) and compares every table. */
async function verifyEmbedded(pgdata: string, manifest: Manifest): Promise<void> {
  const client = await PGlite.create(pgdata);
  try {
    const run: RunSql = async (text) => (await client.exec(text)).at(-1)?.rows ?? [];
    const differences = statsDifferences(manifest.tables, await tableStats(run));
    if (differences.length > 0) {
      throw new OpsError(
        `The database in the backup does not match its manifest (${differences.join('; ')}). Nothing was restored.`,
      );
    }
  } finally {
    await client.close();
  }
}

async function restorePostgres(
  client: pg.Client,
  databaseUrl: string,
  staging: string,
  manifest: Manifest,
  options: { drop: boolean; pgBinDir: string | undefined; log: (line: string) => void },
): Promise<void> {
  const [version] = (
    await client.query<{ num: string }>("SELECT current_setting('server_version_num') AS num")
  ).rows;
  const serverMajor = Math.floor(Number(version?.num ?? 0) / 10000);
  const tool = findPgTool('pg_restore', serverMajor, {
    pgBinDir: options.pgBinDir,
    atLeast: manifest.pgDumpMajor,
  });
  if (tool.major !== serverMajor)
    options.log(`Using pg_restore ${tool.major} for PostgreSQL ${serverMajor} (${tool.path}).`);
  const dump = join(staging, 'postgres.dump');
  const { url, password } = splitPassword(databaseUrl);
  // Reads the dump's table of contents: an unreadable dump stops here, before anything is dropped.
  await runPgTool(tool, ['--list', dump], password);
  if (options.drop) {
    options.log('Dropping what the target database held (--force)…');
    const schemas = await client.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace
       WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
    );
    const drops = schemas.rows.map((row) => `DROP SCHEMA ${quoteIdent(row.name)} CASCADE;`).join(' ');
    await client.query(`BEGIN; ${drops} CREATE SCHEMA public; COMMIT;`);
  }
  options.log('Restoring the PostgreSQL database (pg_restore)…');
  await runPgTool(
    tool,
    ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, dump],
    password,
  );
  const run: RunSql = async (text) => {
    const result = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
  };
  const differences = statsDifferences(manifest.tables, await tableStats(run));
  if (differences.length > 0) {
    throw new OpsError(`The restored database differs from the backup: ${differences.join('; ')}`);
  }
}

/** Tables, sequences, views and the like outside PostgreSQL's own schemas. */
async function userRelations(client: pg.Client): Promise<number> {
  const result = await client.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

/** Whether `dir` holds any file (empty folders do not count), leaving out top-level `ignore`. */
async function holdsFiles(dir: string, ignore: ReadonlySet<string>): Promise<boolean> {
  if (!existsSync(dir)) return false;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (ignore.has(entry.name)) continue;
    if (!entry.isDirectory() || (await holdsFiles(join(dir, entry.name), new Set()))) return true;
  }
  return false;
}

/** Renames, copying when the two are on different disks. */
async function move(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true, force: true });
  }
}

async function moveContents(from: string, to: string, keep: ReadonlySet<string>): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    if (keep.has(name)) continue;
    const target = join(to, name);
    // Empty folders left in an otherwise empty target (say DATA_DIR/blobs) make way.
    if (existsSync(target)) await rm(target, { recursive: true });
    await move(join(from, name), target);
  }
}

async function placeBlobs(stagedBlobs: string, blobDir: string): Promise<void> {
  if (!existsSync(stagedBlobs)) return;
  if (existsSync(blobDir)) {
    // Empty by now (checked or moved aside): its empty sub-folders go, the photos come.
    await rm(blobDir, { recursive: true });
  }
  await move(stagedBlobs, blobDir);
}

export function describeRestore(result: RestoreResult, env: RestoreOptions['env']): string {
  const { manifest } = result;
  const where =
    result.kind === 'embedded'
      ? `the embedded database in ${env.DATA_DIR}`
      : 'the PostgreSQL database in DATABASE_URL';
  return (
    `Restored ${where}: ${Object.keys(manifest.tables).length} tables, ${totalRows(manifest.tables)} rows ` +
    `(all checked), ${manifest.blobs} photos, from a backup of ${manifest.createdAt}. Start the server as usual.`
  );
}

const USAGE = 'npm run restore -- <file.tar.gz> [--force] [--pg-bin <directory of pg_restore>]';

if (isMainModule(import.meta.url)) {
  await runCli('Restore', USAGE, async (args, env) => {
    const result = await restoreBackup({
      file: args.file,
      env,
      force: args.force,
      pgBinDir: args.pgBin,
      log: (line) => console.log(line),
    });
    return describeRestore(result, env);
  });
}
