import { META_UPLOADED_BLOBS } from '@/client/sync/sync-meta';
import { readMeta, writeMeta, type LocalDb } from './local-db';

/**
 * Keeps a new photo's bytes (inside the caller's transaction, which must include `blobs` and `meta`).
 * The same picture may have gone up before, for a photo since deleted, and the server may have
 * collected those bytes as unreferenced: so the hash is taken off the "server has it" list and the
 * next upload run asks the server again (HEAD) instead of trusting an old answer.
 */
export async function storePhotoBytes(
  db: LocalDb,
  photo: { sha256: string; bytes: ArrayBuffer; type: string },
  stamp: string,
): Promise<void> {
  if (!(await db.blobs.get(photo.sha256))) {
    await db.blobs.add({ sha256: photo.sha256, bytes: photo.bytes, type: photo.type, createdAt: stamp });
  }
  const uploaded = await readMeta<string[]>(db, META_UPLOADED_BLOBS);
  if (uploaded?.includes(photo.sha256)) {
    await writeMeta(
      db,
      META_UPLOADED_BLOBS,
      uploaded.filter((sha256) => sha256 !== photo.sha256),
    );
  }
}
