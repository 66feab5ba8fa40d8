/**
 * `npm run backup` and `npm run restore` on both backends: a city with synced rows and photo bytes
 * is backed up, restored into a fresh place, opened by the server's own connect (migrations run),
 * and every table must hold the same rows (count and a checksum of every row, computed here, not
 * by the code under test) and every photo the same bytes. A damaged file or a target holding data
 * is refused with the target left as it was.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore, sha256Of } from '@/server/blobs/blob-store';
import { openEmbedded, openPostgres, rowsOf, type Database } from '@/server/db/connect';
import { DataDirInUseError } from '@/server/db/data-dir-lock';
import { blobs, photos } from '@/server/db/schema';
import { createBackup } from '@/server/ops/backup';
import { findPgTool, PgToolError } from '@/server/ops/pg-tools';
import { restoreBackup } from '@/server/ops/restore';
import { seedServerDataset } from '../../helpers/large-dataset-server';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres';
import { BACKENDS, seedFixture, type Backend } from '../../helpers/server';

const ROOT = join(import.meta.dirname, '../../..');

type TableSnapshot = Record<string, { rows: number; md5: string }>;

/** Every table's row count and the md5 of all its rows in a fixed order: the test's own measure. */
async function snapshot(database: Database): Promise<TableSnapshot> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await database.db.execute(
      sql.raw(`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
               WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`),
    ),
  );
  const result: TableSnapshot = {};
  for (const { schema, name } of tables) {
    const [row] = rowsOf<{ rows: string; md5: string | null }>(
      await database.db.execute(
        sql.raw(`SELECT count(*)::text AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS md5
                 FROM "${schema}"."${name}" t`),
      ),
    );
    result[`${schema}.${name}`] = { rows: Number(row?.rows), md5: row?.md5 ?? '' };
  }
  return result;
}

/** A city: the fixture's two organisations, a coach's synced caseload, and three photos with bytes. */
async function seedCity(database: Database, blobDir: string): Promise<Map<string, Uint8Array>> {
  const fixture = await seedFixture(database);
  await seedServerDataset(database, {
    organisationId: fixture.orgA,
    coachId: fixture.coachA,
    regionCode: '63.71',
    businesses: 40,
    visits: 120,
    followUps: 15,
    checklistStates: 15,
  });
  const store = createBlobStore(blobDir);
  const photoBytes = new Map<string, Uint8Array>();
  for (let i = 0; i < 3; i++) {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, ...randomBytes(3000 + i * 500)]);
    const sha256 = sha256Of(bytes);
    expect(await store.put(sha256, bytes)).toBe(true);
    photoBytes.set(sha256, bytes);
    await database.db.insert(blobs).values({
      sha256,
      organisationId: fixture.orgA,
      mimeType: 'image/jpeg',
      byteSize: bytes.length,
    });
    await database.db.insert(photos).values({
      id: randomUUID(),
      organisationId: fixture.orgA,
      version: 2,
      sha256,
      mimeType: 'image/jpeg',
      byteSize: bytes.length,
      width: 1600,
      height: 1200,
      kind: 'premises',
      businessId: fixture.businessOfCoachA,
      takenAt: new Date(),
    });
  }
  return photoBytes;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function tableCount(url: string): Promise<number> {
  const database = await openPostgresWithoutMigrations(url);
  try {
    const [row] = (
      await database.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
      )
    ).rows;
    return Number(row?.n);
  } finally {
    await database.end();
  }
}

