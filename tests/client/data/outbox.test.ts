import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { getClientId, pendingCount, writeWithOutbox } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import type { FollowUp } from '@/shared/domain/follow-up';
import { followUpSchema } from '@/shared/domain/follow-up';
import { clockOf } from '@/shared/sync/clocks';
import { HLC_PATTERN } from '@/shared/sync/hlc';
import { mutationSchema } from '@/shared/sync/protocol';

let db: LocalDb;

beforeEach(async () => {
  db = new LocalDb(`binaan-outbox-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function makeFollowUp(overrides: Partial<FollowUp> = {}): FollowUp {
  const now = new Date().toISOString();
  return followUpSchema.parse({
    id: uuidv7(),
    organisationId: uuidv7(),
    businessId: uuidv7(),
    what: 'Daftarkan NIB di OSS',
    who: 'Pemilik',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
}

describe('writeWithOutbox', () => {
  it('writes the row and its outbox entry together', async () => {
    const row = makeFollowUp();
    const mutation = await writeWithOutbox(db, 'followUps', row, ['what']);

    const stored = await db.followUps.get(row.id);
    expect(stored?.what).toBe('Daftarkan NIB di OSS');
    expect(stored?.clocks.what).toMatch(HLC_PATTERN);
    const entries = await db.outbox.toArray();
    expect(entries).toEqual([mutation]);
    expect(mutationSchema.parse(entries[0])).toMatchObject({
      mutationId: 1,
      table: 'followUps',
      rowId: row.id,
      op: 'upsert',
      fields: { what: 'Daftarkan NIB di OSS' },
      clocks: { what: stored?.clocks.what },
    });
    expect(await pendingCount(db)).toBe(1);
  });

  it('numbers mutations 1, 2, 3 without gaps, with increasing clocks from one client id', async () => {
    const row = makeFollowUp();
    await writeWithOutbox(db, 'followUps', row, ['what'], { now: 1_000 });
    await writeWithOutbox(db, 'followUps', { ...row, what: 'Urus P-IRT' }, ['what'], { now: 1_000 });
    await writeWithOutbox(db, 'followUps', { ...row, what: 'Foto produk' }, ['what'], { now: 999 });

    const entries = await db.outbox.orderBy('mutationId').toArray();
    expect(entries.map((entry) => entry.mutationId)).toEqual([1, 2, 3]);
    const clocks = entries.map((entry) => entry.clocks.what ?? '');
    expect([...clocks].sort()).toEqual(clocks);
    expect(new Set(clocks).size).toBe(3);
    const clientId = await getClientId(db);
    for (const clock of clocks) expect(clock.endsWith(clientId)).toBe(true);
    expect((await db.followUps.get(row.id))?.what).toBe('Foto produk');
  });

  it('sends with each changed field the clock it had before the write, so the server can tell what the coach saw', async () => {
    const row = makeFollowUp();
    const created = await writeWithOutbox(db, 'followUps', row, ['what', 'who']);
    expect(created.baseClocks).toEqual({});
    const saved = await db.followUps.get(row.id);
    if (!saved) throw new Error('the follow-up was not saved');
    const edited = await writeWithOutbox(db, 'followUps', { ...saved, what: 'Urus P-IRT' }, ['what']);
    expect(edited.baseClocks).toEqual({ what: clockOf(saved.clocks, 'what') });
    expect(edited.clocks.what).not.toBe(clockOf(saved.clocks, 'what'));
  });

  it('an aborted enclosing transaction leaves neither row nor outbox entry, and no gap in mutationIds', async () => {
    const kept = makeFollowUp();
    await writeWithOutbox(db, 'followUps', kept, ['what']);
    const lost = makeFollowUp({ what: 'Tidak jadi' });

    await expect(
      db.transaction('rw', [db.followUps, db.outbox, db.meta], async () => {
        await writeWithOutbox(db, 'followUps', lost, ['what']);
        throw new Error('the phone died mid-save');
      }),
    ).rejects.toThrow('the phone died mid-save');

    expect(await db.followUps.get(lost.id)).toBeUndefined();
    expect(await db.outbox.where('rowId').equals(lost.id).count()).toBe(0);
    expect(await pendingCount(db)).toBe(1);

    const next = await writeWithOutbox(db, 'followUps', makeFollowUp(), ['what']);
    expect(next.mutationId).toBe(2);
  });

  it('a tombstoned row is queued as a delete', async () => {
    const row = makeFollowUp({ deletedAt: new Date().toISOString() });
    const mutation = await writeWithOutbox(db, 'followUps', row, ['deletedAt']);
    expect(mutation.op).toBe('delete');
  });
});

describe('uuidv7', () => {
  it('makes RFC 9562 version-7 ids that sort by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});
