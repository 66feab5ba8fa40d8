/**
 * The PostgreSQL server the tests use: DATABASE_URL_TEST when set, else the local server that
 * `npm test` prepared (tests/helpers/ensure-test-env.ts writes its URL to .tmp/test-env.json).
 * Each test that needs a database gets a scratch one of its own, so files can run in any order.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';

const TEST_ENV_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../.tmp/test-env.json');
const testEnvSchema = z.object({ databaseUrl: z.string().min(1) });

export function testDatabaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL_TEST;
  if (fromEnv) return fromEnv;
  if (existsSync(TEST_ENV_FILE)) {
    const parsed = testEnvSchema.safeParse(JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')));
    if (parsed.success) return parsed.data.databaseUrl;
  }
  throw new Error(
    'No test PostgreSQL: run `npm test` (it prepares one and writes .tmp/test-env.json) or set DATABASE_URL_TEST',
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export type ScratchDatabase = { url: string; drop: () => Promise<void> };

/** A new empty database owned by the test role; drop() removes it even with connections open. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const base = testDatabaseUrl();
  const baseUrl = new URL(base);
  const owner = decodeURIComponent(baseUrl.username) || 'binaan_test';
  const name = `binaan_t_${randomBytes(6).toString('hex')}`;
  await withClient(base, (client) => client.query(`CREATE DATABASE ${name} OWNER ${quoteIdent(owner)}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(base, async (client) => {
        // An autovacuum worker busy on a freshly filled database cannot be ended by a non-superuser
        // (42501); it finishes within seconds, so try again a few times before giving up.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            return;
          } catch (error) {
            if ((error as { code?: string }).code !== '42501' || attempt >= 10) throw error;
            await new Promise((r) => setTimeout(r, 1_000));
          }
        }
      }),
  };
}
