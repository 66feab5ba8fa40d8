/**
 * Photo bytes go up after the text (sync.md): a visit syncs at once, its photos follow one by one.
 *
 * - Content-addressed: a photo the server already has (HEAD 200) is not sent again, and sending one
 *   twice is harmless, so an upload cut off half-way is simply started again on the next run.
 * - One photo at a time, oldest first, stopping at the first network failure: a slow connection
 *   spends itself on finishing one photo rather than on starting many; the next run (every 45 s, on
 *   `online`) picks up where this one stopped.
 * - What went up is remembered in `meta` (the hashes), so a run reads the bytes of pending photos
 *   only. Bytes the server refuses for good (not an image, a wrong hash) are reported to the coach
 *   beside the refused changes and not tried again.
 */
import { readMeta, writeMeta, type LocalDb } from '@/client/data/local-db';
import type { ApiFailure, SyncApi } from './sync-api';
import { META_REJECTIONS, META_UPLOADED_BLOBS, type StoredRejection } from './sync-meta';

export type UploadOutcome = { uploaded: number; pending: number; failure?: ApiFailure };

export async function uploadPhotos(
  db: LocalDb,
  api: SyncApi,
  now: () => number = Date.now,
): Promise<UploadOutcome> {
  const done = new Set((await readMeta<string[]>(db, META_UPLOADED_BLOBS)) ?? []);
  const keys = (await db.blobs.toCollection().primaryKeys()).filter((key) => !done.has(key));
  let uploaded = 0;
  const remember = async (sha256: string) => {
    done.add(sha256);
    await writeMeta(db, META_UPLOADED_BLOBS, [...done]);
  };
  for (const [index, sha256] of keys.entries()) {
    const present = await api.hasBlob(sha256);
    if (!present.ok) return { uploaded, pending: keys.length - index, failure: present.failure };
    if (!present.value) {
      const blob = await db.blobs.get(sha256);
      if (!blob) continue; // removed meanwhile
      const sent = await api.putBlob(sha256, blob.bytes, blob.type);
      if (!sent.ok) return { uploaded, pending: keys.length - index, failure: sent.failure };
      if (sent.value === 'refused') {
        await db.transaction('rw', db.meta, async () => {
          const kept = (await readMeta<StoredRejection[]>(db, META_REJECTIONS)) ?? [];
          kept.push({
            mutationId: 0,
            table: 'photos',
            rowId: sha256,
            reason: 'blobRefused',
            message: 'blobRefused',
            at: new Date(now()).toISOString(),
          });
          await writeMeta(db, META_REJECTIONS, kept.slice(-200));
        });
      } else {
        uploaded += 1;
      }
    }
    await remember(sha256);
  }
  return { uploaded, pending: 0 };
}
