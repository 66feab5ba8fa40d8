/**
 * Starts the real server (src/server/main.ts, exactly what `npm start` runs after building) as a
 * child process on a free loopback port with a fresh embedded database, for browser journeys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A loopback port nothing listens on right now (for a server process of a test or bench). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type ServerChild = { url: string; child: ChildProcess; output: () => string };

/**
 * src/server/main.ts in a Node process of its own (`node --import tsx`, not the tsx CLI: the pid is
 * the server's, so a signal or /proc reading reaches it, and a SIGKILL leaves no child behind), on a
 * free loopback port; resolves once /api/health answers. A server that exits or does not answer
 * within `timeoutMs` is killed and the error carries its output (and `label`, e.g. a test's seed).
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { timeoutMs?: number; label?: string } = {},
): Promise<ServerChild> {
  const port = await freePort();
  const about = options.label ? ` (${options.label})` : '';
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited at start${about}:\n${output}`);
    }
    const up = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false, // not listening yet
    );
    if (up) return { url, child, output: () => output };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time${about}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type AppProcess = { url: string; output: () => string; stop: () => Promise<void> };

export async function startAppProcess(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<AppProcess> {
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'binaan-e2e-'));
  const { url, child, output } = await spawnServer({ DATA_DIR: dataDir, ...env });
  return {
    url,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs main.ts expecting it to exit (bad configuration); returns its exit code and output. */
export function runAppExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
