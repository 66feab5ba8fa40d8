/**
 * The coordinator's dashboard on a small city built by hand, on both backends: every figure is
 * checked against what a person counts on the data, and the SQL definitions of naik kelas,
 * stagnan and checklist adoption are checked against the shared definitions (dashboard.ts on top
 * of progress.ts) on a seeded random city, business by business.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, businesses, checklistStates, organisations, visits } from '@/server/db/schema';
import type { Db } from '@/server/db/connect';
import { seededRandom, type Random } from '@/server/seed/random';
import { businessToWire, checklistStateToWire, visitToWire } from '@/server/sync/wire';
import type { AuthenticatedUser } from '@/server/auth/sessions';
import {
  businessMovement,
  checklistAdoptionAt,
  dashboardSchema,
  mapPointsSchema,
  type Dashboard,
} from '@/shared/domain/dashboard';
import { currentTemplate } from '@/shared/checklists';
import { startOfDay } from '@/shared/domain/time-zone';
import { formatHlc } from '@/shared/sync/hlc';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newVisit } from '../../helpers/sync-fixtures';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';

/** Wednesday 25 Nov 2026, 12:00 in Banjarmasin (WITA, UTC+8). */
const NOW = new Date('2026-11-25T04:00:00.000Z');

type BusinessInsert = typeof businesses.$inferInsert;
type VisitInsert = typeof visits.$inferInsert;
type StateInsert = typeof checklistStates.$inferInsert;

