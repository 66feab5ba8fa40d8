// @vitest-environment node
/**
 * A coach's account is deactivated while their phone still holds unsent work. The phone's last
 * sync hands the whole outbox over (in several requests, and again after a lost answer) and only
 * then reports `accountClosed`, the signal to sign out. Nothing saved on the phone is lost: the
 * server has every entry once, refused entries keep their reason, and local rows stay.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBusiness, fieldsOf, updateBusiness } from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { writeWithOutbox } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { createSyncApi } from '@/client/sync/sync-api';
import { META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { syncNow } from '@/client/sync/sync-now';
import { businesses, syncClients } from '@/server/db/schema';
import { businessFieldsSchema } from '@/shared/domain/business';
import { startTestServer, type TestServer } from '../../helpers/server';

let s: TestServer;
let db: LocalDb;

beforeEach(async () => {
  s = await startTestServer('embedded');
  db = new LocalDb(`binaan-closed-${uuidv7()}`);
  await db.open();
}, 60_000);
afterEach(async () => {
  await db.delete();
  await s.dispose();
});

type Fetch = typeof fetch;
const serverFetch: Fetch = (input, init) =>
  Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init));

const coachA = () => ({ id: s.fixture.coachA, role: 'coach' as const, organisationId: s.fixture.orgA });
const fields = (name: string) =>
  businessFieldsSchema.parse({
    name,
    ownerName: 'Rusmini',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    sector: 'makanan_olahan',
    isFood: true,
  });

async function deactivateCoachA() {
  const res = await s.json(`/api/users/${s.fixture.coachA}/deactivate`, {
    method: 'POST',
    token: await s.login('koor-a'),
  });
  expect(res.status).toBe(200);
}

/** A synced phone of coach A, then offline work: three new businesses and one refused reassignment. */
async function phoneWithOfflineWork(fetchImpl: Fetch) {
  const api = createSyncApi(await s.login('coach-a'), fetchImpl);
  expect((await syncNow(db, api, s.fixture.coachA)).ok).toBe(true);
  const mine = await db.businesses.get(s.fixture.businessOfCoachA);
  if (!mine) throw new Error('not pulled');
  const created = [];
  for (const name of ['Amplang Bu Sari', 'Bingka Pak Udin', 'Kerupuk Haruan']) {
    created.push(await createBusiness(db, coachA(), fields(name)));
  }
  // Only a coordinator may reassign: the server refuses this one.
  await writeWithOutbox(db, 'businesses', { ...mine, assignedCoachId: s.fixture.otherCoachA }, [
    'assignedCoachId',
  ]);
  await updateBusiness(db, coachA(), mine.id, { ...fieldsOf(mine), cohort: 'WUB 2026' });
  return { api, created, mine };
}

async function serverNames(): Promise<string[]> {
  const rows = await s.database.db
    .select({ name: businesses.name })
    .from(businesses)
    .where(eq(businesses.organisationId, s.fixture.orgA));
  return rows.map((row) => row.name).sort();
}

/** The server takes at most two entries a request (413 above that), so the outbox goes in batches. */
const twoPerRequest: Fetch = async (input, init) => {
  const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { mutations?: unknown[] }) : null;
  if ((body?.mutations?.length ?? 0) > 2) {
    return new Response(JSON.stringify({ error: { code: 'payload_too_large', message: 'too large' } }), {
      status: 413,
    });
  }
  return serverFetch(input, init);
};

describe('a deactivated coach’s last sync', () => {
  it('hands the whole outbox over, batch by batch, and says to sign out only once it is empty', async () => {
    const requests: Array<{ mutations: number; signOut: boolean }> = [];
    const watching: Fetch = async (input, init) => {
      const res = await twoPerRequest(input, init);
      if (String(input) === '/api/sync' && res.status === 200) {
        const body = JSON.parse(String(init?.body)) as { mutations: unknown[] };
        const answer = (await res.clone().json()) as { signOut?: boolean };
        requests.push({ mutations: body.mutations.length, signOut: answer.signOut === true });
      }
      return res;
    };
    const { api, created, mine } = await phoneWithOfflineWork(watching);
    requests.length = 0;
    await deactivateCoachA();

    const outcome = await syncNow(db, api, s.fixture.coachA);

    expect(outcome).toMatchObject({ ok: false, failure: 'accountClosed', pushed: 5, rejected: 1 });
    expect(requests).toEqual([
      { mutations: 2, signOut: true },
      { mutations: 2, signOut: true },
      { mutations: 1, signOut: true },
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect(await serverNames()).toEqual(
      ['Amplang Berkah', 'Amplang Bu Sari', 'Bingka Pak Udin', 'Kerupuk Haruan', 'Sasirangan Intan'].sort(),
    );
    const [row] = await s.database.db.select().from(businesses).where(eq(businesses.id, mine.id));
    expect(row).toMatchObject({ assignedCoachId: s.fixture.coachA, cohort: 'WUB 2026' });
    // The refused entry's reason stays for the coach; the phone's own rows are not removed.
    const rejections = (await readMeta<StoredRejection[]>(db, META_REJECTIONS)) ?? [];
    expect(rejections.map((r) => [r.rowId, r.reason])).toEqual([[mine.id, 'forbiddenField']]);
    expect(await db.businesses.count()).toBe(1 + created.length);
  });

  it('after a lost answer, sends the same entries again; the server applies them once', async () => {
    let dropNext = false;
    const losing: Fetch = async (input, init) => {
      const res = await twoPerRequest(input, init);
      if (dropNext && String(input) === '/api/sync' && res.status === 200) {
        dropNext = false;
        throw new TypeError('connection lost after the server committed');
      }
      return res;
    };
    const { api } = await phoneWithOfflineWork(losing);
    await deactivateCoachA();

    dropNext = true;
    const first = await syncNow(db, api, s.fixture.coachA);
    expect(first.failure).toBe('network');
    expect(await db.outbox.count()).toBe(5); // nothing removed on a guess

    const second = await syncNow(db, api, s.fixture.coachA);
    expect(second.failure).toBe('accountClosed');
    expect(await db.outbox.count()).toBe(0);
    const names = await serverNames();
    expect(names.filter((name) => name === 'Amplang Bu Sari')).toHaveLength(1);
    expect(names).toHaveLength(5);
    const clients = await s.database.db
      .select()
      .from(syncClients)
      .where(eq(syncClients.userId, s.fixture.coachA));
    expect(clients.map((client) => client.lastMutationId)).toEqual([5]);
  });

  it('with nothing waiting, the first exchange already says to sign out', async () => {
    const api = createSyncApi(await s.login('coach-a'), serverFetch);
    expect((await syncNow(db, api, s.fixture.coachA)).ok).toBe(true);
    await deactivateCoachA();
    expect(await syncNow(db, api, s.fixture.coachA)).toMatchObject({ failure: 'accountClosed', pushed: 0 });
    // What the phone had pulled is still there to read.
    expect(await db.businesses.get(s.fixture.businessOfCoachA)).toBeDefined();
  });

  it('a password reset is not a deactivation: the outbox stays, nothing says to sign out', async () => {
    const { api } = await phoneWithOfflineWork(serverFetch);
    const res = await s.json(`/api/users/${s.fixture.coachA}/password`, {
      method: 'POST',
      token: await s.login('koor-a'),
    });
    expect(res.status).toBe(200);
    expect(await syncNow(db, api, s.fixture.coachA)).toMatchObject({ ok: false, failure: 'unauthorized' });
    expect(await db.outbox.count()).toBe(5);
  });
});
