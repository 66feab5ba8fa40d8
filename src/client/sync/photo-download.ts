/**
 * Photos taken on another device arrive as rows first (sync.md: placeholders until a photo arrives);
 * their bytes are fetched when a screen shows them, not with every pull, so a coach's phone does not
 * download a city's photos it never looks at.
 *
 * - The background sync (background-sync.ts) hands its API over with `setPhotoSource` while the
 *   coach is signed in; screens call `requestPhotos(hashes)` for the photos they lack. Asked before
 *   the source is there (it loads after the first screen), they are fetched as soon as it is.
 * - Bytes are checked against their SHA-256 before they are stored, and stored as already on the
 *   server, so they are never uploaded back. One download per photo at a time; a failed one is tried
 *   again the next time a screen asks.
 */
import { readMeta, writeMeta, type LocalDb } from '@/client/data/local-db';
import { sha256Hex } from '@/client/data/photos';
import { META_UPLOADED_BLOBS } from './sync-meta';

export type PhotoSource = {
  getBlob: (sha256: string) => Promise<{ bytes: ArrayBuffer; type: string } | null>;
};

let source: { db: LocalDb; api: PhotoSource } | null = null;
const inFlight = new Map<string, Promise<boolean>>();
/** Asked for before the source was set (the sync code loads after the first screen). */
const waiting = new Set<string>();

export function setPhotoSource(next: { db: LocalDb; api: PhotoSource } | null): void {
  source = next;
  if (next && waiting.size > 0) {
    const asked = [...waiting];
    waiting.clear();
    requestPhotos(asked);
  }
}

/** Downloads one photo's bytes into the phone; true when they are there afterwards. */
export async function downloadPhoto(db: LocalDb, api: PhotoSource, sha256: string): Promise<boolean> {
  if (await db.blobs.get(sha256)) return true;
  const got = await api.getBlob(sha256).catch(() => null);
  if (!got || (await sha256Hex(got.bytes)) !== sha256) return false;
  await db.transaction('rw', [db.blobs, db.meta], async () => {
    if (!(await db.blobs.get(sha256))) {
      await db.blobs.add({ sha256, bytes: got.bytes, type: got.type, createdAt: new Date().toISOString() });
    }
    const uploaded = new Set((await readMeta<string[]>(db, META_UPLOADED_BLOBS)) ?? []);
    if (!uploaded.has(sha256)) await writeMeta(db, META_UPLOADED_BLOBS, [...uploaded, sha256]);
  });
  return true;
}

/** Asks for the bytes of photos a screen shows but the phone lacks; quietly does nothing offline. */
export function requestPhotos(hashes: readonly string[]): void {
  const current = source;
  if (typeof navigator !== 'undefined' && !navigator.onLine) return;
  if (!current) {
    for (const sha256 of hashes) waiting.add(sha256);
    return;
  }
  for (const sha256 of new Set(hashes)) {
    if (inFlight.has(sha256)) continue;
    // A failure (offline, the database closed by a sign-out) is tried again the next time it is asked.
    const job = downloadPhoto(current.db, current.api, sha256)
      .catch(() => false)
      .finally(() => inFlight.delete(sha256));
    inFlight.set(sha256, job);
  }
}
