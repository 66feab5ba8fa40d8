/**
 * The city's API (issue 6) on both backends: the token's life (made once, stored hashed, revoked),
 * who may manage tokens, what a token may reach (its scopes, its organisation, never another route
 * of the app), personal data only with the grant, paging that misses nothing while rows change,
 * the rate limit, and the use log.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import { rowsOf } from '@/server/db/connect';
import { apiTokens, apiTokenUses, auditLog } from '@/server/db/schema';
import {
  apiTokenListSchema,
  apiTokenSchema,
  apiTokenUsesSchema,
  type ApiScope,
} from '@/shared/domain/api-token';
import { BACKENDS, startTestServer, testDeps, type TestServer } from '../../helpers/server';
import {
  ALL_SCOPES,
  insertBusinesses,
  insertVisit,
  makeApiToken,
  setHorizon,
  touchBusiness,
} from '../../helpers/city-api';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};
type Page = {
  data: Array<Record<string, unknown> & { id: string; name?: string; deleted_at: string | null }>;
  next_cursor: string | null;
  has_more: boolean;
};
type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>
  >;
};

/** The scope each v1 route family needs, by its first path segment after /api/v1/. */
const SCOPE_OF: Record<string, ApiScope> = {
  businesses: 'businesses',
  visits: 'visits',
  statistics: 'statistics',
};

function fillPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, (name) => (name === '{sha256}' ? 'a'.repeat(64) : randomUUID()));
}