function business(
  organisationId: string,
  overrides: Partial<BusinessInsert> & { name: string },
): BusinessInsert {
  const districtCode = overrides.districtCode ?? '63.71.01';
  return {
    id: randomUUID(),
    organisationId,
    version: 2,
    ownerName: 'Pemilik',
    districtCode,
    villageCode: `${districtCode}.1001`,
    sector: 'makanan_olahan',
    licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
    isFood: true,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

function visit(
  organisationId: string,
  businessId: string,
  coachId: string,
  visitedAt: string,
  overrides: Partial<VisitInsert> = {},
): VisitInsert {
  return {
    id: randomUUID(),
    organisationId,
    version: 3,
    businessId,
    coachId,
    visitedAt: new Date(visitedAt),
    kind: 'monitoring',
    ...overrides,
  };
}

function ticks(done: readonly string[], kind: 'packaging' | 'digital_marketing') {
  return Object.fromEntries(
    currentTemplate(kind).items.map((item) => [
      item.id,
      { done: done.includes(item.id), evidence: null, note: null },
    ]),
  );
}

function state(
  row: VisitInsert,
  kind: 'packaging' | 'digital_marketing',
  done: readonly string[],
  overrides: Partial<StateInsert> = {},
): StateInsert {
  return {
    id: randomUUID(),
    organisationId: row.organisationId,
    version: 4,
    businessId: row.businessId,
    visitId: row.id ?? '',
    kind,
    templateVersion: 1,
    items: ticks(done, kind),
    ...overrides,
  };
}

type ErrorBody = { error: { code: string; fields?: Array<{ path: string }> } };

describe.each(BACKENDS)('dashboard routes on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;
  let coach: string;
  let owner: string;
  let coordinatorB: string;
  const ids = { naik: '', stagnan: '', never: '', closed: '' };
  let lateSundayVisit = '';

  async function dashboard(query = '', token = coordinator): Promise<Dashboard> {
    const res = await s.json(`/api/dashboard${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return dashboardSchema.parse(await res.json());
  }

  beforeAll(async () => {
    s = await startTestServer(backend, { now: () => NOW });
    coordinator = await s.login('koor-a');
    coach = await s.login('coach-a');
    owner = await s.login('owner-a');
    coordinatorB = await s.login('koor-b');
    const { db } = s.database;
    const f = s.fixture;

    // Moving up: the pack showed its P-IRT number first at the visit of 10 Oct, within its last
    // three visits (10 Sep, 10 Oct, 10 Nov).
    const naik = business(f.orgA, {
      name: 'Keripik Naik',
      assignedCoachId: f.coachA,
      licences: { nib: null, pirt: '123456789012345', halal: null, bpom: null, trademark: null },
      location: { lat: -3.31987654, lng: 114.5912345 },
    });
    // Stagnating: nothing more ticked over its three visits, sales 5,0 → 5,05 → 4,0 million.
    const stagnan = business(f.orgA, {
      name: 'Sasirangan Diam',
      districtCode: '63.71.02',
      assignedCoachId: f.otherCoachA,
      isFood: false,
      sector: 'fesyen',
    });
    const never = business(f.orgA, { name: 'Bakso Belum Dikunjungi', districtCode: '63.71.02' });
    const closed = business(f.orgA, { name: 'Warung Tutup', status: 'tutup', assignedCoachId: f.coachA });
    ids.naik = naik.id ?? '';
    ids.stagnan = stagnan.id ?? '';
    ids.never = never.id ?? '';
    ids.closed = closed.id ?? '';
    await db.insert(businesses).values([naik, stagnan, never, closed]);

    const n = ['2026-08-10', '2026-09-10', '2026-10-10', '2026-11-10'].map((day) =>
      visit(f.orgA, ids.naik, f.coachA, `${day}T02:00:00.000Z`, {
        location: { lat: -3.3198, lng: 114.5911 },
      }),
    );
    const g = [
      ['2026-08-05', 5_000_000],
      ['2026-09-05', 5_050_000],
      ['2026-10-05', 4_000_000],
    ].map(([day, sales]) =>
      visit(f.orgA, ids.stagnan, f.otherCoachA, `${day}T02:00:00.000Z`, { monthlySales: Number(sales) }),
    );
    // Either side of midnight in Banjarmasin: Sunday 22 Nov 23:59 and Monday 23 Nov 00:00 WITA
    // (both on Sunday 22 Nov in UTC).
    const sunday = visit(f.orgA, f.businessOfCoachA, f.coachA, '2026-11-22T15:59:00.000Z');
    const monday = visit(f.orgA, f.businessOfCoachA, f.coachA, '2026-11-22T16:00:00.000Z');
    lateSundayVisit = sunday.id ?? '';
    const draft = visit(f.orgA, ids.never, f.coachA, '2026-11-24T02:00:00.000Z', { reviewState: 'draft' });
    const deleted = visit(f.orgA, f.businessOfOtherCoachA, f.otherCoachA, '2026-11-24T02:00:00.000Z', {
      deletedAt: new Date('2026-11-24T03:00:00.000Z'),
    });
    const closedVisit = visit(f.orgA, ids.closed, f.coachA, '2026-11-24T02:00:00.000Z');
    await db.insert(visits).values([...n, ...g, sunday, monday, draft, deleted, closedVisit]);

    const [n1, , n3] = n;
    const [g1, g2, g3] = g;
    if (!n1 || !n3 || !g1 || !g2 || !g3) throw new Error('fixture');
    await db.insert(checklistStates).values([
      state(n1, 'packaging', ['product_name']),
      state(n3, 'packaging', ['product_name', 'permit_number']),
      state(g1, 'packaging', ['product_name']),
      state(g2, 'packaging', ['product_name']),
      state(g3, 'packaging', ['product_name']),
      state(g3, 'digital_marketing', ['wa_business_catalogue']),
      // A deleted state never counts.
      state(g3, 'packaging', ['product_name', 'sealed', 'brand_design'], {
        deletedAt: new Date('2026-10-06T00:00:00.000Z'),
        updatedAt: new Date('2026-10-06T00:00:00.000Z'),
      }),
    ]);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('counts coverage against the target city-wide: open, with a coach and at least one visit', async () => {
    const answer = await dashboard();
    expect(answer.coverage).toEqual({
      target: null,
      underCoaching: 3,
      byDistrict: [
        { districtCode: '63.71.01', count: 2 },
        { districtCode: '63.71.02', count: 1 },
      ],
    });
    // The target is the city's: a kecamatan filter leaves coverage as it is.
    expect((await dashboard('?districtCode=63.71.02')).coverage.underCoaching).toBe(3);
  });

  it('counts visits per coach per week, weeks starting Monday midnight in the city (WITA)', async () => {
    const answer = await dashboard('?weeks=2');
    expect(answer.visitsPerCoachPerWeek.weekStarts).toEqual(['2026-11-16', '2026-11-23']);
    const byName = Object.fromEntries(answer.visitsPerCoachPerWeek.coaches.map((c) => [c.name, c]));
    // Coach A: Sunday 23:59 (week of 16 Nov); Monday 00:00 and the closed business on 24 Nov
    // (week of 23 Nov); the draft does not count.
    expect(byName['Coach A']?.weeks).toEqual([
      { weekStart: '2026-11-16', count: 1 },
      { weekStart: '2026-11-23', count: 2 },
    ]);
    expect(byName['Coach A']?.total).toBe(3);
    // Coach A2's only visit this fortnight was deleted: a row of zeros, still listed.
    expect(byName['Coach A2']?.weeks.map((w) => w.count)).toEqual([0, 0]);
    expect(Object.keys(byName).sort()).toEqual(['Coach A', 'Coach A2']);

    const twelve = await dashboard();
    expect(twelve.visitsPerCoachPerWeek.weekStarts).toHaveLength(12);
    expect(twelve.visitsPerCoachPerWeek.weekStarts[0]).toBe('2026-09-07');
    const coachA = twelve.visitsPerCoachPerWeek.coaches.find((c) => c.name === 'Coach A');
    // Twelve weeks from Monday 7 Sep: Keripik Naik's visits of 10 Sep, 10 Oct and 10 Nov count too.
    expect(coachA?.weeks.find((w) => w.weekStart === '2026-09-07')?.count).toBe(1);
    expect(coachA?.total).toBe(6);
    expect(lateSundayVisit).not.toBe('');
  });

  it('lists businesses not visited in N days, never visited first, without closed ones or drafts', async () => {
    const sixty = await dashboard();
    expect(sixty.notVisited.days).toBe(60);
    expect(sixty.notVisited.count).toBe(2);
    expect(sixty.notVisited.sample.map((b) => [b.name, b.lastVisitAt])).toEqual([
      ['Bakso Belum Dikunjungi', null],
      ['Sasirangan Intan', null],
    ]);
    expect(sixty.notVisited.byDistrict).toEqual([
      { districtCode: '63.71.01', count: 1 },
      { districtCode: '63.71.02', count: 1 },
    ]);

    const thirty = await dashboard('?notVisitedDays=30');
    expect(thirty.notVisited.sample.map((b) => [b.id, b.lastVisitAt])).toEqual([
      [ids.never, null],
      [s.fixture.businessOfOtherCoachA, null],
      [ids.stagnan, '2026-10-05T02:00:00.000Z'],
    ]);
    const district = await dashboard('?notVisitedDays=30&districtCode=63.71.02');
    expect(district.notVisited.count).toBe(2);
    expect(district.notVisited.sample.map((b) => b.id)).toEqual([ids.never, ids.stagnan]);
  });

  it('shows checklist adoption per item at each month’s end, of the businesses it applies to', async () => {
    const answer = await dashboard('?months=3');
    expect(answer.checklistAdoption.months).toEqual(['2026-09', '2026-10', '2026-11']);
    const item = (kind: 'packaging' | 'digital', id: string) =>
      answer.checklistAdoption[kind].find((entry) => entry.item === id);
    // Product name applies to both; by the end of September both packs had it.
    expect(item('packaging', 'product_name')?.points.map((p) => [p.done, p.applies, p.share])).toEqual([
      [2, 2, 1],
      [2, 2, 1],
      [2, 2, 1],
    ]);
    // The permit number is for food only (Keripik Naik): not on the pack until 10 Oct.
    expect(item('packaging', 'permit_number')?.points.map((p) => [p.done, p.applies, p.share])).toEqual([
      [0, 1, 0],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    // A deleted state's ticks never count.
    expect(item('packaging', 'sealed')?.points.map((p) => p.done)).toEqual([0, 0, 0]);
    expect(item('digital', 'wa_business_catalogue')?.points.map((p) => [p.done, p.applies])).toEqual([
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(item('packaging', 'product_name')?.label.id).toBe('Nama produk (jenis + merek)');
  });

  it('tells businesses moving up (naik kelas) from stagnating ones, by kecamatan', async () => {
    const answer = await dashboard();
    expect(answer.movement.naikKelas).toEqual({
      count: 1,
      byDistrict: [
        { districtCode: '63.71.01', count: 1 },
        { districtCode: '63.71.02', count: 0 },
      ],
    });
    expect(answer.movement.stagnan).toEqual({
      count: 1,
      byDistrict: [
        { districtCode: '63.71.01', count: 0 },
        { districtCode: '63.71.02', count: 1 },
      ],
    });
    // Keripik Naik, Sasirangan Diam, Amplang Berkah (visited); not the closed one.
    expect(answer.movement.assessed).toBe(3);
    expect(answer.movement.definitions).toEqual({ lastVisits: 3, flatWithin: 0.02 });
  });

  it('sums everything per kecamatan and counts statuses', async () => {
    const answer = await dashboard('?weeks=12');
    expect(answer.byDistrict).toEqual([
      {
        districtCode: '63.71.01',
        businesses: 4,
        underCoaching: 2,
        notVisited: 1,
        naikKelas: 1,
        stagnan: 0,
        visits: 6,
      },
      {
        districtCode: '63.71.02',
        businesses: 2,
        underCoaching: 1,
        notVisited: 1,
        naikKelas: 0,
        stagnan: 1,
        visits: 1,
      },
    ]);
    expect(answer.statusCounts).toEqual({ baru: 5, berkembang: 0, stagnan: 0, naik_kelas: 0, tutup: 1 });
    const district = await dashboard('?districtCode=63.71.02');
    expect(district.byDistrict.map((row) => row.districtCode)).toEqual(['63.71.02']);
    expect(district.statusCounts.baru).toBe(2);
    expect(district.movement.naikKelas.count).toBe(0);
    expect(district.movement.stagnan.count).toBe(1);
  });

  it('answers again from the figures it computed until a write changes the city, then recomputes', async () => {
    const before = await dashboard('?notVisitedDays=90');
    expect((await dashboard('?notVisitedDays=90')).generatedAt).toBe(before.generatedAt);
    expect(before.notVisited.sample.map((b) => b.name)).toContain('Sasirangan Intan');
    // Coach A2 visits Sasirangan Intan from the phone: the push takes the next sync version.
    const phone = device();
    const res = await s.json('/api/sync', {
      method: 'POST',
      token: await s.login('coach-a2'),
      body: {
        schemaVersion: PROTOCOL_VERSION,
        clientId: phone.clientId,
        cursor: '0',
        mutations: [
          phone.mutation(
            'visits',
            randomUUID(),
            newVisit(s.fixture.businessOfOtherCoachA, s.fixture.otherCoachA, {
              visitedAt: '2026-11-24T03:00:00.000Z',
            }),
          ),
        ],
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await dashboard('?notVisitedDays=90');
    expect(after.notVisited.count).toBe(before.notVisited.count - 1);
    expect(after.notVisited.sample.map((b) => b.name)).not.toContain('Sasirangan Intan');
    expect(after.coverage.underCoaching).toBe(before.coverage.underCoaching + 1);
    await dashboard('?notVisitedDays=90&weeks=2').then((answer) => {
      const a2 = answer.visitsPerCoachPerWeek.coaches.find((c) => c.name === 'Coach A2');
      expect(a2?.weeks.map((w) => w.count)).toEqual([0, 1]);
    });
  });

  it('sets the coverage target, records who changed it, and refuses bad targets with the field', async () => {
    const res = await s.json('/api/organisation/coverage-target', {
      method: 'PUT',
      token: coordinator,
      body: { target: 3100 },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ target: 3100 });
    expect((await dashboard()).coverage.target).toBe(3100);
    const entries = await s.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'organisation.coverage_target'), eq(auditLog.organisationId, s.fixture.orgA)),
      );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      userId: s.fixture.coordinatorA,
      entity: 'organisation',
      entityId: s.fixture.orgA,
      detail: { from: null, to: 3100 },
    });

    for (const body of [{ target: -1 }, { target: 1.5 }, { target: '3100' }, { target: 2_000_000 }, {}]) {
      const bad = await s.json('/api/organisation/coverage-target', {
        method: 'PUT',
        token: coordinator,
        body,
      });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(((await bad.json()) as ErrorBody).error.fields?.map((f) => f.path)).toContain('target');
    }
    const extra = await s.json('/api/organisation/coverage-target', {
      method: 'PUT',
      token: coordinator,
      body: { target: 5, organisationId: s.fixture.orgB },
    });
    expect(extra.status).toBe(400);
    const [b] = await s.database.db.select().from(organisations).where(eq(organisations.id, s.fixture.orgB));
    expect(b?.coverageTarget).toBeNull();
  });

  it('answers bad queries with 400 and the field', async () => {
    const cases: Array<[string, string]> = [
      ['?notVisitedDays=0', 'notVisitedDays'],
      ['?notVisitedDays=366', 'notVisitedDays'],
      ['?weeks=0', 'weeks'],
      ['?weeks=53', 'weeks'],
      ['?months=25', 'months'],
      ['?districtCode=6371', 'districtCode'],
      ['?sort=name', ''],
    ];
    for (const [query, field] of cases) {
      const res = await s.json(`/api/dashboard${query}`, { token: coordinator });
      expect(res.status, query).toBe(400);
      if (field)
        expect(
          ((await res.json()) as ErrorBody).error.fields?.map((f) => f.path),
          query,
        ).toContain(field);
    }
    const map = await s.json('/api/map/points?days=400', { token: coordinator });
    expect(map.status).toBe(400);
  });

  it('sends the same map points whether or not the browser accepts compression (compression.ts)', async () => {
    const plain = await (await s.json('/api/map/points', { token: coordinator })).json();
    expect(plain).toHaveProperty('businesses');
    const res = await s.json('/api/map/points', {
      token: coordinator,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const body =
      res.headers.get('content-encoding') === 'gzip'
        ? new Response(res.body?.pipeThrough(new DecompressionStream('gzip')))
        : res;
    expect(await body.json()).toEqual(plain);
  });

  it('is for coordinators only, and each city sees only its own', async () => {
    for (const token of [coach, owner]) {
      expect((await s.json('/api/dashboard', { token })).status).toBe(403);
      expect((await s.json('/api/map/points', { token })).status).toBe(403);
      const put = await s.json('/api/organisation/coverage-target', {
        method: 'PUT',
        token,
        body: { target: 1 },
      });
      expect(put.status).toBe(403);
    }
    expect((await s.json('/api/dashboard')).status).toBe(401);

    const b = await dashboard('', coordinatorB);
    expect(b.timeZone).toBe('Asia/Makassar');
    expect(b.coverage.underCoaching).toBe(0);
    expect(b.notVisited.sample.map((row) => row.name)).toEqual(['Kerupuk Tarakan']);
    expect(b.visitsPerCoachPerWeek.coaches).toEqual([]);
    expect(b.byDistrict.map((row) => row.districtCode)).toEqual(['65.71.01']);
    const points = mapPointsSchema.parse(
      await (await s.json('/api/map/points', { token: coordinatorB })).json(),
    );
    expect(points.businesses).toEqual([]);
    expect(points.visits).toEqual([]);
  });

  it('sends map points as compact rows: businesses with a GPS point, and the visits of the last N days', async () => {
    const res = await s.json('/api/map/points?days=30', { token: coordinator });
    expect(res.status).toBe(200);
    const points = mapPointsSchema.parse(await res.json());
    expect(points.businesses).toEqual([
      [ids.naik, 'Keripik Naik', -3.31988, 114.59123, 'baru', '2026-11-10T02:00:00.000Z'],
    ]);
    // 10 Nov is within 30 days of 25 Nov; 10 Oct is not.
    expect(points.visits).toHaveLength(1);
    expect(points.visits[0]?.slice(1)).toEqual([ids.naik, -3.3198, 114.5911, '2026-11-10T02:00:00.000Z']);
    expect(points.visitsTruncated).toBe(false);
    const longer = mapPointsSchema.parse(
      await (await s.json('/api/map/points?days=60', { token: coordinator })).json(),
    );
    expect(longer.visits.map((v) => v[4])).toEqual(['2026-11-10T02:00:00.000Z', '2026-10-10T02:00:00.000Z']);
    const elsewhere = mapPointsSchema.parse(
      await (await s.json('/api/map/points?districtCode=63.71.02', { token: coordinator })).json(),
    );
    expect(elsewhere.businesses).toEqual([]);
  });
});

// ---- the SQL against the shared definitions, business by business ----

const VIEWER: AuthenticatedUser = {
  id: randomUUID(),
  organisationId: randomUUID(),
  role: 'coordinator',
} as AuthenticatedUser;

function clockAt(millis: number, node: string): string {
  return formatHlc({ millis, counter: 0, node });
}

/** A city of `count` businesses, each in a kecamatan of its own, with random histories. */
async function seedRandomCity(
  db: Db,
  random: Random,
  organisationId: string,
  coachId: string,
  count: number,
) {
  const sales = [0, 1_000_000, 1_010_000, 2_000_000, 170_000_000, 200_000_000, 1_300_000_000, 5_000_000_000];
  const packagingIds = currentTemplate('packaging').items.map((item) => item.id);
  const digitalIds = currentTemplate('digital_marketing').items.map((item) => item.id);
  const pickTicks = (ids: readonly string[]) => ids.filter(() => random.chance(0.5));
  for (let i = 0; i < count; i++) {
    const created = Date.parse('2026-01-01T00:00:00.000Z') + random.int(0, 60) * 86_400_000;
    const node = random.uuid();
    const clocks: Record<string, string> = { '*': clockAt(created, node) };
    if (random.chance(0.5))
      clocks.licences = clockAt(created + random.pick([30_000, 61_000, 200 * 86_400_000]), node);
    if (random.chance(0.4)) clocks.status = clockAt(created + random.int(0, 320) * 86_400_000, node);
    if (random.chance(0.1)) clocks.status = 'not-a-clock';
    const districtCode = `63.71.${String(10 + i).padStart(2, '0')}`;
    const row = business(organisationId, {
      name: `Usaha ${i}`,
      districtCode,
      isFood: random.chance(0.5),
      status: random.pick(['baru', 'berkembang', 'stagnan', 'naik_kelas', 'naik_kelas', 'tutup']),
      assignedCoachId: random.chance(0.8) ? coachId : null,
      licences: {
        nib: random.chance(0.5) ? '1234567890123' : null,
        pirt: random.chance(0.3) ? '123456789012345' : null,
        halal: random.chance(0.3) ? 'ID00110012345' : null,
        bpom: random.chance(0.1) ? 'MD 123456789' : null,
        trademark: null,
      },
      clocks,
      createdAt: new Date(created),
      deletedAt: random.chance(0.05) ? new Date(created + 1000) : null,
    });
    await db.insert(businesses).values(row);
    const visitRows: VisitInsert[] = [];
    const stateRows: StateInsert[] = [];
    // Ticks often stay as they were (the stagnant case), sometimes change at random.
    const lastTicks: Record<'packaging' | 'digital_marketing', string[]> = {
      packaging: pickTicks(packagingIds),
      digital_marketing: pickTicks(digitalIds),
    };
    const nextTicks = (kind: 'packaging' | 'digital_marketing') => {
      if (random.chance(0.5)) lastTicks[kind] = pickTicks(kind === 'packaging' ? packagingIds : digitalIds);
      return lastTicks[kind];
    };
    const visitCount = random.int(0, 6);
    for (let v = 0; v < visitCount; v++) {
      // Visits land on a few days so ties in time (broken by id) happen too.
      const at = new Date(Date.parse('2026-05-01T02:00:00.000Z') + random.int(0, 40) * 5 * 86_400_000);
      const visitRow = visit(organisationId, row.id ?? '', coachId, at.toISOString(), {
        monthlySales: random.chance(0.7) ? random.pick(sales) : null,
        reviewState: random.chance(0.1) ? 'draft' : 'submitted',
        deletedAt: random.chance(0.08) ? new Date(at.getTime() + 1000) : null,
      });
      visitRows.push(visitRow);
      for (const kind of ['packaging', 'digital_marketing'] as const) {
        if (!random.chance(0.7)) continue;
        const updatedAt = new Date(at.getTime() + random.int(1, 1000) * 1000);
        stateRows.push(
          state(visitRow, kind, nextTicks(kind), {
            updatedAt,
            deletedAt: random.chance(0.05) ? updatedAt : null,
          }),
        );
        if (random.chance(0.15)) {
          // A second state for the same visit (two devices): the one written last wins.
          stateRows.push(
            state(visitRow, kind, pickTicks(kind === 'packaging' ? packagingIds : digitalIds), {
              updatedAt: new Date(updatedAt.getTime() + 5000),
            }),
          );
        }
      }
    }
    if (visitRows.length > 0) await db.insert(visits).values(visitRows);
    if (stateRows.length > 0) await db.insert(checklistStates).values(stateRows);
  }
}

describe.each(BACKENDS)('dashboard SQL equals the shared definitions on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;

  beforeAll(async () => {
    s = await startTestServer(backend, { now: () => NOW });
    coordinator = await s.login('koor-a');
    await seedRandomCity(s.database.db, seededRandom(20261125), s.fixture.orgA, s.fixture.coachA, 80);
  });
  afterAll(async () => {
    await s.dispose();
  });

  async function cityRows() {
    const { db } = s.database;
    const [businessRows, visitRows, stateRows] = await Promise.all([
      db.select().from(businesses).where(eq(businesses.organisationId, s.fixture.orgA)),
      db.select().from(visits).where(eq(visits.organisationId, s.fixture.orgA)),
      db.select().from(checklistStates).where(eq(checklistStates.organisationId, s.fixture.orgA)),
    ]);
    return businessRows.map((row) => ({
      business: businessToWire(row, { ...VIEWER, organisationId: s.fixture.orgA }),
      visits: visitRows.filter((v) => v.businessId === row.id).map(visitToWire),
      checklistStates: stateRows.filter((c) => c.businessId === row.id).map(checklistStateToWire),
    }));
  }

  it('judges every business naik kelas, stagnan or neither exactly as businessMovement does', async () => {
    const rows = await cityRows();
    const res = await s.json('/api/dashboard', { token: coordinator });
    const answer = dashboardSchema.parse(await res.json());
    const sql = new Map(answer.byDistrict.map((row) => [row.districtCode, row]));
    const expected = { naik_kelas: 0, stagnan: 0 };
    for (const row of rows) {
      if (row.business.deletedAt) continue;
      const movement = businessMovement(row);
      if (movement) expected[movement] += 1;
      const district = sql.get(row.business.districtCode);
      expect(
        [district?.naikKelas ?? 0, district?.stagnan ?? 0],
        `${row.business.name}: ${movement ?? 'neither'}`,
      ).toEqual([movement === 'naik_kelas' ? 1 : 0, movement === 'stagnan' ? 1 : 0]);
    }
    // The random city has some of each, or the comparison proves little.
    expect(expected.naik_kelas).toBeGreaterThan(5);
    expect(expected.stagnan).toBeGreaterThan(3);
    expect(answer.movement.naikKelas.count).toBe(expected.naik_kelas);
    expect(answer.movement.stagnan.count).toBe(expected.stagnan);
  });

  it('counts checklist adoption per item and month exactly as checklistAdoptionAt does', async () => {
    const rows = await cityRows();
    const res = await s.json('/api/dashboard?months=8', { token: coordinator });
    const answer = dashboardSchema.parse(await res.json());
    expect(answer.checklistAdoption.months[0]).toBe('2026-04');
    for (const [kind, key] of [
      ['packaging', 'packaging'],
      ['digital_marketing', 'digital'],
    ] as const) {
      answer.checklistAdoption.months.forEach((month, m) => {
        const [year = 0, mon = 0] = month.split('-').map(Number);
        const next = mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, '0')}-01`;
        const expected = checklistAdoptionAt(rows, kind, startOfDay(next, 'Asia/Makassar'));
        const actual = answer.checklistAdoption[key].map((item) => ({
          item: item.item,
          done: item.points[m]?.done,
          applies: item.points[m]?.applies,
        }));
        expect(actual, `${kind} ${month}`).toEqual(expected);
      });
    }
    const total = answer.checklistAdoption.packaging.reduce(
      (n, item) => n + (item.points[7]?.applies ?? 0),
      0,
    );
    expect(total).toBeGreaterThan(50);
  });
});
