/**
 * No skipped rows (sync.md, "How correctness is proven", 3): on PostgreSQL, several devices push at
 * the same time (real concurrent transactions on the pool), while another device keeps pulling with
 * its cursor, by GET /api/sync/changes and by POST /api/sync with nothing to push, with large and
 * small pages. After each round the puller catches up, and what it has seen must be every row of
 * the city exactly as committed: a row whose version it skipped would be missing or stale.
 *
 * The workload is seeded (printed on failure); the interleaving is whatever the database makes of
 * it, so the test runs many rounds. The embedded database runs a few rounds too: one connection,
 * but requests still interleave between the queries of a page.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedUser } from '@/server/auth/sessions';
import { businesses, checklistStates, followUps, photos, visits } from '@/server/db/schema';
import {
  businessToWire,
  checklistStateToWire,
  followUpToWire,
  photoToWire,
  visitToWire,
} from '@/server/sync/wire';
import { formatHlc } from '@/shared/sync/hlc';
import { PROTOCOL_VERSION, SYNCED_TABLES, type SyncedTable } from '@/shared/sync/protocol';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { seededRandom } from '../../helpers/seeded-random';

const SEED = Number(process.env.SYNC_PG_SEED ?? 20261125);
/** Rounds of concurrent pushes per backend (the embedded database serves one query at a time). */
const ROUNDS = { postgres: 20, embedded: 6 } as const;

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => [key, sortedKeys(item)]),
  );
}
const normalised = (row: unknown) => JSON.stringify(sortedKeys(JSON.parse(JSON.stringify(row))));

type Pusher = {
  token: string;
  clientId: string;
  userId: string;
  next: number;
  millis: number;
  businesses: string[];
  visits: Array<{ id: string; businessId: string }>;
};

