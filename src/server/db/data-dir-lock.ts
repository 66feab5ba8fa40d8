/**
 * One process at a time on an embedded data directory. PGlite itself opens a directory that another
 * process already has open without a word (its postmaster.pid holds no real process id), and two
 * PostgreSQL instances writing the same files corrupt them. So the server, `npm run backup` and
 * `npm run restore` each take this lock first: `<dataDir>/binaan.lock`, created exclusively.
 *
 * A lock left by a process that died (killed, power cut) is stale and taken over: its process is
 * gone, or the machine has booted since it was written. A lock from another machine (a shared disk)
 * cannot be checked and counts as held.
 */
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const LOCK_FILE = 'binaan.lock';

const lockSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  /** When the machine booted (ms since 1970), to tell a reused process id after a reboot. */
  bootedAt: z.number(),
  purpose: z.string(),
  since: z.string(),
});
type LockContent = z.infer<typeof lockSchema>;

export class DataDirInUseError extends Error {}

export type DataDirLock = { release: () => void };

/** Boot time rounded: uptime is read at a slightly different moment by each process. */
function bootedAt(): number {
  return Date.now() - Math.round(uptime() * 1000);
}
const BOOT_TOLERANCE_MS = 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isStale(lock: LockContent | null): boolean {
  // Unreadable: written by a process that died mid-write (the write is a few bytes).
  if (!lock) return true;
  if (lock.host !== hostname()) return false;
  if (Math.abs(lock.bootedAt - bootedAt()) > BOOT_TOLERANCE_MS) return true;
  return !processAlive(lock.pid);
}

/** The process holding the directory, or null when no live process does. */
export function dataDirHolder(dataDir: string): LockContent | null {
  const lock = readLock(join(dataDir, LOCK_FILE));
  return lock && !isStale(lock) ? lock : null;
}

/**
 * Takes the lock for `purpose` ('server', 'backup', 'restore') or throws DataDirInUseError naming
 * the holder. The directory must exist.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    bootedAt: bootedAt(),
    purpose,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(content), { flag: 'wx' });
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          // Only our own lock: never remove one a later process took over.
          if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (!isStale(holder) && holder) {
        const where =
          holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
        throw new DataDirInUseError(
          `The data directory ${dataDir} is in use by ${where} (${holder.purpose}, since ${holder.since}). ` +
            `Stop it first; if no such process runs, delete ${path}.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(
    `Could not lock the data directory ${dataDir}: another process keeps taking it.`,
  );
}
