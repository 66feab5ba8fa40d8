import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessSchema } from '@/shared/domain/business';
import { visitSchema } from '@/shared/domain/visit';
import { businesses, followUps, visits } from '@/server/db/schema';
import { PULL_PAGE_MAX } from '@/server/routes/sync-routes';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

type Page = {
  changes: Record<
    'businesses' | 'visits' | 'followUps' | 'checklistStates' | 'photos',
    Array<{ id: string }>
  >;
  cursor: string;
  hasMore: boolean;
  serverTime: string;
};

describe.each(BACKENDS)('sync pull (GET /api/sync/changes) on %s', (backend) => {
  let s: TestServer;
  /** Ids of rows under coach A's business, by the version they were written at. */
  const coachARows = new Map<string, number>();

  beforeAll(async () => {
    s = await startTestServer(backend);
    const { db } = s.database;
    const f = s.fixture;
    coachARows.set(f.businessOfCoachA, 1);
    // Many rows at one version (like the seed or an import) and a few later ones, over two tables.
    const versions = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5];
    for (const [i, version] of versions.entries()) {
      const visitId = randomUUID();
      await db.insert(visits).values({
        id: visitId,
        organisationId: f.orgA,
        version,
        businessId: f.businessOfCoachA,
        coachId: f.coachA,
        visitedAt: new Date(Date.UTC(2026, 0, 1 + i)),
        kind: 'monitoring',
      });
      coachARows.set(visitId, version);
      if (i % 3 === 0) {
        const followUpId = randomUUID();
        await db.insert(followUps).values({
          id: followUpId,
          organisationId: f.orgA,
          version,
          businessId: f.businessOfCoachA,
          visitId,
          what: `Tindak lanjut ${i}`,
          who: 'Pemilik',
        });
        coachARows.set(followUpId, version);
      }
    }
    // A visit to the other coach's business: coach A must never receive it.
    await db.insert(visits).values({
      id: randomUUID(),
      organisationId: f.orgA,
      version: 2,
      businessId: f.businessOfOtherCoachA,
      coachId: f.otherCoachA,
      visitedAt: new Date(),
      kind: 'monitoring',
    });
  });
  afterAll(async () => {
    await s.dispose();
  });

  async function pull(token: string, cursor: string, limit: number): Promise<Page> {
    const res = await s.json(`/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, {
      token,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  }

  async function pullAll(token: string, limit: number, from = '0') {
    const seen: Array<{ id: string; table: string; page: number }> = [];
    let cursor = from;
    for (let pages = 0; pages < 500; pages++) {
      const page = await pull(token, cursor, limit);
      for (const [table, rows] of Object.entries(page.changes)) {
        for (const row of rows) seen.push({ id: row.id, table, page: pages });
      }
      cursor = page.cursor;
      if (!page.hasMore) return { seen, cursor };
    }
    throw new Error('pull did not finish');
  }

  it('gives a coach exactly the rows of their own businesses, as the shared schemas', async () => {
    const token = await s.login('coach-a');
    const page = await pull(token, '0', 500);
    expect(page.hasMore).toBe(false);
    expect(page.changes.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfCoachA]);
    expect(businessSchema.safeParse(page.changes.businesses[0]).success).toBe(true);
    for (const visit of page.changes.visits) expect(visitSchema.safeParse(visit).success).toBe(true);
    const ids = Object.values(page.changes).flatMap((rows) => rows.map((row) => row.id));
    expect(new Set(ids)).toEqual(new Set(coachARows.keys()));
  });

  it('pages through every row exactly once, also inside one version, for any page size', async () => {
    const token = await s.login('coach-a');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), async (limit) => {
        const { seen, cursor } = await pullAll(token, limit);
        const ids = seen.map((row) => row.id);
        expect(ids.length).toBe(new Set(ids).size);
        expect(new Set(ids)).toEqual(new Set(coachARows.keys()));
        // Commit order: a page never holds a version older than one already delivered.
        let highest = 0;
        const pages = new Map<number, typeof seen>();
        for (const row of seen) pages.set(row.page, [...(pages.get(row.page) ?? []), row]);
        for (const rows of pages.values()) {
          const versions = rows.map((row) => coachARows.get(row.id) ?? -1);
          expect(Math.min(...versions)).toBeGreaterThanOrEqual(highest);
          highest = Math.max(...versions);
        }
        expect(cursor).toBe('5');
      }),
      { numRuns: 12 },
    );
  });

  it('returns only what changed after the cursor, including tombstones', async () => {
    const token = await s.login('coach-a');
    const { cursor } = await pullAll(token, 500);
    expect((await pull(token, cursor, 500)).changes.visits).toHaveLength(0);

    const [someVisit] = [...coachARows.entries()].find(([, v]) => v === 3) ?? [];
    await s.database.db
      .update(visits)
      .set({ version: 6, deletedAt: new Date() })
      .where(eq(visits.id, someVisit ?? ''));
    const page = await pull(token, cursor, 500);
    expect(page.changes.visits).toEqual([
      expect.objectContaining({ id: someVisit, deletedAt: expect.any(String) }),
    ]);
    expect(page.cursor).toBe('6');
    await s.database.db
      .update(visits)
      .set({ version: 3, deletedAt: null })
      .where(eq(visits.id, someVisit ?? ''));
  });

  it('never crosses organisations, and gives an owner only their own business', async () => {
    const koorB = await pull(await s.login('koor-b'), '0', 500);
    expect(koorB.changes.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfB]);
    expect(koorB.changes.visits).toHaveLength(0);

    const owner = await pull(await s.login('owner-a'), '0', 500);
    expect(owner.changes.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfCoachA]);

    const coordinator = await pull(await s.login('koor-a'), '0', 500);
    expect(coordinator.changes.businesses.map((b) => b.id).sort()).toEqual(
      [s.fixture.businessOfCoachA, s.fixture.businessOfOtherCoachA].sort(),
    );
  });

  it('keeps a business that moved to another coach away from the first coach from then on', async () => {
    const token = await s.login('coach-a2');
    const before = await pull(token, '0', 500);
    expect(before.changes.businesses.map((b) => b.id)).toEqual([s.fixture.businessOfOtherCoachA]);
    await s.database.db
      .update(businesses)
      .set({ assignedCoachId: s.fixture.coachA, version: 7 })
      .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
    const after = await pull(token, before.cursor, 500);
    expect(after.changes.businesses).toHaveLength(0);
    await s.database.db
      .update(businesses)
      .set({ assignedCoachId: s.fixture.otherCoachA, version: 1 })
      .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
  });

  it('refuses a cursor it did not make, and a page size out of range, naming the field', async () => {
    const token = await s.login('coach-a');
    for (const query of ['cursor=abc', 'cursor=1:9:x', 'limit=0', `limit=${PULL_PAGE_MAX + 1}`]) {
      const res = await s.json(`/api/sync/changes?${query}`, { token });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { fields: Array<{ path: string }> } };
      expect(body.error.fields[0]?.path).toBe(query.split('=')[0]);
    }
  });

  it('requires a signed-in user', async () => {
    expect((await s.json('/api/sync/changes')).status).toBe(401);
  });
});
