import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addBusinessPhoto,
  BusinessPhotoDuplicateError,
  BusinessPhotoTargetError,
  loadBusinessPhotos,
  removeBusinessPhoto,
  setBusinessPhotoKind,
} from '@/client/data/business-photo-repository';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import type { PreparedPhoto } from '@/client/data/visit-types';
import { photoSchema } from '@/shared/domain/photo';
import { mutationSchema } from '@/shared/sync/protocol';
import { makeBusiness, makeVisit, TEST_ORGANISATION_ID } from '../../helpers/factories';

let db: LocalDb;
const writer = { organisationId: TEST_ORGANISATION_ID };

beforeEach(async () => {
  db = new LocalDb(`binaan-business-photos-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

function prepared(seed: number): PreparedPhoto {
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, seed, 1, 2, 3]).buffer;
  return {
    bytes,
    sha256: seed.toString(16).padStart(2, '0').repeat(32),
    mimeType: 'image/jpeg',
    width: 1600,
    height: 1200,
    byteSize: bytes.byteLength,
  };
}

async function storedBusiness(overrides: Parameters<typeof makeBusiness>[0] = {}) {
  const business = makeBusiness(overrides);
  await db.businesses.put(business);
  return business;
}

const takenAt = (day: number) => `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`;

describe('addBusinessPhoto', () => {
  it('stores the row, the bytes and one upsert with every field, in one go', async () => {
    const business = await storedBusiness();
    const now = Date.parse('2026-11-20T03:00:00.000Z');
    const photo = await addBusinessPhoto(
      db,
      writer,
      business.id,
      { ...prepared(1), kind: 'premises', takenAt: takenAt(20) },
      now,
    );

    expect(photoSchema.parse(await db.photos.get(photo.id))).toMatchObject({
      businessId: business.id,
      visitId: null,
      kind: 'premises',
      organisationId: TEST_ORGANISATION_ID,
      createdAt: '2026-11-20T03:00:00.000Z',
    });
    const blob = await db.blobs.get(prepared(1).sha256);
    expect(new Uint8Array(blob?.bytes ?? new ArrayBuffer(0))).toEqual(new Uint8Array(prepared(1).bytes));
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const entry = mutationSchema.parse(outbox[0]);
    expect(entry).toMatchObject({ table: 'photos', rowId: photo.id, op: 'upsert' });
    expect(Object.keys(entry.fields).sort()).toEqual(
      ['businessId', 'byteSize', 'caption', 'height', 'kind', 'mimeType', 'sha256', 'takenAt', 'visitId', 'width'],
    );
  });

  it('keeps one copy of bytes a visit already stored', async () => {
    const business = await storedBusiness();
    await db.blobs.add({ sha256: prepared(2).sha256, bytes: prepared(2).bytes, type: 'image/jpeg', createdAt: takenAt(1) });
    await addBusinessPhoto(db, writer, business.id, { ...prepared(2), kind: 'product', takenAt: takenAt(2) });
    expect(await db.blobs.count()).toBe(1);
    expect(await db.photos.count()).toBe(1);
  });

  it('refuses the same photo twice on one business, and takes it again once removed', async () => {
    const business = await storedBusiness();
    const first = await addBusinessPhoto(db, writer, business.id, {
      ...prepared(10),
      kind: 'premises',
      takenAt: takenAt(10),
    });
    await expect(
      addBusinessPhoto(db, writer, business.id, { ...prepared(10), kind: 'product', takenAt: takenAt(11) }),
    ).rejects.toBeInstanceOf(BusinessPhotoDuplicateError);
    expect(await db.outbox.count()).toBe(1);
    await removeBusinessPhoto(db, first.id);
    await addBusinessPhoto(db, writer, business.id, { ...prepared(10), kind: 'product', takenAt: takenAt(11) });
    expect((await loadBusinessPhotos(db, business.id)).map((photo) => photo.kind)).toEqual(['product']);
  });

  it('refuses a business that is not on the phone or was deleted, writing nothing', async () => {
    const deleted = await storedBusiness({ deletedAt: '2026-11-01T00:00:00.000Z' });
    for (const id of [deleted.id, uuidv7()]) {
      await expect(
        addBusinessPhoto(db, writer, id, { ...prepared(3), kind: 'premises', takenAt: takenAt(3) }),
      ).rejects.toBeInstanceOf(BusinessPhotoTargetError);
    }
    expect([await db.photos.count(), await db.blobs.count(), await db.outbox.count()]).toEqual([0, 0, 0]);
  });

  it('leaves neither row, bytes nor outbox entry when the outbox write fails (a full disk)', async () => {
    const business = await storedBusiness();
    vi.spyOn(db.outbox, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(
      addBusinessPhoto(db, writer, business.id, { ...prepared(4), kind: 'premises', takenAt: takenAt(4) }),
    ).rejects.toThrow(/quota/i);
    expect([await db.photos.count(), await db.blobs.count(), await db.outbox.count()]).toEqual([0, 0, 0]);
  });
});

describe('changing and removing', () => {
  it('queues only the kind when it changes, nothing when it does not', async () => {
    const business = await storedBusiness();
    const photo = await addBusinessPhoto(db, writer, business.id, {
      ...prepared(5),
      kind: 'premises',
      takenAt: takenAt(5),
    });
    await setBusinessPhotoKind(db, photo.id, 'product');
    await setBusinessPhotoKind(db, photo.id, 'product');

    expect((await db.photos.get(photo.id))?.kind).toBe('product');
    const entries = await db.outbox.orderBy('mutationId').toArray();
    expect(entries.map((entry) => [entry.op, Object.keys(entry.fields)])).toEqual([
      ['upsert', expect.any(Array)],
      ['upsert', ['kind']],
    ]);
  });

  it('removes with a tombstone and a delete entry; the bytes stay', async () => {
    const business = await storedBusiness();
    const photo = await addBusinessPhoto(db, writer, business.id, {
      ...prepared(6),
      kind: 'premises',
      takenAt: takenAt(6),
    });
    await removeBusinessPhoto(db, photo.id);
    await removeBusinessPhoto(db, photo.id);

    expect((await db.photos.get(photo.id))?.deletedAt).not.toBeNull();
    expect(await db.blobs.count()).toBe(1);
    const last = (await db.outbox.orderBy('mutationId').toArray()).at(-1);
    expect(last).toMatchObject({ op: 'delete', rowId: photo.id });
    expect(Object.keys(last?.fields ?? {})).toEqual(['deletedAt']);
    expect(await db.outbox.count()).toBe(2);
    expect(await loadBusinessPhotos(db, business.id)).toEqual([]);
  });
});

describe('loadBusinessPhotos', () => {
  it('lists the business’s own live photos newest first, not its visits’ photos nor other businesses’', async () => {
    const business = await storedBusiness();
    const other = await storedBusiness();
    const older = await addBusinessPhoto(db, writer, business.id, {
      ...prepared(7),
      kind: 'premises',
      takenAt: takenAt(7),
    });
    const newer = await addBusinessPhoto(db, writer, business.id, {
      ...prepared(8),
      kind: 'product',
      takenAt: takenAt(8),
    });
    await addBusinessPhoto(db, writer, other.id, { ...prepared(9), kind: 'premises', takenAt: takenAt(9) });
    const visit = makeVisit({ businessId: business.id });
    await db.visits.put(visit);
    await db.photos.put({ ...newer, id: uuidv7(), visitId: visit.id, takenAt: takenAt(10) });

    expect((await loadBusinessPhotos(db, business.id)).map((photo) => photo.id)).toEqual([newer.id, older.id]);
  });
});