describe.each(BACKENDS)('city API on %s', (backend) => {
  let s: TestServer;
  let koorA: string;
  let koorB: string;
  let everything: string;
  let spec: OpenApiDocument;

  async function get(path: string, token: string, headers: Record<string, string> = {}) {
    return s.json(path, { token, headers });
  }
  async function page(path: string, token: string): Promise<Page> {
    const res = await get(path, token);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  }
  async function usesOf(id: string) {
    const res = await s.json(`/api/tokens/${id}/uses?limit=500`, { token: koorA });
    expect(res.status).toBe(200);
    return apiTokenUsesSchema.parse(await res.json()).uses;
  }

  beforeAll(async () => {
    s = await startTestServer(backend, { cityApiRateLimit: { requests: 10_000, windowMs: 60_000 } });
    koorA = await s.login('koor-a');
    koorB = await s.login('koor-b');
    everything = (await makeApiToken(s, koorA, { name: 'Semua' })).token;
    spec = (await (await s.json('/api/openapi.json')).json()) as OpenApiDocument;
  }, 120_000);
  afterAll(async () => {
    await s.dispose();
  });

  describe('tokens', () => {
    it('is shown once, starts with bnn_, and only its SHA-256 is stored', async () => {
      const created = await makeApiToken(s, koorA, { name: 'Dasbor Wali Kota', scopes: ['statistics'] });
      expect(created.token).toMatch(/^bnn_[A-Za-z0-9_-]{43}$/);
      expect(created.apiToken.prefix).toBe(created.token.slice(4, 12));
      const [row] = await s.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.apiToken.id));
      expect(row?.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const rows = rowsOf<{ json: string }>(
        await s.database.db.execute(sql`SELECT row_to_json(t)::text AS json FROM api_tokens t`),
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.json).not.toContain(created.token.slice(4));
      const list = apiTokenListSchema.parse(await (await s.json('/api/tokens', { token: koorA })).json());
      const listed = list.tokens.find((t) => t.id === created.apiToken.id);
      expect(listed).toMatchObject({
        name: 'Dasbor Wali Kota',
        scopes: ['statistics'],
        createdByName: 'Koor A',
      });
      expect(JSON.stringify(list)).not.toContain(created.token.slice(4));
    });

    it('records its creation and revocation in the audit log', async () => {
      const created = await makeApiToken(s, koorA, { personalData: true, scopes: ['businesses'] });
      const revoke = await s.json(`/api/tokens/${created.apiToken.id}/revoke`, {
        method: 'POST',
        token: koorA,
      });
      expect(revoke.status).toBe(200);
      const revoked = apiTokenSchema.parse(((await revoke.json()) as { apiToken: unknown }).apiToken);
      expect(revoked.revokedAt).not.toBeNull();
      expect(revoked.revokedByName).toBe('Koor A');
      const again = await s.json(`/api/tokens/${created.apiToken.id}/revoke`, {
        method: 'POST',
        token: koorA,
      });
      expect(((await again.json()) as { apiToken: { revokedAt: string } }).apiToken.revokedAt).toBe(
        revoked.revokedAt,
      );
      const entries = await s.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, created.apiToken.id))
        .orderBy(auditLog.id);
      expect(entries.map((e) => e.action)).toEqual(['api_token.create', 'api_token.revoke']);
      expect(entries[0]?.detail).toMatchObject({ personalData: true, scopes: ['businesses'] });
      expect(entries[0]?.userId).toBe(s.fixture.coordinatorA);
    });

    it('is managed by coordinators only', async () => {
      const coach = await s.login('coach-a');
      expect((await s.json('/api/tokens', { token: coach })).status).toBe(403);
      const post = await s.json('/api/tokens', {
        method: 'POST',
        token: coach,
        body: { name: 'X', scopes: ['businesses'], personalData: false },
      });
      expect(post.status).toBe(403);
    });

    it('of another organisation is invisible: not listed, not revocable, no use log (404)', async () => {
      const ofA = await makeApiToken(s, koorA);
      const list = apiTokenListSchema.parse(await (await s.json('/api/tokens', { token: koorB })).json());
      expect(list.tokens.map((t) => t.id)).not.toContain(ofA.apiToken.id);
      const revoke = await s.json(`/api/tokens/${ofA.apiToken.id}/revoke`, { method: 'POST', token: koorB });
      expect(revoke.status).toBe(404);
      expect((await s.json(`/api/tokens/${ofA.apiToken.id}/uses`, { token: koorB })).status).toBe(404);
      expect((await get('/api/v1/statistics', ofA.token)).status).toBe(200);
    });

    it('refuses a creation without scopes or with a past end date, naming the field', async () => {
      const none = await s.json('/api/tokens', {
        method: 'POST',
        token: koorA,
        body: { name: 'X', scopes: [], personalData: false },
      });
      expect(none.status).toBe(400);
      expect(((await none.json()) as ErrorBody).error.fields?.[0]?.path).toBe('scopes');
      const past = await s.json('/api/tokens', {
        method: 'POST',
        token: koorA,
        body: { name: 'X', scopes: ['visits'], personalData: false, expiresAt: '2020-01-01T00:00:00Z' },
      });
      expect(past.status).toBe(400);
      expect(((await past.json()) as ErrorBody).error.fields?.[0]?.path).toBe('expiresAt');
      const unknownScope = await s.json('/api/tokens', {
        method: 'POST',
        token: koorA,
        body: { name: 'X', scopes: ['users'], personalData: false },
      });
      expect(unknownScope.status).toBe(400);
    });
  });

  describe('authentication on /api/v1', () => {
    it('refuses no token, a person’s session, an unknown token, a revoked and an expired one with 401', async () => {
      const revoked = await makeApiToken(s, koorA);
      await s.json(`/api/tokens/${revoked.apiToken.id}/revoke`, { method: 'POST', token: koorA });
      const expired = await makeApiToken(s, koorA, {
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await s.database.db
        .update(apiTokens)
        .set({ expiresAt: new Date(Date.now() - 1_000) })
        .where(eq(apiTokens.id, expired.apiToken.id));
      const unknown = `bnn_${randomBytes(32).toString('base64url')}`;
      const cases: Array<[string, Response]> = [
        ['none', await s.json('/api/v1/businesses')],
        ['session', await get('/api/v1/businesses', koorA)],
        ['unknown', await get('/api/v1/businesses', unknown)],
        ['revoked', await get('/api/v1/businesses', revoked.token)],
        ['expired', await get('/api/v1/businesses', expired.token)],
      ];
      for (const [name, res] of cases) {
        expect(res.status, name).toBe(401);
        expect(((await res.json()) as ErrorBody).error.code, name).toBe('unauthenticated');
      }
      // Refused uses of a known token are logged for its coordinator to see.
      expect((await usesOf(revoked.apiToken.id)).map((u) => u.status)).toEqual([401]);
      expect((await usesOf(expired.apiToken.id)).map((u) => u.status)).toEqual([401]);
    });

    it('is refused on every other authenticated /api route (from the OpenAPI document)', async () => {
      const operations = Object.entries(spec.paths)
        .filter(([path]) => !path.startsWith('/api/v1/'))
        .flatMap(([path, methods]) =>
          Object.entries(methods)
            .filter(([, op]) => (op.security ?? []).length > 0)
            .map(([method]) => ({ method: method.toUpperCase(), path })),
        );
      expect(operations.length).toBeGreaterThan(20);
      expect(operations.map((o) => o.path)).toContain('/api/tokens');
      for (const { method, path } of operations) {
        const res = await s.app.request(fillPath(path), {
          method,
          headers: { authorization: `Bearer ${everything}`, 'content-type': 'application/json' },
          body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        // A HEAD answer has no body to read.
        if (method !== 'HEAD') {
          expect(((await res.json()) as ErrorBody).error.code, `${method} ${path}`).toBe('unauthenticated');
        }
      }
    });

    it('needs the route’s scope: 403 naming it for every /api/v1 route', async () => {
      const v1 = Object.keys(spec.paths).filter((path) => path.startsWith('/api/v1/'));
      expect(v1.sort()).toEqual([
        '/api/v1/businesses',
        '/api/v1/businesses/{id}',
        '/api/v1/statistics',
        '/api/v1/visits',
      ]);
      for (const path of v1) {
        const scope = SCOPE_OF[path.split('/')[3] ?? ''];
        expect(scope, path).toBeDefined();
        if (!scope) continue;
        const lacking = await makeApiToken(s, koorA, { scopes: ALL_SCOPES.filter((x) => x !== scope) });
        const only = await makeApiToken(s, koorA, { scopes: [scope] });
        const url = path.replace('{id}', s.fixture.businessOfCoachA);
        const refused = await get(url, lacking.token);
        expect(refused.status, path).toBe(403);
        const body = (await refused.json()) as ErrorBody;
        expect(body.error.code).toBe('forbidden');
        expect(body.error.message).toContain(scope);
        expect((await get(url, only.token)).status, path).toBe(200);
      }
    });
  });

  describe('businesses', () => {
    it('carries owner name, NIK and phone only for a personal-data token, and audits that read', async () => {
      const plain = await makeApiToken(s, koorA, { scopes: ['businesses'] });
      const personal = await makeApiToken(s, koorA, { scopes: ['businesses'], personalData: true });
      const id = s.fixture.businessOfCoachA;
      const without = (
        (await (await get(`/api/v1/businesses/${id}`, plain.token)).json()) as { data: object }
      ).data;
      const withData = (
        (await (await get(`/api/v1/businesses/${id}`, personal.token)).json()) as { data: object }
      ).data;
      for (const key of ['owner_name', 'owner_nik', 'phone']) {
        expect(without, key).not.toHaveProperty(key);
        expect(withData, key).toHaveProperty(key);
      }
      expect(withData).toMatchObject({
        owner_name: 'Siti Aminah',
        owner_nik: '6371014507850001',
        phone: '+6281234567890',
      });
      const listed = await page('/api/v1/businesses?limit=1000', plain.token);
      expect(JSON.stringify(listed)).not.toContain('6371014507850001');
      const audited = await s.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'api.personal_data_read')));
      expect(audited.map((a) => a.entityId)).toContain(personal.apiToken.id);
      expect(audited.map((a) => a.entityId)).not.toContain(plain.apiToken.id);
    });

    it('names Kemendagri codes, KBLI and NIB', async () => {
      const business = (
        (await (await get(`/api/v1/businesses/${s.fixture.businessOfCoachA}`, everything)).json()) as {
          data: Record<string, unknown>;
        }
      ).data;
      expect(business).toMatchObject({
        nib: '1234567890123',
        district: { code: '63.71.01', name: 'Banjarmasin Selatan' },
        village: { code: '63.71.01.1001' },
        coach: { id: s.fixture.coachA, name: 'Coach A' },
      });
      expect(typeof (business.village as { name: unknown }).name).toBe('string');
    });

    it("never shows another organisation's business: 404 by id, absent from the list", async () => {
      expect((await get(`/api/v1/businesses/${s.fixture.businessOfB}`, everything)).status).toBe(404);
      expect((await get(`/api/v1/businesses/${randomUUID()}`, everything)).status).toBe(404);
      const ofB = await makeApiToken(s, koorB, { scopes: ['businesses'] });
      const listB = await page('/api/v1/businesses', ofB.token);
      expect(listB.data.map((b) => b.id)).toEqual([s.fixture.businessOfB]);
      expect((await get(`/api/v1/businesses/${s.fixture.businessOfCoachA}`, ofB.token)).status).toBe(404);
    });

    it('walks every row while rows change between pages: each at least once, the latest state last, the untouched once', async () => {
      // An organisation of its own, so the walk sees only this test's rows.
      const org = randomUUID();
      await s.database.db.execute(
        sql`INSERT INTO organisations (id, name, region_code) VALUES (${org}, 'Kota C', '63.71')`,
      );
      await s.database.db.execute(sql`INSERT INTO sync_state (organisation_id, version) VALUES (${org}, 1)`);
      const ids = await insertBusinesses(s.database.db, org, 23);
      const token = `bnn_${randomBytes(32).toString('base64url')}`;
      await s.database.db.insert(apiTokens).values({
        id: randomUUID(),
        organisationId: org,
        name: 'walk',
        scopes: ['businesses'],
        personalData: false,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        prefix: token.slice(4, 12),
      });
      const seen: Array<{ id: string; name: string }> = [];
      const touched = new Map<string, string>();
      let cursor: string | null = null;
      for (let round = 0; round < 50; round++) {
        const answer: Page = await page(
          `/api/v1/businesses?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          token,
        );
        seen.push(...answer.data.map((b) => ({ id: b.id, name: String(b.name) })));
        cursor = answer.next_cursor;
        if (!answer.has_more) break;
        // Between pages: one row already read and one not read yet are written again.
        const read = ids[round];
        const ahead = ids[ids.length - 1 - round];
        for (const id of [read, ahead]) {
          if (!id) continue;
          const name = `Berubah ${round} ${id.slice(0, 4)}`;
          touched.set(id, name);
          await touchBusiness(s.database.db, org, id, { name });
        }
      }
      for (const id of ids) {
        const sightings = seen.filter((b) => b.id === id);
        expect(sightings.length, id).toBeGreaterThanOrEqual(1);
        const latest = touched.get(id);
        if (latest) expect(sightings[sightings.length - 1]?.name).toBe(latest);
        else expect(sightings.length, id).toBe(1);
      }
      // At the end the cursor stays: asking with it later brings only what changed since.
      expect(cursor).not.toBeNull();
      const quiet = await page(`/api/v1/businesses?cursor=${encodeURIComponent(cursor ?? '')}`, token);
      expect(quiet).toEqual({ data: [], next_cursor: cursor, has_more: false });
      // A write stamped before the walk's end but committed after it (a long push started earlier)
      // still comes: the walk follows commit order, not the stamps.
      await touchBusiness(s.database.db, org, ids[3] ?? '', {
        deleted: true,
        at: new Date('2024-01-01T00:00:00Z'),
      });
      const later = await page(`/api/v1/businesses?cursor=${encodeURIComponent(cursor ?? '')}`, token);
      expect(later.data.map((b) => [b.id, b.deleted_at !== null])).toEqual([[ids[3], true]]);
      const liveOnly = await page(
        `/api/v1/businesses?include_deleted=false&cursor=${encodeURIComponent(cursor ?? '')}`,
        token,
      );
      expect(liveOnly.data).toEqual([]);
    });

    it('starts a walk at updated_since and filters by kecamatan, kelurahan and KBLI', async () => {
      const ids = await insertBusinesses(s.database.db, s.fixture.orgA, 3, {
        districtCode: '63.71.04',
        villageCode: '63.71.04.1003',
        kbli: { code: '10792', version: '2020' },
      });
      const old = new Date('2024-01-02T03:04:05.000Z');
      await touchBusiness(s.database.db, s.fixture.orgA, ids[0] ?? '', { at: old });
      const since = await page(
        `/api/v1/businesses?district_code=63.71.04&updated_since=${encodeURIComponent('2025-01-01T00:00:00+08:00')}`,
        everything,
      );
      expect(since.data.map((b) => b.id).sort()).toEqual([ids[1], ids[2]].sort());
      const all = await page('/api/v1/businesses?village_code=63.71.04.1003&kbli=10792', everything);
      expect(all.data.map((b) => b.id).sort()).toEqual([...ids].sort());
      expect(all.data[0]?.kbli).toMatchObject({ code: '10792', version: '2020' });
      expect((await page('/api/v1/businesses?kbli=10792&district_code=63.71.01', everything)).data).toEqual(
        [],
      );
    });

    it('answers bad parameters with 400 naming them, and an outdated cursor with 410', async () => {
      const cases: Array<[string, string]> = [
        ['/api/v1/businesses?updated_since=kemarin', 'updated_since'],
        ['/api/v1/businesses?limit=1001', 'limit'],
        ['/api/v1/businesses?cursor=bukan-cursor', 'cursor'],
        ['/api/v1/businesses?district_code=63.71', 'district_code'],
        ['/api/v1/businesses?updatedSince=2026-01-01T00:00:00Z', ''],
        ['/api/v1/visits?business_id=123', 'business_id'],
      ];
      for (const [path, field] of cases) {
        const res = await get(path, everything);
        expect(res.status, path).toBe(400);
        const body = (await res.json()) as ErrorBody;
        expect(body.error.code).toBe('invalid_input');
        if (field)
          expect(
            body.error.fields?.map((f) => f.path),
            path,
          ).toContain(field);
      }
      const first = await page('/api/v1/businesses?limit=1', everything);
      await setHorizon(s.database.db, s.fixture.orgA, 1_000_000);
      try {
        const gone = await get(
          `/api/v1/businesses?cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
          everything,
        );
        expect(gone.status).toBe(410);
        expect(((await gone.json()) as ErrorBody).error.code).toBe('cursor_expired');
      } finally {
        await setHorizon(s.database.db, s.fixture.orgA, 0);
      }
    });
  });

  describe('visits and statistics', () => {
    it('lists visits without drafts or the review exchange', async () => {
      const business = s.fixture.businessOfCoachA;
      const shown = await insertVisit(s.database.db, {
        organisationId: s.fixture.orgA,
        businessId: business,
        coachId: s.fixture.coachA,
      });
      const draft = await insertVisit(s.database.db, {
        organisationId: s.fixture.orgA,
        businessId: business,
        coachId: s.fixture.coachA,
        reviewState: 'draft',
      });
      const answer = await page(`/api/v1/visits?business_id=${business}`, everything);
      const ids = answer.data.map((v) => v.id);
      expect(ids).toContain(shown);
      expect(ids).not.toContain(draft);
      const visit = answer.data.find((v) => v.id === shown);
      expect(visit).toMatchObject({
        business_id: business,
        coach: { id: s.fixture.coachA, name: 'Coach A' },
        notes: 'Kemasan masih plastik polos.',
        monthly_sales: 12_000_000,
      });
      for (const key of ['review_comment', 'coach_reply', 'reviewComment', 'coachReply', 'owner_summary']) {
        expect(visit).not.toHaveProperty(key);
      }
      const ofB = await makeApiToken(s, koorB, { scopes: ['visits'] });
      expect((await page(`/api/v1/visits?business_id=${business}`, ofB.token)).data).toEqual([]);
    });

    it("counts the organisation's own businesses by kecamatan, status, size and sector", async () => {
      const res = await get('/api/v1/statistics', everything);
      expect(res.status).toBe(200);
      const stats = (await res.json()) as {
        businesses: { total: number; by_status: Record<string, number>; by_sector: Record<string, number> };
        districts: Array<{ code: string; businesses: number }>;
        visits_per_month: Array<{ month: string; visits: number }>;
      };
      const [live] = rowsOf<{ n: number }>(
        await s.database.db.execute(
          sql`SELECT count(*)::int AS n FROM businesses WHERE organisation_id = ${s.fixture.orgA} AND deleted_at IS NULL`,
        ),
      );
      expect(stats.businesses.total).toBe(Number(live?.n));
      expect(stats.districts.reduce((n, d) => n + d.businesses, 0)).toBe(stats.businesses.total);
      expect(Object.values(stats.businesses.by_status).reduce((a, b) => a + b, 0)).toBe(
        stats.businesses.total,
      );
      expect(stats.visits_per_month).toHaveLength(12);
      const one = (await (await get('/api/v1/statistics?district_code=63.71.01', everything)).json()) as {
        districts: Array<{ code: string }>;
      };
      expect(one.districts.map((d) => d.code)).toEqual(['63.71.01']);
    });
  });

  describe('rate limit and use log', () => {
    it('answers 429 with Retry-After past the limit, and lets the token in again after the window', async () => {
      let clock = Date.now();
      const limited = createApp(
        testDeps(s.database, {
          cityApiRateLimit: { requests: 3, windowMs: 60_000 },
          now: () => new Date(clock),
        }),
      );
      const { token, apiToken } = await makeApiToken(s, koorA, { scopes: ['statistics'] });
      const ask = () =>
        limited.request('/api/v1/businesses/x', { headers: { authorization: `Bearer ${token}` } });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        clock += 1_000;
        const res = await ask();
        expect(res.status).toBe(403);
        remaining.push(res.headers.get('RateLimit-Remaining') ?? '');
      }
      expect(remaining).toEqual(['2', '1', '0']);
      clock += 1_000;
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as ErrorBody).error.code).toBe('too_many_attempts');
      // The first of the three leaves the window 60 s after it came, 3 s after the refusal's clock.
      expect(refused.headers.get('Retry-After')).toBe('57');
      expect(refused.headers.get('RateLimit-Limit')).toBe('3');
      clock += 57_000;
      expect((await ask()).status).toBe(403);
      const statuses = (await usesOf(apiToken.id)).map((u) => u.status).reverse();
      expect(statuses).toEqual([403, 403, 403, 429, 403]);
    });

    it('logs every use: method, path, query, status, rows, duration, address; and moves last used', async () => {
      const { token, apiToken } = await makeApiToken(s, koorA, { scopes: ['businesses'] });
      await s.json('/api/v1/businesses?limit=2&district_code=63.71.01', {
        token,
        headers: { 'x-forwarded-for': '10.1.2.3' },
      });
      await get(`/api/v1/businesses/${randomUUID()}`, token);
      await get('/api/v1/visits', token);
      const uses = await usesOf(apiToken.id);
      expect(uses.map((u) => [u.method, u.path, u.status]).reverse()).toEqual([
        ['GET', '/api/v1/businesses', 200],
        ['GET', expect.stringMatching(/^\/api\/v1\/businesses\/[0-9a-f-]{36}$/) as unknown as string, 404],
        ['GET', '/api/v1/visits', 403],
      ]);
      const first = uses[uses.length - 1];
      expect(first).toMatchObject({ query: 'limit=2&district_code=63.71.01', rows: 2, ip: '10.1.2.3' });
      expect(first?.durationMs).toBeGreaterThanOrEqual(0);
      const list = apiTokenListSchema.parse(await (await s.json('/api/tokens', { token: koorA })).json());
      const listed = list.tokens.find((t) => t.id === apiToken.id);
      expect(listed?.lastUsedAt).not.toBeNull();
      expect(listed?.usesLast30Days).toBe(3);
      const [count] = await s.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(apiTokenUses)
        .where(eq(apiTokenUses.tokenId, apiToken.id));
      expect(Number(count?.n)).toBe(3);
    });
  });

  describe('documentation', () => {
    it('serves the guide and the v1 OpenAPI document without a token; the guide runs no script', async () => {
      const guide = await s.app.request('/api/v1/docs');
      expect(guide.status).toBe(200);
      const html = await guide.text();
      expect(html).not.toMatch(/<script/i);
      for (const needle of [
        'Authorization: Bearer bnn_',
        'next_cursor',
        'Retry-After',
        'import json',
        'fetch(',
      ]) {
        expect(html).toContain(needle);
      }
      const v1 = (await (await s.app.request('/api/v1/openapi.json')).json()) as OpenApiDocument;
      expect(Object.keys(v1.paths).every((path) => path.startsWith('/api/v1/'))).toBe(true);
      expect(Object.keys(v1.paths)).toHaveLength(4);
    });
  });
});
