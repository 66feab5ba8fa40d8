import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

describe.each(BACKENDS)('system routes on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('health names the database in use', async () => {
    const res = await s.json('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: backend, version: 'test' });
  });

  it('the public config says there is no demo data when none was seeded', async () => {
    const body = (await (await s.json('/api/public/config')).json()) as {
      demo: boolean;
      demoAccounts: unknown;
    };
    expect(body).toMatchObject({ demo: false, demoAccounts: null });
  });

  it('serves an OpenAPI 3.1 document with every route and its schemas', async () => {
    const doc = (await (await s.json('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/health', 'get'],
      ['/api/public/config', 'get'],
      ['/api/auth/login', 'post'],
      ['/api/auth/logout', 'post'],
      ['/api/me', 'get'],
      ['/api/users', 'get'],
      ['/api/businesses', 'get'],
      ['/api/businesses/{id}', 'get'],
      ['/api/reference/regions', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'LoginRequest', 'SessionUser']),
    );
    const business = JSON.stringify(doc.paths['/api/businesses/{id}']?.get?.responses['200']);
    for (const field of ['villageCode', 'districtCode', 'kbli', 'licences', 'ownerNik'])
      expect(business).toContain(field);
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(doc.paths['/api/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
  });

  it('serves a human-readable API page listing the routes', async () => {
    const res = await s.json('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/api/auth/login');
    expect(html).toContain('/api/businesses/{id}');
    expect(html).not.toContain('<script');
  });
});
