import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions, users } from '@/server/db/schema';
import { BACKENDS, startTestServer, TEST_PASSWORD, type TestServer } from '../../helpers/server';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('auth routes on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('signs in with the right password and returns a token and the user', async () => {
    const res = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'coach-a', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: { id: string; role: string; name: string } };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ id: s.fixture.coachA, role: 'coach', name: 'Coach A' });
  });

  it('stores only the hash of the session token', async () => {
    const token = await s.login('koor-a');
    const rows = await s.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, s.fixture.coordinatorA));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.tokenHash).not.toContain(token);
  });

  it('answers a wrong password with 401 and an Indonesian message', async () => {
    const res = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'coach-a2', password: 'salah-salah-salah' },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toEqual({
      code: 'invalid_credentials',
      message: 'Nama pengguna atau kata sandi salah.',
    });
  });

  it('answers in English when the client prefers it', async () => {
    const res = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'nobody', password: 'whatever-1' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toBe('Wrong username or password.');
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const res = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'tidak-ada', password: 'apa-saja-123' },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_credentials');
  });

  it('/api/me returns the user and organisation for a valid token', async () => {
    const token = await s.login('coach-a');
    const res = await s.json('/api/me', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { id: string; role: string };
      organisation: { id: string; name: string };
    };
    expect(body.user).toMatchObject({ id: s.fixture.coachA, role: 'coach' });
    expect(body.organisation).toMatchObject({ id: s.fixture.orgA, name: 'Kota A' });
    expect(body.user).not.toHaveProperty('sessionId');
  });

  it('logout revokes the token at once', async () => {
    const token = await s.login('coach-a');
    expect((await s.json('/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    const res = await s.json('/api/me', { token });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unauthenticated');
  });

  it('an expired token is refused', async () => {
    const token = await s.login('koor-a');
    await s.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, s.fixture.coordinatorA));
    const res = await s.json('/api/me', { token });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toBe(
      'Sesi Anda sudah berakhir. Silakan masuk lagi.',
    );
  });

  it('a deactivated account can neither sign in nor use its old token', async () => {
    const token = await s.login('owner-a');
    await s.database.db.update(users).set({ active: false }).where(eq(users.id, s.fixture.ownerA));
    expect((await s.json('/api/me', { token })).status).toBe(401);
    const res = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'owner-a', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('account_inactive');
    await s.database.db.update(users).set({ active: true }).where(eq(users.id, s.fixture.ownerA));
  });

  it('a garbage bearer token is 401, not a crash', async () => {
    expect((await s.json('/api/me', { headers: { authorization: 'Bearer ../../etc/passwd' } })).status).toBe(
      401,
    );
    expect((await s.json('/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});
