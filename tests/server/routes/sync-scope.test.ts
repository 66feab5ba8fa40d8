/**
 * Scoped sync over time: a business moving between coaches moves its data onto and off their phones
 * through the ordinary pull; deleted rows past the tombstone horizon make an old cursor 410; bytes
 * no photo refers to are collected; texts that lost a merge reach the staff who may read them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore } from '@/server/blobs/blob-store';
import { blobs, syncState } from '@/server/db/schema';
import { collectUnreferencedBlobs, purgeTombstones } from '@/server/sync/maintenance';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newVisit } from '../../helpers/sync-fixtures';

type Page = {
  changes: Record<string, Array<Record<string, unknown> & { id: string }>>;
  revokedBusinessIds: string[];
  conflicts: Array<{
    id: string;
    table: string;
    rowId: string;
    businessId: string;
    field: string;
    losingValue: string;
  }>;
  cursor: string;
  hasMore: boolean;
  lastMutationId?: number;
  rejected?: Array<{ mutationId: number; reason: string; detail: string | null; message: string }>;
};

const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

/** Bytes that pass the server's image sniffing (a JPEG's first bytes), with their hash. */
function jpeg(): { bytes: Uint8Array<ArrayBuffer>; sha256: string } {
  const bytes = new Uint8Array(randomBytes(2048));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe.each(BACKENDS)('scoped sync over time on %s', (backend) => {
  let s: TestServer;
  let blobDir: string;

  beforeEach(async () => {
    blobDir = mkdtempSync(join(tmpdir(), 'binaan-blobs-'));
    s = await startTestServer(backend, { blobDir });
  });
  afterEach(async () => {
    await s.dispose();
  });

  async function pushRaw(token: string, body: Record<string, unknown>) {
    return s.json('/api/sync', {
      method: 'POST',
      token,
      body: { schemaVersion: PROTOCOL_VERSION, cursor: '0', clientId: randomUUID(), ...body },
    });
  }
  async function push(token: string, body: Record<string, unknown>): Promise<Page> {
    const res = await pushRaw(token, body);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  }
  /** Every page from `cursor` on, folded into one (ids per table, revocations, conflicts). */
  async function pullFrom(token: string, cursor: string) {
    const got = {
      ids: {} as Record<string, string[]>,
      revoked: [] as string[],
      conflicts: [] as Page['conflicts'],
    };
    for (;;) {
      const res = await s.json(`/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=3`, { token });
      expect(res.status, await res.clone().text()).toBe(200);
      const page = (await res.json()) as Page;
      for (const [table, rows] of Object.entries(page.changes)) {
        (got.ids[table] ??= []).push(...rows.map((row) => row.id));
      }
      got.revoked.push(...page.revokedBusinessIds);
      got.conflicts.push(...page.conflicts);
      cursor = page.cursor;
      if (!page.hasMore) return { ...got, cursor };
    }
  }

  it('moves a business with its history from one coach’s phone to another’s, and back', async () => {
    const f = s.fixture;
    const [coachA, coachA2, coordinator] = await Promise.all([
      s.login('coach-a'),
      s.login('coach-a2'),
      s.login('koor-a'),
    ]);
    // Coach A has a visit at the business; both phones are up to date.
    const phoneA = device();
    const visitId = randomUUID();
    await push(coachA, {
      clientId: phoneA.clientId,
      mutations: [phoneA.mutation('visits', visitId, newVisit(f.businessOfCoachA, f.coachA))],
    });
    const a = await pullFrom(coachA, '0');
    const a2 = await pullFrom(coachA2, '0');
    expect(a.ids.visits).toContain(visitId);
    expect(a2.ids.businesses).not.toContain(f.businessOfCoachA);

    // The coordinator moves the business to coach A2.
    const laptop = device();
    await push(coordinator, {
      clientId: laptop.clientId,
      mutations: [laptop.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA })],
    });

    // A2 receives the business and its older visit although its cursor is past the visit's version.
    const gained = await pullFrom(coachA2, a2.cursor);
    expect(gained.ids.businesses).toEqual([f.businessOfCoachA]);
    expect(gained.ids.visits).toEqual([visitId]);
    expect(gained.revoked).toEqual([]);
    // A is told to remove it, and receives nothing of it.
    const lost = await pullFrom(coachA, a.cursor);
    expect(lost.revoked).toEqual([f.businessOfCoachA]);
    expect(lost.ids.businesses ?? []).toEqual([]);
    // A phone starting from nothing is not told about what it never had a right to.
    expect((await pullFrom(coachA, '0')).revoked).toEqual([f.businessOfCoachA]);

    // Given back to A: rows instead of a revocation; A2 is told to remove it.
    await push(coordinator, {
      clientId: laptop.clientId,
      mutations: [laptop.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.coachA })],
    });
    const back = await pullFrom(coachA, lost.cursor);
    expect(back.revoked).toEqual([]);
    expect(back.ids.businesses).toEqual([f.businessOfCoachA]);
    expect(back.ids.visits).toEqual([visitId]);
    expect((await pullFrom(coachA2, gained.cursor)).revoked).toEqual([f.businessOfCoachA]);
  });

  it('accepts what a coach saved before learning of a move, and their own visits after; refuses the rest', async () => {
    const f = s.fixture;
    const [coachA, coordinator] = await Promise.all([s.login('coach-a'), s.login('koor-a')]);
    const phoneA = device();
    const before = await pullFrom(coachA, '0');
    const laptop = device();
    await push(coordinator, {
      clientId: laptop.clientId,
      mutations: [laptop.mutation('businesses', f.businessOfCoachA, { assignedCoachId: f.otherCoachA })],
    });

    // Offline, A edited the profile and recorded a visit; the phone still has its old cursor.
    const stale = await push(coachA, {
      clientId: phoneA.clientId,
      cursor: before.cursor,
      mutations: [
        phoneA.mutation('businesses', f.businessOfCoachA, { products: 'Amplang kepiting' }),
        phoneA.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.coachA)),
      ],
    });
    expect(stale.rejected).toEqual([]);
    expect(stale.revokedBusinessIds).toEqual([f.businessOfCoachA]);

    // Now that the phone knows (its cursor is past the move): a profile edit is refused with a reason,
    // another visit of A's own is still taken, and a visit in another coach's name is not.
    const knowing = await push(coachA, {
      clientId: phoneA.clientId,
      cursor: stale.cursor,
      mutations: [
        phoneA.mutation('businesses', f.businessOfCoachA, { products: 'Amplang udang' }),
        phoneA.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.coachA)),
        phoneA.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.otherCoachA)),
      ],
    });
    expect(knowing.rejected?.[0]?.message).toContain('sudah dipindahkan koordinator ke pendamping lain');
    expect(knowing.rejected?.map((r) => [r.mutationId, r.reason, r.detail])).toEqual([
      [3, 'moved', 'business moved to another coach'],
      [5, 'moved', 'business moved to another coach'],
    ]);
    // The visits A made reach the coach who has the business now.
    const a2 = await pullFrom(await s.login('coach-a2'), '0');
    expect(a2.ids.visits).toHaveLength(2);
  });

  it('answers 410 to a cursor older than purged tombstones, and a full pull from 0 no longer has them', async () => {
    const f = s.fixture;
    const coachA = await s.login('coach-a');
    const phoneA = device();
    const visitId = randomUUID();
    const created = await push(coachA, {
      clientId: phoneA.clientId,
      mutations: [phoneA.mutation('visits', visitId, newVisit(f.businessOfCoachA, f.coachA))],
    });
    const oldCursor = created.cursor;
    const deleted = await push(coachA, {
      clientId: phoneA.clientId,
      cursor: oldCursor,
      mutations: [phoneA.mutation('visits', visitId, {}, { op: 'delete' })],
    });
    expect(deleted.changes.visits?.[0]).toMatchObject({ id: visitId, deletedAt: expect.any(String) });

    // Nothing is old enough yet: nothing purged, the old cursor still works.
    const none = await purgeTombstones(s.database.db, new Date('2000-01-01T00:00:00Z'));
    expect(none.every((r) => r.purged === 0)).toBe(true);
    expect((await s.json(`/api/sync/changes?cursor=${oldCursor}`, { token: coachA })).status).toBe(200);

    const results = await purgeTombstones(s.database.db, FAR_FUTURE);
    expect(results.find((r) => r.organisationId === f.orgA)?.purged).toBe(1);
    const [state] = await s.database.db.select().from(syncState).where(eq(syncState.organisationId, f.orgA));
    expect(state?.horizon).toBeGreaterThan(Number(oldCursor));

    const gone = await s.json(`/api/sync/changes?cursor=${oldCursor}`, { token: coachA });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('cursor_expired');
    // A push with the old cursor is refused before anything is applied…
    const pushed = await pushRaw(coachA, {
      clientId: phoneA.clientId,
      cursor: oldCursor,
      mutations: [phoneA.mutation('businesses', f.businessOfCoachA, { products: 'Amplang' })],
    });
    expect(pushed.status).toBe(410);
    // …and the same entries go through with cursor 0, answered by a full pull without the purged row.
    const again = await push(coachA, {
      clientId: phoneA.clientId,
      cursor: '0',
      mutations: [
        phoneA.mutation('businesses', f.businessOfCoachA, { products: 'Amplang' }, { mutationId: 3 }),
      ],
    });
    expect(again.lastMutationId).toBe(3);
    const full = await pullFrom(coachA, '0');
    expect(full.ids.visits ?? []).not.toContain(visitId);
    expect(full.ids.businesses).toContain(f.businessOfCoachA);
    // The cursor at the horizon itself is fine.
    expect((await s.json(`/api/sync/changes?cursor=${full.cursor}`, { token: coachA })).status).toBe(200);
  });

  it('collects photo bytes no live photo refers to, and keeps the rest', async () => {
    const f = s.fixture;
    const coachA = await s.login('coach-a');
    const store = createBlobStore(blobDir);
    const kept = jpeg();
    const dropped = jpeg();
    for (const photo of [kept, dropped]) {
      const res = await s.app.request(`/api/blobs/${photo.sha256}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${coachA}`, 'content-type': 'image/jpeg' },
        body: photo.bytes,
      });
      expect(res.status).toBe(201);
    }
    const phoneA = device();
    const photo = (id: string, taken: { sha256: string; bytes: Uint8Array }) =>
      phoneA.mutation('photos', id, {
        businessId: f.businessOfCoachA,
        visitId: null,
        sha256: taken.sha256,
        mimeType: 'image/jpeg',
        byteSize: taken.bytes.byteLength,
        width: 40,
        height: 30,
        kind: 'premises',
        caption: null,
        takenAt: '2026-11-20T02:00:00.000Z',
      });
    const droppedId = randomUUID();
    await push(coachA, {
      clientId: phoneA.clientId,
      mutations: [photo(randomUUID(), kept), photo(droppedId, dropped)],
    });
    await push(coachA, {
      clientId: phoneA.clientId,
      mutations: [phoneA.mutation('photos', droppedId, {}, { op: 'delete' })],
    });

    // Within the grace period nothing goes.
    expect(await collectUnreferencedBlobs(s.database.db, store, new Date('2000-01-01T00:00:00Z'))).toEqual(
      [],
    );
    expect(await collectUnreferencedBlobs(s.database.db, store, FAR_FUTURE)).toEqual([dropped.sha256]);
    expect(await store.has(dropped.sha256)).toBe(false);
    expect(await store.has(kept.sha256)).toBe(true);
    expect((await s.database.db.select().from(blobs)).map((b) => b.sha256)).toEqual([kept.sha256]);
  });

  it('sends a text that lost a merge to the coach and the coordinator, never to the owner', async () => {
    const f = s.fixture;
    const [coachA, coordinator, owner] = await Promise.all([
      s.login('coach-a'),
      s.login('koor-a'),
      s.login('owner-a'),
    ]);
    const phoneA = device();
    const laptop = device();
    // The coordinator's edit is newer; the coach's older edit of the same text arrives later and loses.
    await push(coordinator, {
      clientId: laptop.clientId,
      mutations: [laptop.mutation('businesses', f.businessOfCoachA, { products: 'Amplang ikan belida' })],
    });
    await push(coachA, {
      clientId: phoneA.clientId,
      mutations: [
        phoneA.mutation(
          'businesses',
          f.businessOfCoachA,
          { products: 'Amplang tenggiri' },
          { clockOffsetMs: -60_000 },
        ),
      ],
    });
    for (const token of [coachA, coordinator]) {
      const { conflicts } = await pullFrom(token, '0');
      expect(conflicts).toEqual([
        expect.objectContaining({
          table: 'businesses',
          rowId: f.businessOfCoachA,
          businessId: f.businessOfCoachA,
          field: 'products',
          losingValue: 'Amplang tenggiri',
        }),
      ]);
    }
    expect((await pullFrom(owner, '0')).conflicts).toEqual([]);
    // Another coach of the city does not receive it either.
    expect((await pullFrom(await s.login('coach-a2'), '0')).conflicts).toEqual([]);
  });
});
