/**
 * The embedded data directory's lock (data-dir-lock.ts): held by a live process it refuses a second
 * opener, left by a dead one it is taken over, and only its owner removes it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, dataDirHolder, lockDataDir } from '@/server/db/data-dir-lock';

function writeLock(dir: string, pid: number, bootedAt = Date.now() - uptime() * 1000): void {
  const content = { pid, host: hostname(), bootedAt, purpose: 'server', since: '2025-01-01T00:00:00.000Z' };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(content));
}

describe('data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'binaan-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder while the first lives, and frees the directory on release', () => {
    const first = lockDataDir(dir, 'server');
    expect(() => lockDataDir(dir, 'backup')).toThrow(DataDirInUseError);
    expect(dataDirHolder(dir)?.pid).toBe(process.pid);
    first.release();
    expect(dataDirHolder(dir)).toBeNull();
    lockDataDir(dir, 'backup').release();
  });

  it('names the live process that holds it', () => {
    writeLock(dir, process.ppid);
    expect(() => lockDataDir(dir, 'backup')).toThrow(`is in use by process ${process.ppid} (server`);
  });

  it('takes over a lock whose process is gone or that predates the last boot', () => {
    writeLock(dir, 2 ** 22 + 12345);
    const taken = lockDataDir(dir, 'backup');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    taken.release();
    writeLock(dir, process.ppid, Date.now() - uptime() * 1000 - 3_600_000);
    lockDataDir(dir, 'backup').release();
  });

  it('leaves alone a lock another process took over', () => {
    const mine = lockDataDir(dir, 'server');
    writeLock(dir, process.ppid);
    mine.release();
    expect(dataDirHolder(dir)?.pid).toBe(process.ppid);
  });
});
