// @vitest-environment node
/**
 * The pull against the real server (embedded database, app.fetch in place of the network) into
 * the real Dexie schema on fake-indexeddb: the whole round trip in one test, no mocks.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CURSOR, writeWithOutbox } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { applyPage, pullAll } from '@/client/sync/pull';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { businesses, visits } from '@/server/db/schema';
import { startTestServer, type TestServer } from '../../helpers/server';

let s: TestServer;
let db: LocalDb;

beforeAll(async () => {
  s = await startTestServer('embedded');
  await s.database.db.insert(visits).values(
    Array.from({ length: 30 }, (_, i) => ({
      id: uuidv7(),
      organisationId: s.fixture.orgA,
      version: 1,
      businessId: s.fixture.businessOfCoachA,
      coachId: s.fixture.coachA,
      visitedAt: new Date(Date.UTC(2026, 1, 1 + i)),
      kind: 'monitoring',
      notes: `Kunjungan ke-${i + 1}`,
    })),
  );
});
afterAll(async () => {
  await s.dispose();
});
beforeEach(async () => {
  db = new LocalDb(`binaan-pull-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

async function apiFor(username: string): Promise<SyncApi> {
  const token = await s.login(username);
  return createSyncApi(token, (input, init) =>
    Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init)),
  );
}

describe('pull into the phone', () => {
  it('downloads exactly the coach’s rows and the city’s regions, then has nothing more to fetch', async () => {
    const api = await apiFor('coach-a');
    const first = await pullAll(db, api, s.fixture.coachA);
    expect(first.ok).toBe(true);
    expect(await db.businesses.toCollection().primaryKeys()).toEqual([s.fixture.businessOfCoachA]);
    expect(await db.visits.count()).toBe(30);
    const regions = (await readMeta<{ districts: unknown[] }>(db, 'regions')) ?? { districts: [] };
    expect(regions.districts.length).toBe(5);
    expect(await readMeta(db, META_CURSOR)).toBe('1');

    const second = await pullAll(db, api, s.fixture.coachA);
    expect(second).toEqual({ ok: true, pages: 1, rows: 0 });
  });

  it('pages through a large version without losing or repeating rows (small pages)', async () => {
    const api = await apiFor('coach-a');
    const small: SyncApi = { ...api, changes: (cursor) => api.changes(cursor, 7) };
    const outcome = await pullAll(db, small, s.fixture.coachA);
    expect(outcome.ok && outcome.pages).toBeGreaterThan(4);
    expect(await db.visits.count()).toBe(30);
  });

  it('keeps a field the coach edited on the phone and has not sent, while taking the server’s other fields', async () => {
    const api = await apiFor('coach-a');
    await pullAll(db, api, s.fixture.coachA);
    const local = await db.businesses.get(s.fixture.businessOfCoachA);
    if (!local) throw new Error('not pulled');
    await writeWithOutbox(db, 'businesses', { ...local, products: 'Amplang ikan belida' }, ['products']);

    // Meanwhile the server's copy changed (older, unclocked write of another field and of products).
    await s.database.db
      .update(businesses)
      .set({ products: 'Amplang biasa', phone: '+6281311112222', version: 2 })
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    try {
      await pullAll(db, api, s.fixture.coachA);
      const merged = await db.businesses.get(s.fixture.businessOfCoachA);
      expect(merged?.products).toBe('Amplang ikan belida');
      expect(merged?.phone).toBe('+6281311112222');
      expect(await db.outbox.count()).toBe(1);
    } finally {
      await s.database.db
        .update(businesses)
        .set({ products: null, phone: '+6281234567890', version: 1 })
        .where(eq(businesses.id, s.fixture.businessOfCoachA));
    }
  });

  it('on a new phone, writes pages without reading them back, yet keeps an edit still unsent', async () => {
    const api = await apiFor('coach-a');
    const page = await api.changes('0', 1000);
    if (!page.ok) throw new Error('no page');
    await applyPage(db, page.value, Date.now(), undefined, true);
    const mine = await db.businesses.get(s.fixture.businessOfCoachA);
    if (!mine) throw new Error('not pulled');
    // The coach edits the products; the same business comes down again (another device changed the
    // phone number on the server meanwhile) before the edit is sent.
    await writeWithOutbox(db, 'businesses', { ...mine, products: 'Amplang ikan belida' }, ['products']);
    const again = {
      ...page.value,
      changes: {
        ...page.value.changes,
        visits: [],
        businesses: page.value.changes.businesses.map((row) =>
          row.id === mine.id
            ? { ...row, phone: '+6281311113333', clocks: { ...row.clocks, phone: 'zzzzzzzzzzz-00000-x' } }
            : row,
        ),
      },
    };
    await applyPage(db, again, Date.now(), undefined, true);
    expect(await db.businesses.get(mine.id)).toMatchObject({
      products: 'Amplang ikan belida',
      phone: '+6281311113333',
    });
  });

  it('writes a page and its cursor together: a failing page leaves neither rows nor a moved cursor', async () => {
    const api = await apiFor('coach-a');
    const page = await api.changes('0', 1000);
    if (!page.ok) throw new Error('no page');
    db.visits.hook('creating', () => {
      throw new Error('disk trouble');
    });
    await expect(applyPage(db, page.value)).rejects.toThrow('disk trouble');
    expect(await db.businesses.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
    expect(await readMeta(db, META_CURSOR)).toBeUndefined();
  });

  it('clears the previous person’s data when someone else signs in on the phone, but never with unsent changes', async () => {
    await pullAll(db, await apiFor('coach-a'), s.fixture.coachA);
    expect(await db.visits.count()).toBe(30);

    const other = await pullAll(db, await apiFor('coach-a2'), s.fixture.otherCoachA);
    expect(other.ok).toBe(true);
    expect(await db.visits.count()).toBe(0);
    expect(await db.businesses.toCollection().primaryKeys()).toEqual([s.fixture.businessOfOtherCoachA]);

    const mine = await db.businesses.get(s.fixture.businessOfOtherCoachA);
    if (!mine) throw new Error('not pulled');
    await writeWithOutbox(db, 'businesses', { ...mine, cohort: 'WUB 2026' }, ['cohort']);
    const refused = await pullAll(db, await apiFor('coach-a'), s.fixture.coachA);
    expect(refused).toMatchObject({ ok: false, failure: 'pendingOtherUser' });
    expect(await db.businesses.get(s.fixture.businessOfOtherCoachA)).toMatchObject({ cohort: 'WUB 2026' });
  });

  it('reports an expired session without touching the phone’s data', async () => {
    const api = createSyncApi('expired-token', (input, init) =>
      Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init)),
    );
    const outcome = await pullAll(db, api, s.fixture.coachA);
    expect(outcome).toMatchObject({ ok: false, failure: 'unauthorized' });
  });
});
