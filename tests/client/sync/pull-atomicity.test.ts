// @vitest-environment node
/**
 * Atomicity of what sync writes on the phone (sync.md, "How correctness is proven", 4), against the
 * real server (embedded database, app.request in place of the network): a pulled page that fails
 * at any of its writes, in any of the five tables or the cursor, leaves no row of it and the cursor
 * where it was; an answer to a push whose writing fails (acknowledged entries removed, page, cursor)
 * leaves the outbox whole, so the entries go again and the server, which already applied them,
 * applies them exactly once.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBusinessPhoto } from '@/client/data/business-photo-repository';
import { fieldsOf, updateBusiness } from '@/client/data/business-repository';
import { LocalDb, readMeta } from '@/client/data/local-db';
import { META_CLIENT_ID, META_CURSOR, META_NEXT_MUTATION_ID } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { saveVisit } from '@/client/data/visit-repository';
import { applyPage } from '@/client/sync/pull';
import { createSyncApi, type SyncApi } from '@/client/sync/sync-api';
import { syncNow } from '@/client/sync/sync-now';
import { syncClients } from '@/server/db/schema';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { SYNCED_TABLES } from '@/shared/sync/protocol';
import { failEachWriteInTurn, openFaultyDb } from '../../helpers/dexie-faults';
import { startTestServer, type TestServer } from '../../helpers/server';
import { jpegPhoto } from '../../helpers/jpeg-bytes';

let s: TestServer;
const opened: LocalDb[] = [];

// The first server of a test process migrates the embedded database (seconds on a busy machine).
beforeEach(async () => {
  s = await startTestServer('embedded');
}, 60_000);
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
  await s.dispose();
});

async function apiFor(username: string): Promise<SyncApi> {
  return createSyncApi(await s.login(username), (input, init) =>
    Promise.resolve(s.app.request(typeof input === 'string' ? input : input.toString(), init)),
  );
}

/** Coach A's other phone writes a visit with everything, and a business photo, and sends them. */
async function workOnAnotherPhone(): Promise<void> {
  const other = new LocalDb(`binaan-other-${uuidv7()}`);
  await other.open();
  opened.push(other);
  const api = await apiFor('coach-a');
  await syncNow(other, api, s.fixture.coachA);
  const businessId = s.fixture.businessOfCoachA;
  const photo = await jpegPhoto(128, 9);
  const writer = { id: s.fixture.coachA, organisationId: s.fixture.orgA };
  await saveVisit(other, writer, {
    visitId: uuidv7(),
    draftId: null,
    fields: visitFieldsSchema.parse({
      businessId,
      coachId: s.fixture.coachA,
      visitedAt: new Date().toISOString(),
      kind: 'monitoring',
      notes: `Kunjungan ${uuidv7()}`,
    }),
    followUps: [{ id: uuidv7(), what: 'Daftar NIB', who: 'Pemilik', dueOn: null }],
    checklists: [
      {
        kind: 'packaging',
        templateVersion: 1,
        items: { product_name: { done: true, evidence: null, note: null } },
      },
    ],
    photos: [
      { ...photo, id: uuidv7(), kind: 'packaging_before', caption: null, takenAt: new Date().toISOString() },
    ],
  });
  const mine = await other.businesses.get(businessId);
  if (!mine) throw new Error('not pulled');
  await updateBusiness(other, { ...writer, role: 'coach' }, businessId, {
    ...fieldsOf(mine),
    products: 'Amplang',
  });
  await addBusinessPhoto(other, writer, businessId, {
    ...photo,
    kind: 'premises',
    takenAt: new Date().toISOString(),
  });
  expect((await syncNow(other, api, s.fixture.coachA)).ok).toBe(true);
}

describe('an interrupted pull or acknowledgement leaves the phone as it was', () => {
  it('a page that fails at any write leaves none of its rows and the cursor where it was', async () => {
    const { db, plan } = await openFaultyDb('binaan-pull-atomic');
    opened.push(db);
    const api = await apiFor('coach-a');
    expect((await syncNow(db, api, s.fixture.coachA)).ok).toBe(true);
    const cursor = (await readMeta<string>(db, META_CURSOR)) ?? '';
    expect(cursor).not.toBe('0');
    await workOnAnotherPhone();
    const page = await api.changes(cursor, 1000);
    if (!page.ok) throw new Error('no page');
    for (const table of SYNCED_TABLES) expect(page.value.changes[table].length, table).toBeGreaterThan(0);

    const faults = await failEachWriteInTurn(
      db,
      plan,
      () => applyPage(db, page.value),
      async () => expect(await readMeta<string>(db, META_CURSOR)).toBe(cursor),
    );
    // Every table of the page and the meta writes (clock offset, clock, cursor) were failed in turn.
    expect(faults).toBeGreaterThanOrEqual(SYNCED_TABLES.length + 3);
    expect(await readMeta<string>(db, META_CURSOR)).toBe(page.value.cursor);
    for (const table of SYNCED_TABLES) {
      for (const row of page.value.changes[table])
        expect(await db.table(table).get(row.id), table).toBeDefined();
    }
  }, 60_000);

  it('an answer whose writing fails keeps the outbox, and the entries are applied once when sent again', async () => {
    const { db, plan } = await openFaultyDb('binaan-ack-atomic');
    opened.push(db);
    // Count only the transactions that take in an answer (outbox and synced tables together; the
    // sign-in check shares that scope but writes nothing for the same person).
    plan.only = (tables) => tables.includes('outbox') && tables.includes('visits');
    const api = await apiFor('coach-a');
    expect((await syncNow(db, api, s.fixture.coachA)).ok).toBe(true);
    await workOnAnotherPhone();
    const id = s.fixture.businessOfCoachA;
    const coachA = { id: s.fixture.coachA, role: 'coach' as const, organisationId: s.fixture.orgA };
    for (const cohort of ['WUB 2025', 'WUB 2026']) {
      const current = await db.businesses.get(id);
      if (!current) throw new Error('not pulled');
      await updateBusiness(db, coachA, id, { ...fieldsOf(current), cohort });
    }
    const cursor = await readMeta<string>(db, META_CURSOR);

    const faults = await failEachWriteInTurn(
      db,
      plan,
      () => syncNow(db, api, s.fixture.coachA),
      async () => {
        expect(await db.outbox.count()).toBe(2);
        expect(await readMeta<string>(db, META_CURSOR)).toBe(cursor);
      },
    );
    expect(faults).toBeGreaterThanOrEqual(SYNCED_TABLES.length + 3);

    // Sent again after every failed answer, applied once: the server's count is the phone's.
    expect(await db.outbox.count()).toBe(0);
    const issued = ((await readMeta<number>(db, META_NEXT_MUTATION_ID)) ?? 1) - 1;
    const [client] = await s.database.db
      .select()
      .from(syncClients)
      .where(eq(syncClients.clientId, (await readMeta<string>(db, META_CLIENT_ID)) ?? ''));
    expect(client?.lastMutationId).toBe(issued);
    expect(issued).toBe(2);
    expect((await db.businesses.get(id))?.cohort).toBe('WUB 2026');
    expect(await db.photos.count()).toBe(2);
  }, 60_000);
});
