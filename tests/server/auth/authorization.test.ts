import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

type BusinessList = {
  businesses: Array<{ id: string; organisationId: string; ownerNik: string | null }>;
  next: string | null;
};

describe.each(BACKENDS)('authorization by role and organisation on %s', (backend) => {
  let s: TestServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer(backend);
    for (const name of ['koor-a', 'coach-a', 'coach-a2', 'owner-a', 'koor-b'])
      tokens[name] = await s.login(name);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('every non-public API route refuses a request without a session', async () => {
    for (const path of [
      '/api/me',
      '/api/users',
      '/api/businesses',
      `/api/businesses/${s.fixture.businessOfCoachA}`,
      '/api/reference/regions',
      '/api/anything-else',
    ]) {
      expect((await s.json(path)).status, path).toBe(401);
    }
    expect((await s.json('/api/auth/logout', { method: 'POST' })).status).toBe(401);
  });

  it('a coach cannot reach coordinator routes', async () => {
    const res = await s.json('/api/users', { token: tokens['coach-a'] });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('an owner cannot reach coordinator routes', async () => {
    expect((await s.json('/api/users', { token: tokens['owner-a'] })).status).toBe(403);
  });

  it("a coordinator lists only their own organisation's accounts", async () => {
    const res = await s.json('/api/users', { token: tokens['koor-b'] });
    expect(res.status).toBe(200);
    const { users } = (await res.json()) as { users: Array<{ username: string }> };
    expect(users.map((u) => u.username)).toEqual(['koor-b']);
  });

  it("a coordinator sees all of their organisation's businesses and none of another's", async () => {
    const a = (await (await s.json('/api/businesses', { token: tokens['koor-a'] })).json()) as BusinessList;
    expect(a.businesses.map((b) => b.id).sort()).toEqual(
      [s.fixture.businessOfCoachA, s.fixture.businessOfOtherCoachA].sort(),
    );
    const b = (await (await s.json('/api/businesses', { token: tokens['koor-b'] })).json()) as BusinessList;
    expect(b.businesses.map((x) => x.id)).toEqual([s.fixture.businessOfB]);
  });

  it('a user of one organisation gets 404 for a row of another, as if it did not exist', async () => {
    const res = await s.json(`/api/businesses/${s.fixture.businessOfB}`, { token: tokens['koor-a'] });
    expect(res.status).toBe(404);
  });

  it('a coach sees only the businesses assigned to them', async () => {
    const list = (await (
      await s.json('/api/businesses', { token: tokens['coach-a'] })
    ).json()) as BusinessList;
    expect(list.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfCoachA]);
    expect(
      (await s.json(`/api/businesses/${s.fixture.businessOfOtherCoachA}`, { token: tokens['coach-a'] }))
        .status,
    ).toBe(404);
  });

  it('an owner sees only their own business', async () => {
    const list = (await (
      await s.json('/api/businesses', { token: tokens['owner-a'] })
    ).json()) as BusinessList;
    expect(list.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfCoachA]);
    expect(
      (await s.json(`/api/businesses/${s.fixture.businessOfOtherCoachA}`, { token: tokens['owner-a'] }))
        .status,
    ).toBe(404);
  });

  it('the regions of the caller’s own city are served, never another city’s', async () => {
    const a = (await (await s.json('/api/reference/regions', { token: tokens['coach-a'] })).json()) as {
      city: { code: string };
      districts: Array<{ code: string; villages: unknown[] }>;
    };
    expect(a.city.code).toBe('63.71');
    expect(a.districts).toHaveLength(5);
    expect(a.districts.flatMap((d) => d.villages)).toHaveLength(52);
    const b = (await (await s.json('/api/reference/regions', { token: tokens['koor-b'] })).json()) as {
      city: { code: string };
    };
    expect(b.city.code).toBe('65.71');
  });
});
