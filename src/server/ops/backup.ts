/**
 * `npm run backup -- <file>`: the database and the photo bytes in one .tar.gz (backup-format.ts).
 *
 * - Embedded database (no DATABASE_URL): the PGlite files of DATA_DIR, copied while this process
 *   holds the data directory's lock. PGlite cannot be read from a second process while the server
 *   has it open (no pg_dump reaches it, and a second opener corrupts it), so with the server
 *   running the command refuses and says so; stop the server, back up (seconds), start it again.
 *   The copy is opened first (recovering it if the server was killed), its tables counted and
 *   checksummed, and closed cleanly, so the files copied are a shut-down database.
 * - PostgreSQL (DATABASE_URL): `pg_dump --format=custom` while the server runs. The dump and the
 *   table checksums read one exported snapshot, so they describe the same moment.
 * - Photos: every file of the blob directory whose bytes match its SHA-256 name, copied after the
 *   database was read, so every photo the backed-up database lists is there unless its bytes were
 *   already missing (listed in the manifest and printed).
 *
 * The archive is written to `<file>.partial` and renamed when complete: a file named <file> is
 * always a whole backup.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import pg from 'pg';
import { SHA256_PATTERN, sha256Of } from '../blobs/blob-store';
import { LOCK_FILE, lockDataDir } from '../db/data-dir-lock';
import type { Env } from '../env';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BLOBS_PREFIX,
  CHECKSUMS_NAME,
  MANIFEST_NAME,
  PGDATA_PREFIX,
  POSTGRES_DUMP_NAME,
  blobDirOf,
  tableStats,
  totalRows,
  type Manifest,
  type RunSql,
  type TableStats,
} from './backup-format';
import { isMainModule, OpsError, runCli } from './cli';
import { findPgTool, runPgTool, splitPassword } from './pg-tools';
import { createTarGzWriter, type ArchiveEntry, type TarWriter } from './tar';

export type BackupOptions = {
  file: string;
  env: Pick<Env, 'DATA_DIR' | 'BLOB_DIR' | 'DATABASE_URL'>;
  /** Directory holding pg_dump (PostgreSQL only); found automatically when unset. */
  pgBinDir?: string | undefined;
  /** Progress and warnings, one line each. */
  log?: (line: string) => void;
};

export type BackupResult = { file: string; manifest: Manifest; bytes: number };

type DatabaseRead = { serverVersion: string; tables: TableStats; blobShas: string[]; pgDumpMajor?: number };