describe.each(BACKENDS)('no skipped rows under concurrent pushes, on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => {
    await s.dispose();
  });

  /** Every row of city A, as a coordinator's pull sends it, straight from the tables. */
  async function committed(viewer: AuthenticatedUser): Promise<Map<string, string>> {
    const { db } = s.database;
    const org = s.fixture.orgA;
    const rows = new Map<string, string>();
    const add = (table: SyncedTable, list: Array<{ id: string }>) => {
      for (const row of list) rows.set(`${table}/${row.id}`, normalised(row));
    };
    add(
      'businesses',
      (await db.select().from(businesses).where(eq(businesses.organisationId, org))).map((row) =>
        businessToWire(row, viewer),
      ),
    );
    add('visits', (await db.select().from(visits).where(eq(visits.organisationId, org))).map(visitToWire));
    add(
      'followUps',
      (await db.select().from(followUps).where(eq(followUps.organisationId, org))).map(followUpToWire),
    );
    add(
      'checklistStates',
      (await db.select().from(checklistStates).where(eq(checklistStates.organisationId, org))).map(
        checklistStateToWire,
      ),
    );
    add('photos', (await db.select().from(photos).where(eq(photos.organisationId, org))).map(photoToWire));
    return rows;
  }

  it('a puller that follows its cursor while pushes commit concurrently has seen every committed row, as committed', async () => {
    const f = s.fixture;
    const draw = seededRandom(SEED);
    const pusher = async (username: string, userId: string): Promise<Pusher> => ({
      token: await s.login(username),
      clientId: randomUUID(),
      userId,
      next: 1,
      millis: Date.now(),
      businesses: [],
      visits: [],
    });
    const pushers = [
      await pusher('coach-a', f.coachA),
      await pusher('coach-a', f.coachA),
      await pusher('coach-a2', f.otherCoachA),
      await pusher('koor-a', f.coordinatorA),
    ];
    const pullerToken = await s.login('koor-a');
    const pullerClient = randomUUID();
    const viewer: AuthenticatedUser = {
      id: f.coordinatorA,
      organisationId: f.orgA,
      organisationName: 'Kota A',
      username: 'koor-a',
      name: 'Koor A',
      role: 'coordinator',
      businessId: null,
      sessionId: randomUUID(),
    };

    /** One push: a new business with a visit and a follow-up, visits to earlier ones, and edits. */
    function batch(device: Pusher) {
      const mutations: Array<Record<string, unknown>> = [];
      const add = (table: SyncedTable, rowId: string, fields: Record<string, unknown>) => {
        const clock = formatHlc({ millis: (device.millis += 1), counter: 0, node: device.clientId });
        mutations.push({
          mutationId: device.next++,
          table,
          rowId,
          op: 'upsert',
          fields,
          clocks: Object.fromEntries(Object.keys(fields).map((field) => [field, clock])),
          schemaVersion: PROTOCOL_VERSION,
          createdAt: new Date().toISOString(),
        });
      };
      const coach = device.userId === f.coordinatorA ? f.coachA : device.userId;
      const visit = (businessId: string) => {
        const id = randomUUID();
        add('visits', id, {
          businessId,
          coachId: coach,
          visitedAt: new Date().toISOString(),
          kind: 'monitoring',
          notes: `Kunjungan ${draw(1000)}`,
          reviewState: 'submitted',
        });
        device.visits.push({ id, businessId });
        return id;
      };
      const businessId = randomUUID();
      add('businesses', businessId, {
        name: `Usaha ${draw(10_000)}`,
        ownerName: 'Rusmini',
        districtCode: '63.71.01',
        villageCode: '63.71.01.1001',
        sector: 'makanan_olahan',
        isFood: true,
        assignedCoachId: coach,
        createdBy: device.userId,
      });
      device.businesses.push(businessId);
      if (device.userId !== f.coordinatorA) {
        const visitId = visit(businessId);
        add('followUps', randomUUID(), { businessId, visitId, what: 'Daftar NIB', who: 'Pemilik' });
        add('checklistStates', randomUUID(), {
          businessId,
          visitId,
          kind: 'packaging',
          templateVersion: 1,
          items: { product_name: { done: draw(2) === 0, evidence: null, note: null } },
        });
      }
      for (let i = draw(6); i > 0; i--) {
        const earlier = device.businesses[draw(device.businesses.length)] ?? businessId;
        if (draw(2) === 0) add('businesses', earlier, { products: `Produk ${draw(1000)}` });
        else if (device.userId !== f.coordinatorA) visit(earlier);
      }
      for (let i = draw(4); i > 0; i--) {
        const earlier = device.visits[draw(device.visits.length)];
        if (earlier) add('visits', earlier.id, { notes: `Diubah ${draw(1000)}` });
      }
      return mutations;
    }

    const seen = new Map<string, string>();
    let cursor = '0';
    let pulls = 0;
    async function pullOnce(limit: number, viaPush: boolean): Promise<boolean> {
      const res = viaPush
        ? await s.json('/api/sync', {
            method: 'POST',
            token: pullerToken,
            body: { clientId: pullerClient, schemaVersion: PROTOCOL_VERSION, cursor, limit, mutations: [] },
          })
        : await s.json(`/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, {
            token: pullerToken,
          });
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        changes: Record<SyncedTable, Array<{ id: string }>>;
        cursor: string;
        hasMore: boolean;
      };
      for (const table of SYNCED_TABLES) {
        for (const row of page.changes[table]) seen.set(`${table}/${row.id}`, normalised(row));
      }
      cursor = page.cursor;
      pulls += 1;
      return page.hasMore;
    }

    for (let round = 0; round < ROUNDS[backend]; round++) {
      let pushing = true;
      const pushes = Promise.all(
        pushers.map(async (device) => {
          for (let i = 1 + draw(3); i > 0; i--) {
            const mutations = batch(device);
            const res = await s.json('/api/sync', {
              method: 'POST',
              token: device.token,
              body: {
                clientId: device.clientId,
                schemaVersion: PROTOCOL_VERSION,
                cursor: '0',
                limit: 1,
                mutations,
              },
            });
            const answer = (await res.json()) as { lastMutationId?: number; rejected?: unknown[] };
            expect(res.status, JSON.stringify(answer)).toBe(200);
            expect(answer.rejected, `seed ${SEED}, round ${round}`).toEqual([]);
          }
        }),
      ).finally(() => {
        pushing = false;
      });
      // Pull while the pushes run: small and large pages, through both endpoints.
      while (pushing) await pullOnce(draw(2) === 0 ? 1 + draw(8) : 1000, draw(2) === 0);
      await pushes;
      while (await pullOnce(1000, draw(2) === 0));

      const truth = await committed(viewer);
      const missing = [...truth].filter(([key, row]) => seen.get(key) !== row).map(([key]) => key);
      expect(missing, `seed ${SEED}, round ${round}: rows the puller skipped or holds stale`).toEqual([]);
      expect(seen.size).toBe(truth.size);
    }
    expect(pulls).toBeGreaterThan(ROUNDS[backend] * 2);
  }, 180_000);
});
