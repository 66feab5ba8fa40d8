/**
 * Merging a duplicate business (issue 5), on both databases: field by field, everything under the
 * duplicate moves, the duplicate leaves every phone that held it, the merge is on record, and a
 * phone that was offline during the merge still lands its visit on the kept business, once.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, businessMerges, businesses, followUps, visits } from '@/server/db/schema';
import type { Business } from '@/shared/domain/business';
import { syncVersions } from '../../helpers/db-snapshot';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { phoneSync } from '../../helpers/phone-sync';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('merging duplicate businesses on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;
  let coachA: string;
  let coachA2: string;
  const phoneA = device();
  const phoneA2 = device();
  const duplicate = randomUUID();
  const visitOnDuplicate = randomUUID();
  const followUpOnDuplicate = randomUUID();
  const lateVisit = randomUUID();

  const sync = phoneSync(() => s);
  async function current(id: string) {
    const res = await s.json(`/api/businesses/${id}`, { token: coordinator });
    return (await res.json()) as Business;
  }
  const merge = (survivorId: string, body: Record<string, unknown>, token = coordinator) =>
    s.json(`/api/businesses/${survivorId}/merge`, { method: 'POST', token, body });

  beforeAll(async () => {
    s = await startTestServer(backend);
    coordinator = await s.login('koor-a');
    coachA = await s.login('coach-a');
    coachA2 = await s.login('coach-a2');
    await sync(coachA, phoneA);
    // Coach A2 registers the same business again, with a newer phone number, and visits it.
    const pushed = await sync(coachA2, phoneA2, [
      phoneA2.mutation(
        'businesses',
        duplicate,
        newBusiness(s.fixture.otherCoachA, {
          name: 'Amplang Berkah Bu Siti',
          ownerName: 'Siti Aminah',
          phone: '+6281122334455',
          districtCode: '63.71.02',
          villageCode: '63.71.02.1003',
        }),
      ),
      phoneA2.mutation(
        'visits',
        visitOnDuplicate,
        newVisit(duplicate, s.fixture.otherCoachA, { notes: 'Kunjungan pertama (tercatat ganda).' }),
      ),
      phoneA2.mutation('followUps', followUpOnDuplicate, {
        businessId: duplicate,
        visitId: visitOnDuplicate,
        what: 'Daftar NIB lewat OSS',
        who: 'owner',
        dueOn: '2026-12-01',
        doneAt: null,
      }),
    ]);
    expect(pushed.rejected).toEqual([]);
  });
  afterAll(() => s.dispose());

  it('refuses merging a business with itself, unknown groups, stale copies, other roles and cities', async () => {
    const kept = await current(s.fixture.businessOfCoachA);
    const dup = await current(duplicate);
    const base = {
      duplicateId: duplicate,
      take: ['phone'],
      expectedUpdatedAt: kept.updatedAt,
      expectedDuplicateUpdatedAt: dup.updatedAt,
    };
    const self = await merge(duplicate, { ...base, expectedUpdatedAt: dup.updatedAt });
    expect(self.status).toBe(400);
    expect(((await self.json()) as ErrorBody).error.fields?.[0]?.path).toBe('duplicateId');
    const unknown = await merge(s.fixture.businessOfCoachA, { ...base, take: ['nama'] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.fields?.[0]?.path).toBe('take.0');
    const repeated = await merge(s.fixture.businessOfCoachA, { ...base, take: ['phone', 'phone'] });
    expect(repeated.status).toBe(400);
    const stale = await merge(s.fixture.businessOfCoachA, {
      ...base,
      expectedDuplicateUpdatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as ErrorBody & { duplicate: Business };
    expect(staleBody.error.code).toBe('stale_business');
    expect(staleBody.duplicate.name).toBe('Amplang Berkah Bu Siti');
    expect((await merge(s.fixture.businessOfCoachA, base, coachA)).status).toBe(403);
    expect((await merge(s.fixture.businessOfCoachA, base, await s.login('koor-b'))).status).toBe(404);
    expect((await merge(s.fixture.businessOfB, base)).status).toBe(404);
    // Nothing of it was written.
    expect((await current(duplicate)).deletedAt).toBeNull();
  });

  it('a refused merge takes no version: stale copies, an unknown business and another city', async () => {
    const kept = await current(s.fixture.businessOfCoachA);
    const dup = await current(duplicate);
    const base = {
      duplicateId: duplicate,
      take: ['phone'],
      expectedUpdatedAt: kept.updatedAt,
      expectedDuplicateUpdatedAt: dup.updatedAt,
    };
    const before = await syncVersions(s.database.db);
    const stale = { ...base, expectedUpdatedAt: '2026-01-01T00:00:00.000Z' };
    expect((await merge(s.fixture.businessOfCoachA, stale)).status).toBe(409);
    expect((await merge(randomUUID(), base)).status).toBe(404);
    expect((await merge(s.fixture.businessOfCoachA, base, await s.login('koor-b'))).status).toBe(404);
    expect(await syncVersions(s.database.db)).toEqual(before);
    expect(await current(s.fixture.businessOfCoachA)).toEqual(kept);
  });

  it('keeps the chosen fields, moves everything under the duplicate and keeps the record', async () => {
    const kept = await current(s.fixture.businessOfCoachA);
    const dup = await current(duplicate);
    const res = await merge(s.fixture.businessOfCoachA, {
      duplicateId: duplicate,
      take: ['phone', 'region'],
      expectedUpdatedAt: kept.updatedAt,
      expectedDuplicateUpdatedAt: dup.updatedAt,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { business: Business; moved: Record<string, number> };
    expect(body.business).toMatchObject({
      name: 'Amplang Berkah',
      phone: '+6281122334455',
      districtCode: '63.71.02',
      villageCode: '63.71.02.1003',
      assignedCoachId: s.fixture.coachA,
    });
    expect(body.moved).toEqual({ visits: 1, followUps: 1, checklistStates: 0, photos: 0 });

    const db = s.database.db;
    const [dupRow] = await db.select().from(businesses).where(eq(businesses.id, duplicate));
    expect(dupRow?.deletedAt).not.toBeNull();
    const [visitRow] = await db.select().from(visits).where(eq(visits.id, visitOnDuplicate));
    expect(visitRow?.businessId).toBe(s.fixture.businessOfCoachA);
    const [followUpRow] = await db.select().from(followUps).where(eq(followUps.id, followUpOnDuplicate));
    expect(followUpRow?.businessId).toBe(s.fixture.businessOfCoachA);
    const [record] = await db.select().from(businessMerges).where(eq(businessMerges.duplicateId, duplicate));
    expect(record?.survivorId).toBe(s.fixture.businessOfCoachA);
    expect(record?.taken.sort()).toEqual(['districtCode', 'phone', 'villageCode']);
    expect(record?.before.duplicate).toMatchObject({ name: 'Amplang Berkah Bu Siti' });
    expect(record?.before.survivor).toMatchObject({ phone: '+6281234567890' });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'business.merge'));
    expect(entry).toMatchObject({ userId: s.fixture.coordinatorA, entityId: s.fixture.businessOfCoachA });

    // The kept business's coach receives the merged profile and the visit that moved.
    const toA = await sync(coachA, phoneA);
    expect(toA.changes.businesses.find((b) => b.id === s.fixture.businessOfCoachA)?.phone).toBe(
      '+6281122334455',
    );
    expect(toA.changes.visits.find((v) => v.id === visitOnDuplicate)?.businessId).toBe(
      s.fixture.businessOfCoachA,
    );
    // The coach who created the duplicate is told to remove it, though they created it.
    const toA2 = await sync(coachA2, phoneA2);
    expect(toA2.revokedBusinessIds).toContain(duplicate);
    // The coordinator's list shows one business where there were two.
    const list = await s.json('/api/desk/businesses?q=amplang', { token: coordinator });
    expect(((await list.json()) as { total: number }).total).toBe(1);
  });

  it('a phone offline during the merge still lands its visit on the kept business, exactly once', async () => {
    const late = phoneA2.mutation(
      'visits',
      lateVisit,
      newVisit(duplicate, s.fixture.otherCoachA, { notes: 'Dicatat offline sebelum tahu digabung.' }),
    );
    const first = await sync(coachA2, phoneA2, [late]);
    expect(first.rejected).toEqual([]);
    // The same push again (its answer was lost): applied once.
    await sync(coachA2, phoneA2, [late]);
    const rows = await s.database.db.select().from(visits).where(eq(visits.id, lateVisit));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.businessId).toBe(s.fixture.businessOfCoachA);
    const toA = await sync(coachA, phoneA);
    expect(toA.changes.visits.map((v) => v.id)).toContain(lateVisit);
    // A profile edit made on a phone that had not heard of the merge lands on the kept business.
    const offline = device();
    const edit = await sync(coachA2, offline, [
      offline.mutation('businesses', duplicate, { products: 'Amplang ikan pipih' }),
    ]);
    expect(edit.rejected).toEqual([]);
    expect((await current(s.fixture.businessOfCoachA)).products).toBe('Amplang ikan pipih');
    // A phone that knew is told why its edit was not kept; deleting the duplicate never deletes the
    // kept business.
    const knew = await sync(coachA2, phoneA2, [
      phoneA2.mutation('businesses', duplicate, { products: 'Amplang udang' }),
      phoneA2.mutation('businesses', duplicate, { deletedAt: new Date().toISOString() }, { op: 'delete' }),
    ]);
    expect(knew.rejected.map((r) => r.reason)).toEqual(['moved']);
    const kept = await current(s.fixture.businessOfCoachA);
    expect(kept.deletedAt).toBeNull();
    expect(kept.products).toBe('Amplang ikan pipih');
  });
});