/** PGlite files never copied: our lock, and PGlite's marker of an open database. */
const NOT_COPIED = new Set([LOCK_FILE, 'postmaster.pid']);

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const file = resolve(options.file);
  if (existsSync(file)) throw new OpsError(`${options.file} already exists: choose another file name`);
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const blobDir = resolve(blobDirOf(options.env));
  const writer = createTarGzWriter(partial);
  const entries: ArchiveEntry[] = [];
  try {
    let read: DatabaseRead;
    let kind: Manifest['kind'];
    if (options.env.DATABASE_URL) {
      kind = 'postgres';
      read = await backupPostgres(options.env.DATABASE_URL, writer, entries, options.pgBinDir, log);
    } else {
      kind = 'embedded';
      read = await backupEmbedded(resolve(options.env.DATA_DIR), blobDir, writer, entries, log);
    }
    const photos = await addBlobs(blobDir, writer, entries, log);
    const missingBlobs = read.blobShas.filter((sha) => !photos.copied.has(sha)).sort();
    if (missingBlobs.length > 0) {
      log(
        `Warning: ${missingBlobs.length} photo(s) listed in the database have no bytes in ${blobDir}; see missingBlobs in the manifest.`,
      );
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      kind,
      createdAt: new Date().toISOString(),
      serverVersion: read.serverVersion,
      ...(read.pgDumpMajor === undefined ? {} : { pgDumpMajor: read.pgDumpMajor }),
      tables: read.tables,
      blobs: photos.copied.size,
      missingBlobs,
    };
    entries.push(await writer.addBytes(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2))));
    await writer.addBytes(CHECKSUMS_NAME, Buffer.from(JSON.stringify({ entries }, null, 1)));
    await writer.finish();
    await rename(partial, file);
    return { file, manifest, bytes: (await stat(file)).size };
  } catch (error) {
    await writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

async function backupEmbedded(
  dataDir: string,
  blobDir: string,
  writer: TarWriter,
  entries: ArchiveEntry[],
  log: (line: string) => void,
): Promise<DatabaseRead> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new OpsError(`No embedded database in ${dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  }
  // Refuses while the server (or another backup or restore) has the directory open.
  const lock = lockDataDir(dataDir, 'backup');
  try {
    log(`Reading the embedded database in ${dataDir}…`);
    const client = await PGlite.create(dataDir);
    let read: DatabaseRead;
    try {
      const run: RunSql = async (text) => (await client.exec(text)).at(-1)?.rows ?? [];
      read = await readDatabase(run);
    } finally {
      await client.close();
    }
    const files = await listFiles(dataDir, (path) => {
      const rel = relative(dataDir, path);
      // The photos are added on their own (blobs/…), also when they live inside DATA_DIR.
      return !(NOT_COPIED.has(rel) || path === blobDir);
    });
    for (const { path, directory } of files) {
      const name = `${PGDATA_PREFIX}${relative(dataDir, path).split(sep).join('/')}`;
      if (directory) await writer.addDirectory(name);
      else entries.push(await writer.addFile(name, path));
    }
    log(`Copied ${files.filter((f) => !f.directory).length} database files.`);
    return read;
  } finally {
    lock.release();
  }
}

async function backupPostgres(
  databaseUrl: string,
  writer: TarWriter,
  entries: ArchiveEntry[],
  pgBinDir: string | undefined,
  log: (line: string) => void,
): Promise<DatabaseRead> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch((error: unknown) => {
    throw new OpsError(`Cannot connect to DATABASE_URL: ${(error as Error).message}`);
  });
  const workDir = await mkdtemp(join(tmpdir(), 'binaan-backup-'));
  try {
    // One snapshot for the checksums and pg_dump: both see the same rows whatever the server writes.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [exported] = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows;
    const [version] = (
      await client.query<{ num: string }>("SELECT current_setting('server_version_num') AS num")
    ).rows;
    const serverMajor = Math.floor(Number(version?.num ?? 0) / 10000);
    const tool = findPgTool('pg_dump', serverMajor, { pgBinDir });
    if (tool.major !== serverMajor)
      log(`Using pg_dump ${tool.major} for PostgreSQL ${serverMajor} (${tool.path}).`);
    const run: RunSql = async (text) => {
      const result = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
    };
    const read = await readDatabase(run);
    log('Dumping the PostgreSQL database (pg_dump)…');
    const dumpPath = join(workDir, 'postgres.dump');
    const { url, password } = splitPassword(databaseUrl);
    await runPgTool(
      tool,
      ['--format=custom', `--snapshot=${exported?.id ?? ''}`, `--file=${dumpPath}`, `--dbname=${url}`],
      password,
    );
    await client.query('COMMIT');
    entries.push(await writer.addFile(POSTGRES_DUMP_NAME, dumpPath));
    return { ...read, pgDumpMajor: tool.major };
  } finally {
    await client.end().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

async function readDatabase(run: RunSql): Promise<DatabaseRead> {
  const [version] = await run('SELECT version() AS version');
  const tables = await tableStats(run);
  const blobShas = tables['public.blobs']
    ? (await run('SELECT sha256 FROM public.blobs')).map((row) => String(row.sha256))
    : [];
  return { serverVersion: String(version?.version ?? ''), tables, blobShas };
}

/**
 * Folders and files under `root` (sorted, each folder before its contents), leaving out any path
 * `keep` rejects and what is below it.
 */
async function listFiles(
  root: string,
  keep: (path: string) => boolean,
): Promise<Array<{ path: string; directory: boolean }>> {
  const files: Array<{ path: string; directory: boolean }> = [];
  const walk = async (dir: string) => {
    const children = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const child of children) {
      const path = join(dir, child.name);
      if (!keep(path)) continue;
      if (child.isDirectory()) {
        files.push({ path, directory: true });
        await walk(path);
      } else if (child.isFile()) files.push({ path, directory: false });
      else
        throw new OpsError(
          `${path} is neither a file nor a folder: binaan's data directory holds only those`,
        );
    }
  };
  await walk(root);
  return files;
}

/** Adds each photo whose bytes match its name; a damaged one is left out and reported. */
async function addBlobs(
  blobDir: string,
  writer: TarWriter,
  entries: ArchiveEntry[],
  log: (line: string) => void,
): Promise<{ copied: Set<string> }> {
  const copied = new Set<string>();
  if (!existsSync(blobDir)) return { copied };
  const prefixes = (await readdir(blobDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  let bytes = 0;
  for (const prefix of prefixes) {
    const names = (await readdir(join(blobDir, prefix))).filter(
      (name) => SHA256_PATTERN.test(name) && name.startsWith(prefix),
    );
    for (const name of names.sort()) {
      // Photos are small (the phone compresses them); whole in memory, as the blob store reads them.
      const content = await readFile(join(blobDir, prefix, name));
      if (sha256Of(content) !== name) {
        log(
          `Warning: ${join(blobDir, prefix, name)} does not match its SHA-256 (damaged on disk); left out.`,
        );
        continue;
      }
      entries.push(await writer.addBytes(`${BLOBS_PREFIX}${prefix}/${name}`, content));
      copied.add(name);
      bytes += content.length;
    }
  }
  log(`Copied ${copied.size} photos (${formatBytes(bytes)}).`);
  return { copied };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function describeBackup(result: BackupResult): string {
  const { manifest } = result;
  const what = manifest.kind === 'embedded' ? 'embedded database' : 'PostgreSQL database';
  return (
    `Backup written to ${result.file} (${formatBytes(result.bytes)}): ${what}, ` +
    `${Object.keys(manifest.tables).length} tables, ${totalRows(manifest.tables)} rows, ${manifest.blobs} photos.`
  );
}

const USAGE = 'npm run backup -- <file.tar.gz> [--pg-bin <directory of pg_dump>]';

if (isMainModule(import.meta.url)) {
  await runCli('Backup', USAGE, async (args, env) => {
    if (args.force) throw new OpsError(`--force is for restore. Usage: ${USAGE}`);
    const result = await createBackup({
      file: args.file,
      env,
      pgBinDir: args.pgBin,
      log: (line) => console.log(line),
    });
    return describeBackup(result);
  });
}
