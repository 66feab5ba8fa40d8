/**
 * Prepares the machine for `npm test` (which runs this with tsx before vitest): Debian's Chromium
 * for the browser journeys, and a local PostgreSQL server with a `binaan_test` role and database
 * for the PostgreSQL half of the server suite. Idempotent: a second run changes nothing.
 *
 * As root it installs and starts what is missing; otherwise it stops with one line saying what to
 * run. Setting DATABASE_URL_TEST skips the local PostgreSQL entirely (CI with a service database).
 * The URL it settles on goes to .tmp/test-env.json, where tests/helpers/postgres.ts reads it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CHROMIUM_PATH } from './chromium';

const ROLE = 'binaan_test';
const PASSWORD = 'binaan_test';
const DATABASE = 'binaan_test';
const TMP_DIR = fileURLToPath(new URL('../../.tmp/', import.meta.url));
const TEST_ENV_FILE = fileURLToPath(new URL('../../.tmp/test-env.json', import.meta.url));

class SetupError extends Error {}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

type RunResult = { ok: boolean; stdout: string; stderr: string };

function run(command: string, args: readonly string[], input?: string): RunResult {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? (result.error ? String(result.error) : ''),
  };
}

function runOrFail(what: string, command: string, args: readonly string[], input?: string): string {
  const result = run(command, args, input);
  if (!result.ok) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ');
    throw new SetupError(`${what} failed: ${detail}`);
  }
  return result.stdout;
}

let aptUpdated = false;
function aptInstall(pkg: string): void {
  if (!aptUpdated) {
    runOrFail('apt-get update', 'apt-get', ['update']);
    aptUpdated = true;
  }
  runOrFail(`apt-get install ${pkg}`, 'apt-get', ['install', '-y', '--no-install-recommends', pkg]);
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (!isRoot()) throw new SetupError('Chromium missing: run `sudo apt-get install -y chromium`');
  console.log(
    `Chromium missing at ${CHROMIUM_PATH}: installing Debian's chromium (apt-get install -y chromium)…`,
  );
  aptInstall('chromium');
  if (!existsSync(CHROMIUM_PATH))
    throw new SetupError(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
}

type Cluster = { version: string; name: string; port: number; online: boolean };

function hasCommand(command: string): boolean {
  return run('sh', ['-c', `command -v ${command}`]).ok;
}

function listClusters(): Cluster[] {
  const output = runOrFail('pg_lsclusters', 'pg_lsclusters', ['--no-header']);
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4 && /^\d+$/.test(fields[2] ?? ''))
    .map(([version = '', name = '', port = '', status = '']) => ({
      version,
      name,
      port: Number(port),
      online: status.startsWith('online'),
    }));
}

/** The cluster to use: `main` of the newest version, else the newest of any name. */
function pickCluster(clusters: readonly Cluster[]): Cluster | undefined {
  const byVersion = [...clusters].sort((a, b) => Number(b.version) - Number(a.version));
  return byVersion.find((c) => c.name === 'main') ?? byVersion[0];
}

function psqlAsPostgres(port: number, sql: string): string {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-p', String(port), '-d', 'postgres', '-At'];
  return runOrFail('psql as postgres', 'runuser', ['-u', 'postgres', '--', 'psql', ...args], sql);
}

/** Role with CREATEDB (tests make scratch databases) and its database; safe to run again. */
const SETUP_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
  ELSE
    ALTER ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
  END IF;
END
$$;
SELECT 'CREATE DATABASE ${DATABASE} OWNER ${ROLE}'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${DATABASE}')
\\gexec
`;

function ensurePostgres(): string {
  if (!hasCommand('pg_lsclusters')) {
    if (!isRoot()) throw new SetupError('PostgreSQL missing: run `sudo apt-get install -y postgresql`');
    console.log('PostgreSQL missing: installing Debian’s postgresql (apt-get install -y postgresql)…');
    aptInstall('postgresql');
  }
  let cluster = pickCluster(listClusters());
  if (!cluster) {
    throw new SetupError('No PostgreSQL cluster found: run `sudo pg_createcluster --start 15 main`');
  }
  if (!cluster.online) {
    if (!isRoot()) {
      throw new SetupError(
        `PostgreSQL is down: run \`sudo pg_ctlcluster ${cluster.version} ${cluster.name} start\``,
      );
    }
    console.log(`Starting PostgreSQL ${cluster.version}/${cluster.name} (pg_ctlcluster start)…`);
    runOrFail('pg_ctlcluster start', 'pg_ctlcluster', [cluster.version, cluster.name, 'start']);
    cluster = pickCluster(listClusters()) ?? cluster;
  }
  if (isRoot()) psqlAsPostgres(cluster.port, SETUP_SQL);
  return `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${cluster.port}/${DATABASE}`;
}

async function checkConnection(url: string, hint = ''): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SetupError(`Cannot connect to the test database ${redact(url)}: ${reason}${hint}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function main(): Promise<void> {
  ensureChromium();
  const fromEnv = process.env.DATABASE_URL_TEST;
  if (fromEnv) {
    await checkConnection(fromEnv, ' (check DATABASE_URL_TEST)');
    return;
  }
  const databaseUrl = ensurePostgres();
  await checkConnection(
    databaseUrl,
    isRoot() ? '' : ` (as root, \`npm test\` creates the ${ROLE} role and database)`,
  );
  mkdirSync(TMP_DIR, { recursive: true });
  writeFileSync(TEST_ENV_FILE, `${JSON.stringify({ databaseUrl }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof SetupError ? error.message : error);
  process.exit(1);
});
