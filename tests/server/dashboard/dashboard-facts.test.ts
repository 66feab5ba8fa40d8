/**
 * The dashboard's per-business tables, kept current by recomputing only what was written since
 * (dashboard-facts.ts), must always equal a rebuild from scratch: after new visits and checklists,
 * an edited checklist, a deleted visit, a business closed, a re-assignment and a deleted business.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAllDashboards, refreshDashboardFacts } from '@/server/dashboard/dashboard-facts';
import { dashboardBusinessFacts, dashboardChecklistSpans, dashboardState } from '@/server/db/schema';
import { currentTemplate } from '@/shared/checklists';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';

describe.each(BACKENDS)('dashboard facts kept current on %s', (backend) => {
  let s: TestServer;
  let coach: string;
  let coordinator: string;
  const phone = device();
  let cursor = '0';
  const packaging = currentTemplate('packaging');
  const items = (done: number) =>
    Object.fromEntries(
      packaging.items.map((item, i) => [item.id, { done: i < done, evidence: null, note: null }]),
    );

  async function push(mutations: unknown[], token = coach, from = phone) {
    const res = await s.json('/api/sync', {
      method: 'POST',
      token,
      body: { schemaVersion: PROTOCOL_VERSION, clientId: from.clientId, cursor, mutations },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { rejected: unknown[]; cursor: string };
    expect(body.rejected).toEqual([]);
    if (from === phone) cursor = body.cursor;
  }
  function visitWithChecklist(businessId: string, visitedAt: string, done: number, sales: number | null) {
    const visitId = randomUUID();
    const checklistId = randomUUID();
    return {
      visitId,
      checklistId,
      mutations: [
        phone.mutation(
          'visits',
          visitId,
          newVisit(businessId, s.fixture.coachA, { visitedAt, monthlySales: sales }),
        ),
        phone.mutation('checklistStates', checklistId, {
          businessId,
          visitId,
          kind: 'packaging',
          templateVersion: packaging.version,
          items: items(done),
        }),
      ],
    };
  }
  async function tables() {
    const { db } = s.database;
    const facts = await db
      .select()
      .from(dashboardBusinessFacts)
      .orderBy(asc(dashboardBusinessFacts.businessId));
    const spans = await db
      .select()
      .from(dashboardChecklistSpans)
      .orderBy(asc(dashboardChecklistSpans.visitId), asc(dashboardChecklistSpans.kind));
    return { facts, spans };
  }
  /** Brings the tables up to date the cheap way, then compares with a rebuild from scratch. */
  async function expectSameAsRebuild(expectFull: boolean) {
    const refresh = await refreshDashboardFacts(s.database.db, s.fixture.orgA);
    expect(refresh.full).toBe(expectFull);
    const kept = await tables();
    await s.database.db
      .update(dashboardState)
      .set({ signature: '' })
      .where(eq(dashboardState.organisationId, s.fixture.orgA));
    expect((await refreshDashboardFacts(s.database.db, s.fixture.orgA)).full).toBe(true);
    expect(kept).toEqual(await tables());
    return kept;
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    coach = await s.login('coach-a');
    coordinator = await s.login('koor-a');
  });
  afterAll(() => s.dispose());

  it('recomputes only what changed, and always agrees with a rebuild', async () => {
    const business = s.fixture.businessOfCoachA;
    const first = visitWithChecklist(business, '2026-09-10T02:00:00.000Z', 2, 5_000_000);
    const second = visitWithChecklist(business, '2026-10-10T02:00:00.000Z', 4, 4_000_000);
    await push([...first.mutations, ...second.mutations]);
    const initial = await expectSameAsRebuild(true);
    expect(initial.facts.find((row) => row.businessId === business)?.lastAt).toEqual(
      new Date('2026-10-10T02:00:00.000Z'),
    );
    expect(initial.spans.filter((row) => row.businessId === business)).toHaveLength(2);

    // Nothing written: nothing recomputed.
    expect(await refreshDashboardFacts(s.database.db, s.fixture.orgA)).toMatchObject({ businesses: 0 });

    // A third visit.
    const third = visitWithChecklist(business, '2026-11-10T02:00:00.000Z', 4, 3_000_000);
    await push(third.mutations);
    const afterThird = await expectSameAsRebuild(false);
    expect(afterThird.facts.find((row) => row.businessId === business)?.lastAt).toEqual(
      new Date('2026-11-10T02:00:00.000Z'),
    );

    // Only a checklist ticked further afterwards (no visit row changes): its span follows.
    await push([phone.mutation('checklistStates', third.checklistId, { items: items(6) })]);
    const afterTick = await expectSameAsRebuild(false);
    expect(afterTick.spans.find((row) => row.visitId === third.visitId)?.doneMask).toBe(0b111111);

    // A business of its own created and visited; the second visit deleted again.
    const own = randomUUID();
    const created = phone.mutation('businesses', own, newBusiness(s.fixture.coachA));
    const ownVisit = visitWithChecklist(own, '2026-11-12T02:00:00.000Z', 1, null);
    await push([created, ...ownVisit.mutations]);
    await expectSameAsRebuild(false);
    await push([
      phone.mutation('visits', second.visitId, { deletedAt: new Date().toISOString() }, { op: 'delete' }),
    ]);
    const afterDelete = await expectSameAsRebuild(false);
    expect(afterDelete.spans.some((row) => row.visitId === second.visitId)).toBe(false);

    // The coordinator closes one business (its spans go) and moves the other to another coach.
    const status = await s.json(`/api/businesses/${business}/status`, {
      method: 'POST',
      token: coordinator,
      body: {
        status: 'tutup',
        expectedUpdatedAt: (
          (await (await s.json(`/api/businesses/${business}`, { token: coordinator })).json()) as {
            updatedAt: string;
          }
        ).updatedAt,
      },
    });
    expect(status.status).toBe(200);
    const assign = await s.json('/api/assignments', {
      method: 'POST',
      token: coordinator,
      body: { coachId: s.fixture.otherCoachA, target: { kind: 'selection', businessIds: [own] } },
    });
    expect(assign.status).toBe(200);
    const afterDesk = await expectSameAsRebuild(false);
    expect(afterDesk.spans.some((row) => row.businessId === business)).toBe(false);
    expect(afterDesk.facts.find((row) => row.businessId === own)?.hasCoach).toBe(true);

    // A deleted business leaves the tables.
    const gone = randomUUID();
    await push([phone.mutation('businesses', gone, newBusiness(s.fixture.coachA, { name: 'Salah input' }))]);
    await expectSameAsRebuild(false);
    await push([
      phone.mutation('businesses', gone, { deletedAt: new Date().toISOString() }, { op: 'delete' }),
    ]);
    const afterGone = await expectSameAsRebuild(false);
    expect(afterGone.facts.some((row) => row.businessId === gone)).toBe(false);

    // The server's periodic catch-up covers every city; what it caught up is not recomputed again.
    await push([phone.mutation('visits', randomUUID(), newVisit(own, s.fixture.coachA))]);
    const caughtUp = await refreshAllDashboards(s.database.db);
    expect(caughtUp).toHaveLength(2);
    expect(caughtUp.map((refresh) => refresh.businesses)).toContain(1);
    expect(await refreshDashboardFacts(s.database.db, s.fixture.orgA)).toMatchObject({ businesses: 0 });
  });
});
