import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '@/server/auth/rate-limit';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../helpers/server';

describe('login rate limiting', () => {
  let s: TestServer;
  let clock = Date.parse('2026-11-23T08:00:00Z');
  beforeAll(async () => {
    s = await startTestServer('embedded', {
      now: () => new Date(clock),
      loginLimiter: createLoginLimiter({
        perAccount: { limit: 3, windowMs: 60_000 },
        perAddress: { limit: 6, windowMs: 60_000 },
      }),
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
