import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessSchema } from '@/shared/domain/business';
import { bootstrap } from '@/server/seed/bootstrap';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

describe.each(BACKENDS)('business routes on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('returns businesses that parse with the shared schema (one definition for wire and server)', async () => {
    const token = await s.login('koor-a');
    const res = await s.json(`/api/businesses/${s.fixture.businessOfCoachA}`, { token });
    expect(res.status).toBe(200);
    const parsed = businessSchema.safeParse(await res.json());
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.licences.nib).toBe('1234567890123');
    expect(parsed.data?.villageCode).toBe('63.71.01.1001');
  });

  it('shows NIK to staff', async () => {
    const token = await s.login('coach-a');
    const body = (await (
      await s.json(`/api/businesses/${s.fixture.businessOfCoachA}`, { token })
    ).json()) as { ownerNik: string | null };
    expect(body.ownerNik).toBe('6371014507850001');
  });

  it('pages with a keyset cursor without gaps or repeats', async () => {
    const token = await s.login('koor-a');
    const first = (await (await s.json('/api/businesses?limit=1', { token })).json()) as {
      businesses: Array<{ id: string }>;
      next: string;
    };
    expect(first.businesses).toHaveLength(1);
    expect(first.next).toBe(first.businesses[0]?.id);
    const second = (await (
      await s.json(`/api/businesses?limit=1&after=${first.next}`, { token })
    ).json()) as {
      businesses: Array<{ id: string }>;
      next: string | null;
    };
    expect(second.businesses).toHaveLength(1);
    expect(second.next).toBeNull();
    expect(new Set([...first.businesses, ...second.businesses].map((b) => b.id)).size).toBe(2);
  });

  it('rejects a bad page size with the field path', async () => {
    const token = await s.login('koor-a');
    const res = await s.json('/api/businesses?limit=100000', { token });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Array<{ path: string }> } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields.map((f) => f.path)).toContain('limit');
  });

  it('rejects a malformed id in the path with 400', async () => {
    const token = await s.login('koor-a');
    const res = await s.json('/api/businesses/not-a-uuid', { token });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ path: string; message: string }> } };
    expect(body.error.fields[0]).toEqual({ path: 'id', message: 'ID tidak sah.' });
  });

  it('bootstrap does nothing on a database that already has an organisation', async () => {
    const result = await bootstrap(s.database.db, { demo: true, cityCode: '63.71', adminUsername: 'admin' });
    expect(result.kind).toBe('existing');
  });
});
