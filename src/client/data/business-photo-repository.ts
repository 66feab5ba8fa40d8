/**
 * Photos of the business itself (its premises, its products), not taken at a visit: `photos` rows with
 * `visitId` null. The business page shows them and the coach adds, relabels and removes them there.
 *
 * Why it is shaped this way:
 * - Each action is saved at once, row + bytes + outbox entry in one transaction, like every other
 *   write on the phone (sync.md): there is no form to lose and no draft to keep.
 * - A removed photo becomes a tombstone, never a hard delete, so the removal syncs; its bytes stay
 *   while anything else refers to them (the blob collector of the sync issue frees them later).
 * - Visit photos are not listed here: they belong to their visit and are edited there.
 */
import { photoSchema, type Photo } from '@/shared/domain/photo';
import type { LocalDb } from './local-db';
import { writeWithOutbox } from './outbox';
import { storePhotoBytes } from './photo-bytes';
import { uuidv7 } from './uuid';
import { PHOTO_FIELDS } from './visit-repository';
import type { PreparedPhoto } from './visit-types';

export type BusinessPhotoWriter = { organisationId: string };

/** Kinds a photo of the business itself can have (packaging before/after belong to visits). */
export const BUSINESS_PHOTO_KINDS = ['premises', 'product', 'other'] as const satisfies readonly Photo['kind'][];


/** The business is not on this phone, or was deleted. */
export class BusinessPhotoTargetError extends Error {
  constructor(readonly businessId: string) {
    super(`Business ${businessId} is not on this device`);
    this.name = 'BusinessPhotoTargetError';
  }
}

/** The same bytes are already a live photo of this business. */
export class BusinessPhotoDuplicateError extends Error {
  constructor(readonly sha256: string) {
    super(`Photo ${sha256} is already on this business`);
    this.name = 'BusinessPhotoDuplicateError';
  }
}

/** The business's own live photos, newest first. */
export async function loadBusinessPhotos(db: LocalDb, businessId: string): Promise<Photo[]> {
  const rows = await db.photos.where('businessId').equals(businessId).toArray();
  return rows
    .filter((photo) => photo.visitId === null && !photo.deletedAt)
    .sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Stores a prepared photo (client/data/photos.ts) as a photo of the business: its bytes when they are
 * not on the phone yet, its row and its outbox entry, atomically. The same photo twice is refused
 * (BusinessPhotoDuplicateError); a QuotaExceededError is passed on. Either way nothing is written.
 */
export async function addBusinessPhoto(
  db: LocalDb,
  user: BusinessPhotoWriter,
  businessId: string,
  photo: PreparedPhoto & { kind: Photo['kind']; takenAt: string },
  now: number = Date.now(),
): Promise<Photo> {
  const stamp = new Date(now).toISOString();
  return db.transaction('rw', [db.businesses, db.photos, db.blobs, db.outbox, db.meta], async () => {
    const business = await db.businesses.get(businessId);
    if (!business || business.deletedAt) throw new BusinessPhotoTargetError(businessId);
    const same = await db.photos.where('sha256').equals(photo.sha256).toArray();
    if (same.some((row) => row.businessId === businessId && row.visitId === null && !row.deletedAt)) {
      throw new BusinessPhotoDuplicateError(photo.sha256);
    }
    const row = photoSchema.parse({
      sha256: photo.sha256,
      mimeType: photo.mimeType,
      byteSize: photo.byteSize,
      width: photo.width,
      height: photo.height,
      kind: photo.kind,
      caption: null,
      takenAt: photo.takenAt,
      businessId,
      visitId: null,
      id: uuidv7(now),
      organisationId: user.organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await storePhotoBytes(db, { sha256: photo.sha256, bytes: photo.bytes, type: photo.mimeType }, stamp);
    await writeWithOutbox(db, 'photos', row, PHOTO_FIELDS, { now, op: 'upsert' });
    return row;
  });
}

/** Says what the photo shows; nothing is queued when the kind is unchanged. */
export async function setBusinessPhotoKind(
  db: LocalDb,
  photoId: string,
  kind: Photo['kind'],
  now: number = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.photos, db.outbox, db.meta], async () => {
    const photo = await db.photos.get(photoId);
    if (!photo || photo.deletedAt || photo.kind === kind) return;
    const next = photoSchema.parse({ ...photo, kind, updatedAt: new Date(now).toISOString() });
    await writeWithOutbox(db, 'photos', next, ['kind'], { now });
  });
}

/** Removes the photo from the business: a tombstone and its outbox entry. */
export async function removeBusinessPhoto(db: LocalDb, photoId: string, now: number = Date.now()): Promise<void> {
  await db.transaction('rw', [db.photos, db.outbox, db.meta], async () => {
    const photo = await db.photos.get(photoId);
    if (!photo || photo.deletedAt) return;
    const stamp = new Date(now).toISOString();
    await writeWithOutbox(db, 'photos', { ...photo, deletedAt: stamp, updatedAt: stamp }, ['deletedAt'], {
      now,
      op: 'delete',
    });
  });
}
