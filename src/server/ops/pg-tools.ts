/**
 * Finds pg_dump and pg_restore of a usable major version and runs them without putting the
 * password on a command line (where `ps` shows it): it travels in PGPASSWORD.
 *
 * pg_dump refuses a server of a newer major version than itself, and a dump is only readable by a
 * pg_restore at least as new as the pg_dump that wrote it. So the tool must match the server's
 * major version (preferred) or be newer. Looked for in: the --pg-bin directory when given (only
 * there), else Debian/Ubuntu's /usr/lib/postgresql/<major>/bin, then PATH, then any other
 * /usr/lib/postgresql/<n>/bin. None fits: a one-line error saying which version to install.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type PgToolName = 'pg_dump' | 'pg_restore';
export type PgTool = { path: string; major: number };

export class PgToolError extends Error {}

const DEBIAN_ROOT = '/usr/lib/postgresql';

export function toolMajor(path: string): number | null {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout) ?? /\s(\d+)(?:\.\d+)+/.exec(result.stdout);
  return match?.[1] ? Number(match[1]) : null;
}

function candidates(tool: PgToolName, serverMajor: number, pgBinDir: string | undefined): string[] {
  if (pgBinDir) return [join(pgBinDir, tool)];
  const debian = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const list = [join(DEBIAN_ROOT, String(serverMajor), 'bin', tool), tool];
  for (const version of debian) list.push(join(DEBIAN_ROOT, version, 'bin', tool));
  return [...new Set(list)];
}

/**
 * The tool for a server of `serverMajor`: the same major if any, else the oldest newer one; never
 * older than `serverMajor` nor than `atLeast` (pg_restore: the major of the pg_dump that wrote).
 */
export function findPgTool(
  tool: PgToolName,
  serverMajor: number,
  options: { pgBinDir?: string | undefined; atLeast?: number } = {},
): PgTool {
  const found: PgTool[] = [];
  for (const path of candidates(tool, serverMajor, options.pgBinDir)) {
    const major = toolMajor(path);
    if (major !== null) found.push({ path, major });
  }
  const floor = Math.max(serverMajor, options.atLeast ?? 0);
  const usable = found.filter((t) => t.major >= floor).sort((a, b) => a.major - b.major);
  const best = usable.find((t) => t.major === serverMajor) ?? usable[0];
  if (best) return best;
  const seen = found.length
    ? `found only ${found.map((t) => `${tool} ${t.major} (${t.path})`).join(', ')}`
    : `no ${tool} found${options.pgBinDir ? ` in ${options.pgBinDir}` : ''}`;
  throw new PgToolError(
    `${tool} ${floor} or newer is needed (the PostgreSQL server is version ${serverMajor}); ${seen}. ` +
      `Install the PostgreSQL ${floor} client tools (Debian/Ubuntu: apt-get install postgresql-client-${floor}) ` +
      `or pass --pg-bin <directory holding ${tool}>.`,
  );
}

/** The URL without its password, and the password for PGPASSWORD. */
export function splitPassword(databaseUrl: string): { url: string; password: string | null } {
  const url = new URL(databaseUrl);
  const password = url.password ? decodeURIComponent(url.password) : null;
  url.password = '';
  return { url: url.toString(), password };
}

/** Runs a PostgreSQL tool; rejects with its last lines of stderr when it fails. */
export function runPgTool(tool: PgTool, args: readonly string[], password: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (password !== null) env.PGPASSWORD = password;
    const child = spawn(tool.path, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const name = tool.path.split('/').pop() ?? tool.path;
        const detail = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new PgToolError(`${name} failed (exit ${code ?? 'signal'}): ${detail}`));
      }
    });
  });
}
