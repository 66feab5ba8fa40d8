/**
 * First start on an empty database: either the demo city (default) or a bare installation with
 * one coordinator. Runs inside one transaction, so a crash half-way leaves an empty database that
 * the next start bootstraps again, never a half-seeded one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/connect';
import {
  businesses,
  checklistStates,
  followUps,
  organisations,
  syncState,
  systemSettings,
  users,
  visits,
} from '../db/schema';
import { hashPassword } from '../auth/password';
import { cityRegions } from '../reference/regions';
import { buildDemoCity } from './demo-data';
import { DEMO_PASSWORD, DEMO_SETTING_KEY, demoSettingSchema } from './demo-constants';
import { seededRandom } from './random';

export type BootstrapResult =
  | { kind: 'existing' }
  | { kind: 'demo'; organisationName: string; accounts: string[]; businesses: number; visits: number }
  | { kind: 'empty'; organisationName: string; username: string; generatedPassword: string | null };

export type BootstrapOptions = {
  demo: boolean;
  cityCode: string;
  cityName?: string | undefined;
  adminUsername: string;
  adminPassword?: string | undefined;
  demoBusinesses?: number;
  now?: Date;
};

async function insertInBatches<T extends Record<string, unknown>>(
  insert: (rows: T[]) => Promise<unknown>,
  rows: T[],
  size = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function bootstrap(db: Db, options: BootstrapOptions): Promise<BootstrapResult> {
  const existing = await db.select({ n: count() }).from(organisations);
  if ((existing[0]?.n ?? 0) > 0) return { kind: 'existing' };
  return options.demo ? seedDemo(db, options) : seedEmpty(db, options);
}

async function seedEmpty(db: Db, options: BootstrapOptions): Promise<BootstrapResult> {
  const regions = cityRegions(options.cityCode);
  const organisationName =
    options.cityName ?? `Dinas Koperasi dan UMKM ${regions?.city.name ?? options.cityCode}`;
  const generatedPassword = options.adminPassword ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(options.adminPassword ?? generatedPassword ?? '');
  await db.transaction(async (tx) => {
    const organisationId = randomUUID();
    await tx.insert(organisations).values({
      id: organisationId,
      name: organisationName,
      regionCode: options.cityCode,
      isDemo: false,
      coverageTarget: null,
    });
    await tx.insert(syncState).values({ organisationId, version: 0 });
    await tx.insert(users).values({
      id: randomUUID(),
      organisationId,
      username: options.adminUsername,
      name: 'Koordinator',
      role: 'coordinator',
      passwordHash,
    });
    await tx.insert(systemSettings).values({ key: DEMO_SETTING_KEY, value: { active: false, accounts: [] } });
  });
  return { kind: 'empty', organisationName, username: options.adminUsername, generatedPassword };
}

async function seedDemo(db: Db, options: BootstrapOptions): Promise<BootstrapResult> {
  const cityCode = '63.71';
  const regions = cityRegions(cityCode);
  if (!regions) throw new Error('Region data for Kota Banjarmasin (63.71) is missing');
  const rng = seededRandom(6371);
  const now = options.now ?? new Date();
  const organisationId = rng.uuid();
  const coordinatorId = rng.uuid();
  const coachIds: [string, string] = [rng.uuid(), rng.uuid()];
  const organisationName = 'DEMO — Dinas Koperasi, UMKM dan Tenaga Kerja Kota Banjarmasin';
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const city = buildDemoCity(
    rng,
    regions,
    { organisationId, coordinatorId, coachIds },
    { businesses: options.demoBusinesses ?? 300, now },
  );
  const accounts = ['koordinator', 'pendamping1', 'pendamping2'];

  await db.transaction(async (tx) => {
    await tx.insert(organisations).values({
      id: organisationId,
      name: organisationName,
      regionCode: cityCode,
      isDemo: true,
      coverageTarget: 3100,
    });
    await tx.insert(syncState).values({ organisationId, version: 1 });
    await tx.insert(users).values([
      {
        id: coordinatorId,
        organisationId,
        username: 'koordinator',
        name: 'Rahmawati',
        role: 'coordinator',
        passwordHash,
      },
      {
        id: coachIds[0],
        organisationId,
        username: 'pendamping1',
        name: 'Ahmad Fauzi',
        role: 'coach',
        passwordHash,
        phone: '+6281251000001',
      },
      {
        id: coachIds[1],
        organisationId,
        username: 'pendamping2',
        name: 'Siti Nurhaliza',
        role: 'coach',
        passwordHash,
        phone: '+6281251000002',
      },
    ]);
    const v = { version: 1 };
    await insertInBatches(
      (rows) => tx.insert(businesses).values(rows),
      city.businessRows.map((r) => ({ ...r, ...v })),
    );
    await insertInBatches(
      (rows) => tx.insert(visits).values(rows),
      city.visitRows.map((r) => ({ ...r, ...v })),
    );
    await insertInBatches(
      (rows) => tx.insert(followUps).values(rows),
      city.followUpRows.map((r) => ({ ...r, ...v })),
    );
    await insertInBatches(
      (rows) => tx.insert(checklistStates).values(rows),
      city.checklistRows.map((r) => ({ ...r, ...v })),
    );
    await tx.insert(systemSettings).values({ key: DEMO_SETTING_KEY, value: { active: true, accounts } });
  });
  return {
    kind: 'demo',
    organisationName,
    accounts,
    businesses: city.businessRows.length,
    visits: city.visitRows.length,
  };
}

/** Whether the database holds the demo city, and its accounts (for the console and sign-in page). */
export async function readDemoSetting(db: Db): Promise<{ active: boolean; accounts: string[] }> {
  const rows = await db
    .select()
    .from(systemSettings)
    .where(eq(systemSettings.key, DEMO_SETTING_KEY))
    .limit(1);
  const parsed = demoSettingSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : { active: false, accounts: [] };
}
