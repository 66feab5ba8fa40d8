import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '@/server/auth/rate-limit';
import { createApp } from '@/server/app';
import { loginAttempts } from '@/server/db/schema';
import { BACKENDS, startTestServer, TEST_PASSWORD, testDeps, type TestServer } from '../../helpers/server';

describe('login rate limiting', () => {
  let s: TestServer;
  let clock = Date.parse('2026-11-23T08:00:00Z');
  beforeAll(async () => {
    s = await startTestServer('embedded', {
      now: () => new Date(clock),
      loginRules: {
        perAccount: { limit: 3, windowMs: 60_000 },
        perAddress: { limit: 6, windowMs: 60_000 },
      },
    });
  });
  afterAll(async () => {
    await s.dispose();
  });

  const attempt = (username: string, password: string, address: string) =>
    s.json('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      headers: { 'x-forwarded-for': address },
    });

  it('locks an account after repeated failures, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 3; i++)
      expect((await attempt('coach-a', 'wrong-password', `10.0.0.${i}`)).status).toBe(401);
    const locked = await attempt('coach-a', TEST_PASSWORD, '10.0.0.9');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await locked.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_attempts');
    expect(body.error.message).toMatch(/Coba lagi dalam \d+ detik/);
    clock += 61_000;
    expect((await attempt('coach-a', TEST_PASSWORD, '10.0.0.9')).status).toBe(200);
  });

  it('limits one address trying many accounts', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    for (const name of names) expect((await attempt(name, 'x-password', '192.0.2.7')).status).toBe(401);
    expect((await attempt('koor-a', TEST_PASSWORD, '192.0.2.7')).status).toBe(429);
    expect((await attempt('koor-a', TEST_PASSWORD, '192.0.2.8')).status).toBe(200);
  });
});

describe('login lockout with the production limits (5 failures per account, 30 attempts per address, 15 minutes)', () => {
  let s: TestServer;
  let clock = Date.parse('2026-11-23T08:00:00Z');
  beforeAll(async () => {
    s = await startTestServer('embedded', { now: () => new Date(clock) });
  });
  afterAll(async () => {
    await s.dispose();
  });

  const attempt = (username: string, password: string, address = '198.51.100.4') =>
    s.json('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      headers: { 'x-forwarded-for': address },
    });

  it('five wrong passwords lock the account for the window; another account from the same address is unaffected until the address limit', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('coach-a', `salah-${i}`)).status).toBe(401);
    const locked = await attempt('coach-a', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    // From elsewhere too: the lock is on the account, not only on this address.
    expect((await attempt('coach-a', TEST_PASSWORD, '203.0.113.50')).status).toBe(429);

    // The same address may still sign in another account. Refused (429) attempts do not count:
    // 6 attempts so far, and up to 30 in the window.
    expect((await attempt('coach-a2', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 24; i++) expect((await attempt(`nama-${i}`, 'salah')).status).toBe(401);
    // Then the address is locked for every account; the accounts themselves are not.
    const addressLocked = await attempt('koor-b', TEST_PASSWORD);
    expect(addressLocked.status).toBe(429);
    expect(Number(addressLocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('koor-b', TEST_PASSWORD, '203.0.113.51')).status).toBe(200);

    clock += 14 * 60_000;
    expect((await attempt('coach-a', TEST_PASSWORD, '203.0.113.52')).status).toBe(429);
    clock += 60_000 + 1;
    expect((await attempt('coach-a', TEST_PASSWORD, '203.0.113.52')).status).toBe(200);
  });
});

describe.each(BACKENDS)('login throttling across server processes on %s', (backend) => {
  // Two app instances over one database, as two processes behind a load balancer are.
  let s: TestServer;
  let other: ReturnType<typeof createApp>;
  const clock = Date.parse('2026-11-23T08:00:00Z');
  const rules = { perAccount: { limit: 3, windowMs: 60_000 }, perAddress: { limit: 100, windowMs: 60_000 } };
  beforeAll(async () => {
    s = await startTestServer(backend, { now: () => new Date(clock), loginRules: rules });
    other = createApp(
      testDeps(s.database, {
        now: () => new Date(clock),
        loginLimiter: createLoginLimiter(s.database.db, rules),
      }),
    );
  });
  afterAll(async () => {
    await s.dispose();
  });

  const attempt = (app: ReturnType<typeof createApp>, username: string, password: string) =>
    Promise.resolve(
      app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
        body: JSON.stringify({ username, password }),
      }),
    );

  it('counts failures on one process against the account on every process', async () => {
    expect((await attempt(s.app, 'coach-a', 'salah-1')).status).toBe(401);
    expect((await attempt(other, 'coach-a', 'salah-2')).status).toBe(401);
    expect((await attempt(s.app, 'coach-a', 'salah-3')).status).toBe(401);
    // Locked on both, with the right password too: three processes would not give nine tries.
    expect((await attempt(other, 'coach-a', TEST_PASSWORD)).status).toBe(429);
    expect((await attempt(s.app, 'coach-a', TEST_PASSWORD)).status).toBe(429);
    // Another account is not touched.
    expect((await attempt(other, 'coach-a2', TEST_PASSWORD)).status).toBe(200);
  });

  it('keeps neither the account name nor the address, only a hash of each', async () => {
    const rows = await s.database.db.select().from(loginAttempts);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.keyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(row)).not.toMatch(/coach-a|198\.51\.100\.9/);
    }
  });
});
