import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, businesses } from '@/server/db/schema';
import {
  caseloadSchema,
  deskBusinessPageSchema,
  type Caseload,
  type DeskBusinessPage,
} from '@/shared/domain/assignment';
import type { Business } from '@/shared/domain/business';
import { clockOf } from '@/shared/sync/clocks';
import { syncVersions } from '../../helpers/db-snapshot';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { phoneSync } from '../../helpers/phone-sync';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('coordinator businesses, caseloads and assignments on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;
  let coachA: string;
  let coachA2: string;
  const phoneA = device();
  const phoneA2 = device();
  /** A business coach A created in kelurahan 63.71.02.1003, with one visit. */
  const createdByA = randomUUID();
  const visitOfCreated = randomUUID();

  const syncPhone = phoneSync(() => s);
  /** A sync of one of the phones; nothing it sends here may be refused. */
  async function sync(token: string, phone: ReturnType<typeof device>, mutations: unknown[] = []) {
    const pull = await syncPhone(token, phone, mutations);
    expect(pull.rejected).toEqual([]);
    return pull;
  }
  async function list(query = '', token = coordinator): Promise<DeskBusinessPage> {
    const res = await s.json(`/api/desk/businesses${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return deskBusinessPageSchema.parse(await res.json());
  }
  async function loads(): Promise<Caseload[]> {
    const res = await s.json('/api/desk/caseloads', { token: coordinator });
    expect(res.status).toBe(200);
    return caseloadSchema.array().parse(((await res.json()) as { caseloads: unknown }).caseloads);
  }
  const assign = (body: unknown, token = coordinator) =>
    s.json('/api/assignments', { method: 'POST', token, body });
  const names = (page: DeskBusinessPage) => page.businesses.map((b) => b.name);

  beforeAll(async () => {
    s = await startTestServer(backend);
    coordinator = await s.login('koor-a');
    coachA = await s.login('coach-a');
    coachA2 = await s.login('coach-a2');
    await sync(coachA, phoneA, [
      phoneA.mutation(
        'businesses',
        createdByA,
        newBusiness(s.fixture.coachA, {
          name: 'Kue 100% Bingka',
          phone: '+6285248001122',
          districtCode: '63.71.02',
          villageCode: '63.71.02.1003',
        }),
      ),
      phoneA.mutation(
        'visits',
        visitOfCreated,
        newVisit(createdByA, s.fixture.coachA, {
          visitedAt: new Date(Date.now() - 86_400_000).toISOString(),
        }),
      ),
    ]);
    await sync(coachA2, phoneA2);
  });
  afterAll(() => s.dispose());

  it('lists the whole city in name order with coach, NIB, last visit and a total', async () => {
    const page = await list();
    expect(names(page)).toEqual(['Amplang Berkah', 'Kue 100% Bingka', 'Sasirangan Intan']);
    expect(page.total).toBe(3);
    expect(page.next).toBeNull();
    const created = page.businesses.find((b) => b.id === createdByA);
    expect(created?.coach).toEqual({ id: s.fixture.coachA, name: 'Coach A' });
    expect(created?.visitCount).toBe(1);
    expect(created?.lastVisitAt).not.toBeNull();
    const amplang = page.businesses.find((b) => b.name === 'Amplang Berkah');
    expect(amplang?.nib).toBe('1234567890123');
    expect(amplang?.visitCount).toBe(0);
    expect(amplang?.lastVisitAt).toBeNull();
  });

  it('filters by words, kecamatan, kelurahan, coach and status, and pages by name', async () => {
    expect(names(await list('?q=sasir'))).toEqual(['Sasirangan Intan']);
    expect(names(await list('?q=siti%20amplang'))).toEqual(['Amplang Berkah']);
    // `%` is a letter typed by a person, not a wildcard.
    expect(names(await list('?q=100%25'))).toEqual(['Kue 100% Bingka']);
    expect(names(await list('?q=0852480'))).toEqual(['Kue 100% Bingka']);
    expect(names(await list('?districtCode=63.71.02'))).toEqual(['Kue 100% Bingka']);
    expect(names(await list('?villageCode=63.71.01.1001'))).toEqual(['Amplang Berkah', 'Sasirangan Intan']);
    expect(names(await list(`?coachId=${s.fixture.otherCoachA}`))).toEqual(['Sasirangan Intan']);
    expect(names(await list('?coachId=none'))).toEqual([]);
    expect(names(await list('?status=naik_kelas'))).toEqual([]);
    const first = await list('?limit=2');
    expect(names(first)).toEqual(['Amplang Berkah', 'Kue 100% Bingka']);
    expect(first.total).toBe(3);
    const second = await list(`?limit=2&after=${first.next ?? ''}`);
    expect(names(second)).toEqual(['Sasirangan Intan']);
    expect(second.next).toBeNull();
  });

  it('refuses bad filters with the field, other roles, and never shows another city', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=500', 'limit'],
      ['?districtCode=63-71', 'districtCode'],
      ['?status=hebat', 'status'],
      ['?coachId=budi', 'coachId'],
      ['?after=x', 'after'],
      ['?sort=name', ''],
    ] as const) {
      const res = await s.json(`/api/desk/businesses${query}`, { token: coordinator });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('invalid_input');
      if (field) expect(body.error.fields?.map((f) => f.path)).toContain(field);
    }
    expect((await s.json('/api/desk/businesses', { token: coachA })).status).toBe(403);
    expect((await s.json('/api/desk/caseloads', { token: coachA })).status).toBe(403);
    expect((await s.json('/api/desk/businesses')).status).toBe(401);
    const other = await list('', await s.login('koor-b'));
    expect(names(other)).toEqual(['Kerupuk Tarakan']);
    // Paging after another city's business is "not found", not a leak of its name.
    const res = await s.json(`/api/desk/businesses?after=${s.fixture.businessOfB}`, { token: coordinator });
    expect(res.status).toBe(404);
  });

  it('shows each coach’s caseload and the businesses no coach holds', async () => {
    const byCoach = new Map((await loads()).map((line) => [line.coachId, line]));
    expect(byCoach.get(s.fixture.coachA)).toMatchObject({
      name: 'Coach A',
      businesses: 2,
      visitedLast30Days: 1,
    });
    expect(byCoach.get(s.fixture.coachA)?.byStatus.baru).toBe(2);
    expect(byCoach.get(s.fixture.otherCoachA)).toMatchObject({ businesses: 1, visitedLast30Days: 0 });
    expect(byCoach.get(null)).toMatchObject({ businesses: 0 });
  });

  it('moves a selection to another coach: both phones learn it on their next sync', async () => {
    const res = await assign({
      coachId: s.fixture.otherCoachA,
      target: { kind: 'selection', businessIds: [createdByA, s.fixture.businessOfOtherCoachA] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ changed: 1, unchanged: 1 });

    const toA2 = await sync(coachA2, phoneA2);
    expect(toA2.changes.businesses.map((b) => b.id)).toContain(createdByA);
    expect(toA2.changes.visits.map((v) => v.id)).toContain(visitOfCreated);
    // Coach A created it, so it stays readable to them: no removal.
    const toA = await sync(coachA, phoneA);
    expect(toA.revokedBusinessIds).toEqual([]);
    expect(toA.changes.businesses.find((b) => b.id === createdByA)?.assignedCoachId).toBe(
      s.fixture.otherCoachA,
    );

    const [entry] = await s.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'business.assign'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry?.userId).toBe(s.fixture.coordinatorA);
    expect(entry?.detail).toMatchObject({
      coachId: s.fixture.otherCoachA,
      changed: [{ id: createdByA, from: s.fixture.coachA }],
    });
  });

  it('assigns everything a filter matches, and the previous coach’s phone removes what it no longer holds', async () => {
    const res = await assign({
      coachId: null,
      target: { kind: 'filter', filter: { villageCode: '63.71.01.1001' } },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ changed: 2, unchanged: 0 });
    expect(names(await list('?coachId=none'))).toEqual(['Amplang Berkah', 'Sasirangan Intan']);
    const toA = await sync(coachA, phoneA);
    expect(toA.revokedBusinessIds).toEqual([s.fixture.businessOfCoachA]);
    const toA2 = await sync(coachA2, phoneA2);
    expect(toA2.revokedBusinessIds).toEqual([s.fixture.businessOfOtherCoachA]);
    const byCoach = new Map((await loads()).map((line) => [line.coachId, line]));
    expect(byCoach.get(null)?.businesses).toBe(2);
    expect(byCoach.get(s.fixture.coachA)?.businesses).toBe(0);

    // The assignment carries a clock after the stored one: a phone's merge keeps it.
    const [row] = await s.database.db
      .select({ clocks: businesses.clocks })
      .from(businesses)
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    expect(clockOf(row?.clocks ?? {}, 'assignedCoachId')).toMatch(/^\d/);

    // And back to coach A by kelurahan: their phone receives it again.
    const back = await assign({
      coachId: s.fixture.coachA,
      target: { kind: 'filter', filter: { villageCode: '63.71.01.1001', q: 'amplang' } },
    });
    expect(await back.json()).toEqual({ changed: 1, unchanged: 0 });
    const again = await sync(coachA, phoneA);
    expect(again.changes.businesses.map((b) => b.id)).toContain(s.fixture.businessOfCoachA);
  });

  it('refuses a coach who is not an active coach of this city, unknown businesses and other roles', async () => {
    const before = await list();
    for (const coachId of [s.fixture.ownerA, s.fixture.coordinatorA, randomUUID()]) {
      const res = await assign({ coachId, target: { kind: 'selection', businessIds: [createdByA] } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.fields?.[0]?.path).toBe('coachId');
    }
    const missing = await assign({
      coachId: s.fixture.coachA,
      target: { kind: 'selection', businessIds: [createdByA, s.fixture.businessOfB] },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.fields?.[0]?.path).toBe('target.businessIds.1');
    for (const body of [
      { coachId: s.fixture.coachA, target: { kind: 'selection', businessIds: [] } },
      { coachId: s.fixture.coachA, target: { kind: 'everything' } },
      { coachId: s.fixture.coachA, target: { kind: 'filter', filter: { districtCode: 'x' } } },
      { target: { kind: 'selection', businessIds: [createdByA] } },
    ]) {
      expect((await assign(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await assign({ coachId: null, target: { kind: 'selection', businessIds: [createdByA] } }, coachA))
        .status,
    ).toBe(403);
    const koorB = await s.login('koor-b');
    const foreign = await assign(
      { coachId: null, target: { kind: 'selection', businessIds: [createdByA] } },
      koorB,
    );
    expect(foreign.status).toBe(404);
    // Nothing of the refused requests was written.
    expect(await list()).toEqual(before);
  });

  it('a refused assignment takes no version: a coach of no use, an unknown business and another city', async () => {
    const before = await syncVersions(s.database.db);
    const selection = { kind: 'selection', businessIds: [createdByA] };
    expect((await assign({ coachId: s.fixture.ownerA, target: selection })).status).toBe(400);
    const missing = { kind: 'selection', businessIds: [createdByA, randomUUID()] };
    expect((await assign({ coachId: s.fixture.coachA, target: missing })).status).toBe(404);
    const koorB = await s.login('koor-b');
    expect((await assign({ coachId: null, target: selection }, koorB)).status).toBe(404);
    expect(await syncVersions(s.database.db)).toEqual(before);
  });

  it('sets a coaching status, detects a stale change and records it', async () => {
    const [business] = (await list('?q=amplang')).businesses;
    if (!business) throw new Error('no business');
    const post = (body: unknown, token = coordinator) =>
      s.json(`/api/businesses/${business.id}/status`, { method: 'POST', token, body });
    const ok = await post({ status: 'naik_kelas', expectedUpdatedAt: business.updatedAt });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as { business: Business }).business.status).toBe('naik_kelas');
    const stale = await post({ status: 'stagnan', expectedUpdatedAt: business.updatedAt });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as ErrorBody & { business: Business };
    expect(body.error.code).toBe('stale_business');
    expect(body.business.status).toBe('naik_kelas');
    expect((await post({ status: 'hebat', expectedUpdatedAt: business.updatedAt })).status).toBe(400);
    expect((await post({ status: 'tutup', expectedUpdatedAt: business.updatedAt }, coachA)).status).toBe(403);
    const koorB = await s.login('koor-b');
    expect((await post({ status: 'tutup', expectedUpdatedAt: business.updatedAt }, koorB)).status).toBe(404);
    expect(names(await list('?status=naik_kelas'))).toEqual(['Amplang Berkah']);
    const pulled = await sync(coachA, phoneA);
    expect(pulled.changes.businesses.find((b) => b.id === business.id)?.status).toBe('naik_kelas');
    const [entry] = await s.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'business.status'))
      .limit(1);
    expect(entry?.detail).toEqual({ from: 'baru', to: 'naik_kelas' });
  });

  it('a refused status change takes no version: stale, unknown and another city’s business', async () => {
    const [business] = (await list('?q=sasirangan')).businesses;
    if (!business) throw new Error('no business');
    const post = (id: string, body: unknown, token = coordinator) =>
      s.json(`/api/businesses/${id}/status`, { method: 'POST', token, body });
    const before = await syncVersions(s.database.db);
    const stale = { status: 'stagnan', expectedUpdatedAt: '2026-01-01T00:00:00.000Z' };
    expect((await post(business.id, stale)).status).toBe(409);
    const fresh = { status: 'stagnan', expectedUpdatedAt: business.updatedAt };
    expect((await post(randomUUID(), fresh)).status).toBe(404);
    expect((await post(business.id, fresh, await s.login('koor-b'))).status).toBe(404);
    expect(await syncVersions(s.database.db)).toEqual(before);
    expect((await list('?q=sasirangan')).businesses).toEqual([business]);
  });
});
