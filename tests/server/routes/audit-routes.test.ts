/**
 * GET /api/audit (issue 7) on both backends: only coordinators, only their own organisation, the
 * filters, keyset paging newest first, and that what the app really does (sign-ins, a phone's push,
 * an export with NIK, a password reset, a city-API token) shows up in it.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '@/server/audit';
import { auditLog } from '@/server/db/schema';
import { auditPageSchema, type AuditEntry } from '@/shared/domain/audit';
import { makeApiToken } from '../../helpers/city-api';
import { phoneSync } from '../../helpers/phone-sync';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';

type ErrorBody = { error: { code: string; fields?: Array<{ path: string }> } };

describe.each(BACKENDS)('the audit trail on %s', (backend) => {
  let s: TestServer;
  let koorA: string;
  beforeEach(async () => {
    s = await startTestServer(backend);
    koorA = await s.login('koor-a');
  });
  afterEach(async () => {
    await s.dispose();
  });

  async function read(query = '', token = koorA) {
    const res = await s.json(`/api/audit${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return auditPageSchema.parse(await res.json());
  }
  /** Every entry the filter gives, walking the pages. */
  async function readAll(query: string, limit: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let before: string | null = null;
    for (let page = 0; page < 50; page++) {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (before) params.set('before', before);
      const answer = await read(`?${params.toString()}`);
      expect(answer.entries.length).toBeLessThanOrEqual(limit);
      entries.push(...answer.entries);
      before = answer.next;
      if (!before) return entries;
    }
    throw new Error('paging did not end');
  }
  /** Entries written straight to the table at given times (what the routes' audit() writes). */
  async function writeEntries(
    entries: Array<{ at: string; action: string; userId?: string; org?: string; entityId?: string }>,
  ) {
    await s.database.db.insert(auditLog).values(
      entries.map((entry) => ({
        organisationId: entry.org ?? s.fixture.orgA,
        userId: entry.userId ?? s.fixture.coordinatorA,
        action: entry.action,
        entity: entry.entityId ? 'business' : null,
        entityId: entry.entityId ?? null,
        at: new Date(entry.at),
      })),
    );
  }

  it('is for coordinators only: coaches and owners 403, no session or a city-API token 401', async () => {
    expect((await s.json('/api/audit', { token: await s.login('coach-a') })).status).toBe(403);
    expect((await s.json('/api/audit', { token: await s.login('owner-a') })).status).toBe(403);
    expect((await s.json('/api/audit')).status).toBe(401);
    const cityToken = await makeApiToken(s, koorA);
    expect((await s.json('/api/audit', { token: cityToken.token })).status).toBe(401);
  });

  it('shows only the coordinator’s own organisation', async () => {
    await writeEntries([
      { at: '2026-11-20T01:00:00Z', action: 'business.status', entityId: s.fixture.businessOfCoachA },
      {
        at: '2026-11-20T02:00:00Z',
        action: 'business.status',
        org: s.fixture.orgB,
        userId: s.fixture.coordinatorB,
        entityId: s.fixture.businessOfB,
      },
    ]);
    const koorB = await s.login('koor-b');
    const seenByA = await readAll('', 50);
    const seenByB = (await read('', koorB)).entries;
    expect(seenByA.map((e) => e.entityId)).toContain(s.fixture.businessOfCoachA);
    expect(seenByA.map((e) => e.entityId)).not.toContain(s.fixture.businessOfB);
    expect(seenByA.every((e) => e.user === null || e.user.id !== s.fixture.coordinatorB)).toBe(true);
    expect(seenByB.map((e) => e.action).sort()).toEqual(['business.status', 'login']);
    expect(seenByB.find((e) => e.entityId)?.entityName).toBe('Kerupuk Tarakan');
    // Asking for the other city's business or coordinator by id gives nothing either.
    expect((await read(`?entity=business&entityId=${s.fixture.businessOfB}`)).entries).toEqual([]);
    expect((await read(`?userId=${s.fixture.coordinatorB}`)).entries).toEqual([]);
  });

  it('pages newest first without repeating or skipping, also among entries of one instant', async () => {
    const at = (minute: number) => `2026-11-20T01:${String(minute).padStart(2, '0')}:00Z`;
    await writeEntries([
      ...[1, 2, 3, 4].map((m) => ({ at: at(m), action: 'business.status', entityId: randomUUID() })),
      // Three written in one transaction share their time: the id orders them.
      ...[5, 5, 5].map((m) => ({ at: at(m), action: 'business.assign', entityId: randomUUID() })),
      { at: at(6), action: 'business.merge', entityId: randomUUID() },
    ]);
    const all = await readAll('action=business.', 3);
    expect(all).toHaveLength(8);
    expect(new Set(all.map((e) => e.id)).size).toBe(8);
    const order = all.map((e) => [e.at, Number(e.id)] as const);
    for (let i = 1; i < order.length; i++) {
      const [prevAt, prevId] = order[i - 1] ?? ['', 0];
      const [thisAt, thisId] = order[i] ?? ['', 0];
      expect(prevAt > thisAt || (prevAt === thisAt && prevId > thisId)).toBe(true);
    }
    expect(all.map((e) => e.action).slice(0, 4)).toEqual([
      'business.merge',
      'business.assign',
      'business.assign',
      'business.assign',
    ]);
    // An entry written while someone pages does not shift the pages already handed out.
    const first = await read('?action=business.&limit=3');
    await writeEntries([{ at: '2026-11-21T00:00:00Z', action: 'business.status', entityId: randomUUID() }]);
    const second = await read(`?action=business.&limit=3&before=${first.next ?? ''}`);
    expect(second.entries.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
  });

  it('filters by action prefix, by who, by what and by calendar days in the city’s time zone', async () => {
    const business = s.fixture.businessOfCoachA;
    await writeEntries([
      // Kota A is in WITA (UTC+8): 2026-11-20 local runs from 2026-11-19T16:00Z to 2026-11-20T16:00Z.
      { at: '2026-11-19T15:59:00Z', action: 'export.businesses' },
      { at: '2026-11-19T16:00:00Z', action: 'export.visits' },
      { at: '2026-11-20T15:59:00Z', action: 'business.status', entityId: business },
      { at: '2026-11-20T16:00:00Z', action: 'export.checklists', userId: s.fixture.coachA },
    ]);
    const actions = async (query: string) => (await readAll(query, 50)).map((e) => e.action);
    expect(await actions('action=export')).toEqual([
      'export.checklists',
      'export.visits',
      'export.businesses',
    ]);
    expect(await actions('action=export.v')).toEqual(['export.visits']);
    expect(await actions(`userId=${s.fixture.coachA}`)).toEqual(['export.checklists']);
    expect(await actions(`entity=business&entityId=${business}`)).toEqual(['business.status']);
    expect(await actions('from=2026-11-20&to=2026-11-20')).toEqual(['business.status', 'export.visits']);
    expect(await actions('from=2026-11-21&to=2026-11-21')).toEqual(['export.checklists']);
    expect(await actions('to=2026-11-19&action=export')).toEqual(['export.businesses']);
    const named = (await read(`?entity=business&entityId=${business}`)).entries[0];
    expect(named).toMatchObject({
      entityName: 'Amplang Berkah',
      user: { name: 'Koor A', role: 'coordinator' },
    });
  });

  it('refuses malformed filters with the field that is wrong', async () => {
    for (const [query, field] of [
      ['?before=abc', 'before'],
      ['?from=2026-11-20&to=2026-11-19', 'to'],
      ['?userId=nobody', 'userId'],
      ['?limit=1000', 'limit'],
      ['?action=EXPORT%25', 'action'],
      ['?entity=business&entityId=a%00b', 'entityId'],
      ['?before=1234567890123456', 'before'],
    ] as const) {
      const res = await s.json(`/api/audit${query}`, { token: koorA });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(
        body.error.fields?.map((f) => f.path),
        query,
      ).toContain(field);
    }
  });

  it('holds what really happened: sign-ins, a phone’s push, an export with NIK, a reset, a new token', async () => {
    const coach = await s.login('coach-a');
    const phone = device();
    const businessId = randomUUID();
    const visitId = randomUUID();
    const pushed = await phoneSync(() => s)(coach, phone, [
      phone.mutation('businesses', businessId, newBusiness(s.fixture.coachA)),
      phone.mutation('visits', visitId, newVisit(businessId, s.fixture.coachA)),
      phone.mutation('visits', randomUUID(), { notAField: 1 }),
    ]);
    expect(pushed.rejected).toHaveLength(1);
    // A push of nothing new writes no entry.
    await phoneSync(() => s)(coach, phone, []);

    const exported = await s.json('/api/exports/businesses?includeNik=true&format=csv', { token: koorA });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    expect(
      (await s.json(`/api/users/${s.fixture.otherCoachA}/password`, { method: 'POST', token: koorA })).status,
    ).toBe(200);
    const token = await makeApiToken(s, koorA, { name: 'Dasbor Wali Kota' });

    const entries = await readAll('', 50);
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    expect(byAction('login').map((e) => e.user?.name)).toEqual(['Coach A', 'Koor A']);
    const pushes = byAction('sync.push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      user: { id: s.fixture.coachA, role: 'coach' },
      entity: 'device',
      entityId: phone.clientId,
      detail: { applied: 2, tables: { businesses: 1, visits: 1 } },
    });
    expect(byAction('export.businesses')[0]).toMatchObject({
      user: { name: 'Koor A' },
      detail: { format: 'csv', rows: 3, nik: true },
    });
    expect(byAction('user.password_reset')[0]).toMatchObject({
      entityId: s.fixture.otherCoachA,
      entityName: 'Coach A2',
    });
    expect(byAction('api_token.create')[0]).toMatchObject({
      entityId: token.apiToken.id,
      entityName: 'Dasbor Wali Kota',
    });
    // Newest first: the token was made last.
    expect(entries[0]?.action).toBe('api_token.create');
  });

  it('shows an entry written by the system itself with no user', async () => {
    await audit(s.database.db, { organisationId: s.fixture.orgA, userId: null, action: 'system.seed' });
    const [entry] = (await read('?action=system')).entries;
    expect(entry).toMatchObject({ action: 'system.seed', user: null, entity: null, entityName: null });
  });
});
