import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createApp } from '@/server/app';
import { bootstrap, type BootstrapResult } from '@/server/seed/bootstrap';
import { businesses, organisations, users, visits } from '@/server/db/schema';
import { cityRegions } from '@/server/reference/regions';
import { freshDatabase, testDeps, type TestDatabase } from '../../helpers/server';

describe('first start with demo data', () => {
  let database: TestDatabase;
  let result: BootstrapResult;
  beforeAll(async () => {
    database = await freshDatabase('embedded');
    result = await bootstrap(database.db, {
      demo: true,
      cityCode: '63.71',
      adminUsername: 'admin',
      demoBusinesses: 120,
    });
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('creates the clearly labelled demo city of Banjarmasin', async () => {
    expect(result.kind).toBe('demo');
    const [org] = await database.db.select().from(organisations);
    expect(org?.isDemo).toBe(true);
    expect(org?.regionCode).toBe('63.71');
    expect(org?.name).toMatch(/^DEMO/);
  });

  it('uses only real Banjarmasin kecamatan/kelurahan codes', async () => {
    const regions = cityRegions('63.71');
    const validVillages = new Set(
      regions?.districts.flatMap((d) => d.villages.map((v) => `${d.code}|${v.code}`)),
    );
    const rows = await database.db
      .select({ d: businesses.districtCode, v: businesses.villageCode })
      .from(businesses);
    expect(rows).toHaveLength(120);
    for (const row of rows) expect(validVillages.has(`${row.d}|${row.v}`), `${row.d} ${row.v}`).toBe(true);
  });

  it('has some months of visits', async () => {
    const [n] = await database.db.select({ n: count() }).from(visits);
    expect(n?.n).toBeGreaterThan(100);
    const rows = await database.db.select({ at: visits.visitedAt }).from(visits);
    const days = rows.map((r) => (Date.now() - r.at.getTime()) / 86_400_000);
    expect(Math.max(...days)).toBeGreaterThan(90);
  });

  it('the demo accounts sign in with binaan-demo and the sign-in page is told it is demo data', async () => {
    const app = createApp(testDeps(database));
    for (const username of ['koordinator', 'pendamping1', 'pendamping2']) {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'binaan-demo' }),
      });
      expect(res.status, username).toBe(200);
    }
    const config = (await (await app.request('/api/public/config')).json()) as {
      demo: boolean;
      demoAccounts: string[];
    };
    expect(config.demo).toBe(true);
    expect(config.demoAccounts).toEqual(['koordinator', 'pendamping1', 'pendamping2']);
  });
});

describe('first start with BINAAN_DEMO=0', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('embedded');
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('creates only one coordinator, with a generated password shown once, and no demo data', async () => {
    const result = await bootstrap(database.db, { demo: false, cityCode: '65.71', adminUsername: 'admin' });
    expect(result.kind).toBe('empty');
    if (result.kind !== 'empty') return;
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(result.organisationName).toContain('Kota Tarakan');
    const all = await database.db.select().from(users);
    expect(all.map((u) => [u.username, u.role])).toEqual([['admin', 'coordinator']]);
    expect(await database.db.select().from(businesses)).toHaveLength(0);
    const app = createApp(testDeps(database));
    const config = (await (await app.request('/api/public/config')).json()) as { demo: boolean };
    expect(config.demo).toBe(false);
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: result.generatedPassword }),
    });
    expect(res.status).toBe(200);
    const [admin] = await database.db.select().from(users).where(eq(users.username, 'admin'));
    expect(admin?.passwordHash).not.toContain(result.generatedPassword ?? '');
  });
});