async function openPostgresWithoutMigrations(url: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

function runNpm(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(BACKENDS)('backup and restore (%s)', (backend: Backend) => {
  const work = mkdtempSync(join(tmpdir(), `binaan-backup-${backend}-`));
  const sourceDataDir = join(work, 'source-data');
  const sourceBlobDir = join(sourceDataDir, 'blobs');
  const backupFile = join(work, 'city.tar.gz');
  const scratches: ScratchDatabase[] = [];
  let source: ScratchDatabase | null = null;
  let before: TableSnapshot;
  let photoBytes: Map<string, Uint8Array>;

  const sourceEnv = () => ({ DATA_DIR: sourceDataDir, DATABASE_URL: source?.url });
  async function scratch(): Promise<ScratchDatabase> {
    const database = await createScratchDatabase();
    scratches.push(database);
    return database;
  }

  beforeAll(async () => {
    if (backend === 'postgres') source = await scratch();
    const database = source ? await openPostgres(source.url) : await openEmbedded(sourceDataDir);
    try {
      photoBytes = await seedCity(database, sourceBlobDir);
      before = await snapshot(database);
      if (backend === 'postgres') {
        // PostgreSQL is backed up with the server running: the source stays open meanwhile.
        await createBackup({ file: backupFile, env: sourceEnv() });
      }
    } finally {
      await database.close();
    }
    if (backend === 'embedded') await createBackup({ file: backupFile, env: sourceEnv() });
  }, 60_000);

  afterAll(async () => {
    for (const database of scratches) await database.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('restores every row of every table and every photo byte into an empty target', async () => {
    const dataDir = join(work, 'restored-data');
    const target = backend === 'postgres' ? await scratch() : null;
    const env = { DATA_DIR: dataDir, DATABASE_URL: target?.url };
    const result = await restoreBackup({ file: backupFile, env });
    expect(result.movedAside).toEqual([]);

    // The server's own connect opens it and runs its migrations over it.
    const restored = target ? await openPostgres(target.url) : await openEmbedded(dataDir);
    try {
      const after = await snapshot(restored);
      expect(Object.keys(after).length).toBeGreaterThan(20);
      expect(after['public.visits']?.rows).toBe(120);
      expect(after['public.photos']?.rows).toBe(3);
      expect(after).toEqual(before);
    } finally {
      await restored.close();
    }
    const store = createBlobStore(join(dataDir, 'blobs'));
    for (const [sha256, bytes] of photoBytes) {
      const back = await store.read(sha256);
      expect(back && sha256Of(back)).toBe(sha256);
      expect(back?.length).toBe(bytes.length);
    }
  }, 60_000);

  it('refuses a target that already holds data and leaves it as it was', async () => {
    const dataDir = join(work, 'occupied-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'notes.txt'), 'keep me');
    const target = backend === 'postgres' ? await scratch() : null;
    if (target) {
      const client = await openPostgresWithoutMigrations(target.url);
      await client.query('CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (1)');
      await client.end();
      await expect(
        restoreBackup({
          file: backupFile,
          env: { DATA_DIR: join(work, 'pg-data'), DATABASE_URL: target.url },
        }),
      ).rejects.toThrow(/DATABASE_URL is not empty/);
      expect(await tableCount(target.url)).toBe(1);
    } else {
      await expect(restoreBackup({ file: backupFile, env: { DATA_DIR: dataDir } })).rejects.toThrow(
        /is not empty/,
      );
    }
    expect(filesUnder(dataDir)).toEqual([join(dataDir, 'notes.txt')]);
    expect(readFileSync(join(dataDir, 'notes.txt'), 'utf8')).toBe('keep me');
  }, 30_000);

  it('with --force replaces a target that holds data, keeping the old files aside', async () => {
    const dataDir = join(work, 'forced-data');
    mkdirSync(join(dataDir, 'blobs', 'aa'), { recursive: true });
    writeFileSync(join(dataDir, 'notes.txt'), 'old');
    const target = backend === 'postgres' ? await scratch() : null;
    if (target) {
      const client = await openPostgresWithoutMigrations(target.url);
      await client.query('CREATE TABLE keep_me (id int)');
      await client.end();
    }
    const env = { DATA_DIR: dataDir, DATABASE_URL: target?.url };
    const result = await restoreBackup({ file: backupFile, env, force: true });
    if (target) {
      // PostgreSQL: the old tables are dropped; the photo folder held only empty folders.
      expect(result.movedAside).toEqual([]);
      const restored = await openPostgres(target.url);
      try {
        expect(await snapshot(restored)).toEqual(before);
      } finally {
        await restored.close();
      }
    } else {
      expect(result.movedAside).toHaveLength(1);
      const aside = result.movedAside[0] ?? '';
      expect(aside).toMatch(/forced-data\.before-restore-/);
      expect(readFileSync(join(aside, 'notes.txt'), 'utf8')).toBe('old');
      expect(existsSync(join(dataDir, 'notes.txt'))).toBe(false);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    }
    expect(filesUnder(join(dataDir, 'blobs')).length).toBe(photoBytes.size);
  }, 60_000);

  it('refuses a truncated or corrupted backup file and leaves the target untouched', async () => {
    const whole = readFileSync(backupFile);
    const truncated = join(work, 'truncated.tar.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const corrupted = join(work, 'corrupted.tar.gz');
    const damaged = Buffer.from(whole);
    for (let i = 0; i < 64; i++) {
      const at = Math.floor(damaged.length / 2) + i;
      damaged[at] = (damaged[at] ?? 0) ^ 0x5a;
    }
    writeFileSync(corrupted, damaged);
    for (const file of [truncated, corrupted]) {
      const dataDir = join(work, `untouched-${randomUUID()}`);
      const target = backend === 'postgres' ? await scratch() : null;
      await expect(
        restoreBackup({ file, env: { DATA_DIR: dataDir, DATABASE_URL: target?.url } }),
      ).rejects.toThrow(/is damaged or incomplete: .*Nothing was restored/);
      expect(filesUnder(dataDir)).toEqual([]);
      if (target) expect(await tableCount(target.url)).toBe(0);
      // No staging folder is left behind.
      expect(readdirSync(work).filter((name) => name.startsWith('.binaan-restore-'))).toEqual([]);
    }
  }, 30_000);

  if (backend === 'embedded') {
    it('refuses to back up while the server has the embedded database open', async () => {
      const running = await openEmbedded(sourceDataDir);
      try {
        const file = join(work, 'while-running.tar.gz');
        await expect(createBackup({ file, env: { DATA_DIR: sourceDataDir } })).rejects.toThrow(
          DataDirInUseError,
        );
        await expect(createBackup({ file, env: { DATA_DIR: sourceDataDir } })).rejects.toThrow(
          /is in use by process/,
        );
        expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
      } finally {
        await running.close();
      }
    }, 30_000);
  }

  if (backend === 'postgres') {
    it('the documented npm commands back up and restore (exit codes and one-line reports)', async () => {
      const file = join(work, 'by-npm.tar.gz');
      const backedUp = await runNpm('backup', [file], {
        DATA_DIR: sourceDataDir,
        DATABASE_URL: source?.url ?? '',
      });
      expect(backedUp.code).toBe(0);
      expect(backedUp.stdout).toMatch(
        /Backup written to .*by-npm\.tar\.gz .*PostgreSQL database, \d+ tables, \d+ rows, 3 photos\./,
      );

      const target = await scratch();
      const dataDir = join(work, 'npm-data');
      const env = { DATA_DIR: dataDir, DATABASE_URL: target.url };
      const restored = await runNpm('restore', [file], env);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/Restored the PostgreSQL database in DATABASE_URL: .* 3 photos/);
      const again = await runNpm('restore', [file], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^Restore failed: The database in DATABASE_URL is not empty/m);

      const database = await openPostgres(target.url);
      try {
        expect(await snapshot(database)).toEqual(before);
      } finally {
        await database.close();
      }
    }, 60_000);
  }
});

describe('pg_dump and pg_restore versions', () => {
  const bin = mkdtempSync(join(tmpdir(), 'binaan-pg-bin-'));
  const fakeTool = (name: string, version: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} (PostgreSQL) ${version}"\n`);
    chmodSync(join(bin, name), 0o755);
  };
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('refuses a pg_dump older than the server, saying which version to install', () => {
    fakeTool('pg_dump', '14.12');
    expect(() => findPgTool('pg_dump', 16, { pgBinDir: bin })).toThrow(PgToolError);
    expect(() => findPgTool('pg_dump', 16, { pgBinDir: bin })).toThrow(
      /pg_dump 16 or newer is needed .*found only pg_dump 14 .*postgresql-client-16\) or pass --pg-bin/,
    );
  });

  it('takes a tool of the same or a newer major version, and a pg_restore no older than the dump', () => {
    fakeTool('pg_dump', '17.2');
    expect(findPgTool('pg_dump', 17, { pgBinDir: bin })).toEqual({ path: join(bin, 'pg_dump'), major: 17 });
    expect(findPgTool('pg_dump', 15, { pgBinDir: bin }).major).toBe(17);
    fakeTool('pg_restore', '16.4');
    expect(() => findPgTool('pg_restore', 15, { pgBinDir: bin, atLeast: 17 })).toThrow(
      /pg_restore 17 or newer/,
    );
  });
});
