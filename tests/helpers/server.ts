/**
 * The in-process server for tests: createApp over a fresh database of either backend.
 * Embedded databases start from a migrated dump made once per test process (migrating PGlite
 * takes seconds); PostgreSQL ones are new scratch databases on the local server.
 */
import { PGlite } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@/server/app';
import { createLoginLimiter, type LoginLimiter } from '@/server/auth/rate-limit';
import { hashPassword } from '@/server/auth/password';
import { openEmbedded, openPostgres, type Database } from '@/server/db/connect';
import { businesses, organisations, syncState, users } from '@/server/db/schema';
import type { AppDeps } from '@/server/deps';
import { createScratchDatabase } from './postgres';

export type Backend = 'embedded' | 'postgres';
export const BACKENDS: readonly Backend[] = ['embedded', 'postgres'];

let migratedDump: Promise<Blob> | null = null;
async function migratedEmbeddedDump(): Promise<Blob> {
  migratedDump ??= (async () => {
    const database = await openEmbedded('memory://');
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none');
    await database.close();
    return dump;
  })();
  return migratedDump;
}

export type TestDatabase = Database & { dispose: () => Promise<void> };

export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'embedded') {
    const database = await openEmbedded('memory://', { loadDataDir: await migratedEmbeddedDump() });
    return { ...database, dispose: database.close };
  }
  const scratch = await createScratchDatabase();
  const database = await openPostgres(scratch.url);
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

export function testDeps(database: Database, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    database,
    version: 'test',
    sessionDays: 30,
    loginLimiter: createLoginLimiter(database.db),
    trustProxy: true,
    logger: null,
    now: () => new Date(),
    staticDir: null,
    maxJsonBytes: 64 * 1024,
    blobDir: mkdtempSync(join(tmpdir(), 'binaan-blobs-')),
    ...overrides,
  };
}

export const TEST_PASSWORD = 'correct-horse-battery';
/** Cheap scrypt cost for fixtures only; production uses the default cost. */
const FAST_COST = { N: 1024, r: 8, p: 1 };

export type Fixture = {
  orgA: string;
  orgB: string;
  coordinatorA: string;
  coachA: string;
  otherCoachA: string;
  ownerA: string;
  coordinatorB: string;
  businessOfCoachA: string;
  businessOfOtherCoachA: string;
  businessOfB: string;
};

function businessRow(id: string, organisationId: string, coachId: string | null, name: string) {
  return {
    id,
    organisationId,
    version: 1,
    name,
    ownerName: 'Siti Aminah',
    ownerNik: '6371014507850001',
    phone: '+6281234567890',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    sector: 'makanan_olahan',
    licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
    assignedCoachId: coachId,
    isFood: true,
  };
}

/** Two cities; in A a coordinator, two coaches and an owner; in B a coordinator. */
export async function seedFixture(database: Database): Promise<Fixture> {
  const { db } = database;
  const f: Fixture = {
    orgA: randomUUID(),
    orgB: randomUUID(),
    coordinatorA: randomUUID(),
    coachA: randomUUID(),
    otherCoachA: randomUUID(),
    ownerA: randomUUID(),
    coordinatorB: randomUUID(),
    businessOfCoachA: randomUUID(),
    businessOfOtherCoachA: randomUUID(),
    businessOfB: randomUUID(),
  };
  const passwordHash = await hashPassword(TEST_PASSWORD, FAST_COST);
  await db.insert(organisations).values([
    { id: f.orgA, name: 'Kota A', regionCode: '63.71', isDemo: false },
    { id: f.orgB, name: 'Kota B', regionCode: '65.71', isDemo: false },
  ]);
  await db.insert(syncState).values([
    { organisationId: f.orgA, version: 1 },
    { organisationId: f.orgB, version: 1 },
  ]);
  await db.insert(users).values([
    {
      id: f.coordinatorA,
      organisationId: f.orgA,
      username: 'koor-a',
      name: 'Koor A',
      role: 'coordinator',
      passwordHash,
    },
    {
      id: f.coachA,
      organisationId: f.orgA,
      username: 'coach-a',
      name: 'Coach A',
      role: 'coach',
      passwordHash,
    },
    {
      id: f.otherCoachA,
      organisationId: f.orgA,
      username: 'coach-a2',
      name: 'Coach A2',
      role: 'coach',
      passwordHash,
    },
    {
      id: f.coordinatorB,
      organisationId: f.orgB,
      username: 'koor-b',
      name: 'Koor B',
      role: 'coordinator',
      passwordHash,
    },
  ]);
  await db.insert(businesses).values([
    businessRow(f.businessOfCoachA, f.orgA, f.coachA, 'Amplang Berkah'),
    businessRow(f.businessOfOtherCoachA, f.orgA, f.otherCoachA, 'Sasirangan Intan'),
    {
      ...businessRow(f.businessOfB, f.orgB, null, 'Kerupuk Tarakan'),
      districtCode: '65.71.01',
      villageCode: '65.71.01.1001',
    },
  ]);
  await db.insert(users).values({
    id: f.ownerA,
    organisationId: f.orgA,
    username: 'owner-a',
    name: 'Owner A',
    role: 'owner',
    passwordHash,
    businessId: f.businessOfCoachA,
  });
  return f;
}

export type TestServer = {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  fixture: Fixture;
  limiter: LoginLimiter;
  login: (username: string, password?: string) => Promise<string>;
  json: (
    path: string,
    init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<Response>;
  dispose: () => Promise<void>;
};

/** `loginRules`: the sign-in throttle's limits (the production ones unless given). */
export async function startTestServer(
  backend: Backend,
  options: Partial<AppDeps> & { loginRules?: Parameters<typeof createLoginLimiter>[1] } = {},
): Promise<TestServer> {
  const { loginRules, ...overrides } = options;
  const database = await freshDatabase(backend);
  const fixture = await seedFixture(database);
  const limiter = overrides.loginLimiter ?? createLoginLimiter(database.db, loginRules);
  const app = createApp(testDeps(database, { ...overrides, loginLimiter: limiter }));
  const json: TestServer['json'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    return Promise.resolve(app.request(path, { method: init.method ?? 'GET', headers, body }));
  };
  const login = async (username: string, password = TEST_PASSWORD) => {
    const res = await json('/api/auth/login', { method: 'POST', body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    const data = (await res.json()) as { token: string };
    return data.token;
  };
  return { app, database, fixture, limiter, login, json, dispose: database.dispose };
}
