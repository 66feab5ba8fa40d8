/**
 * Asks the browser not to evict binaan's IndexedDB under storage pressure (an evicted outbox is lost
 * work). Asked once after sign-in; the answer is kept in `meta` and shown in Settings. Headless and
 * many mobile browsers answer false: that is a normal outcome, not an error.
 */
import { readMeta, writeMeta, type LocalDb } from '@/client/data/local-db';
import { META_STORAGE_PERSISTED } from '@/client/data/session-repository';

export type PersistenceAnswer = 'granted' | 'denied' | 'unsupported';
export type StoredPersistence = { answer: PersistenceAnswer; askedAt: string };

export async function requestPersistentStorage(db: LocalDb): Promise<PersistenceAnswer> {
  const previous = await readMeta<StoredPersistence>(db, META_STORAGE_PERSISTED);
  if (previous?.answer === 'granted') return previous.answer;
  let answer: PersistenceAnswer;
  try {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage || typeof storage.persist !== 'function') answer = 'unsupported';
    else answer = (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    answer = 'denied';
  }
  await writeMeta(db, META_STORAGE_PERSISTED, {
    answer,
    askedAt: new Date().toISOString(),
  } satisfies StoredPersistence);
  return answer;
}

export async function readPersistenceAnswer(db: LocalDb): Promise<PersistenceAnswer | null> {
  return (await readMeta<StoredPersistence>(db, META_STORAGE_PERSISTED))?.answer ?? null;
}

/** For sessions restored from an earlier start: ask only if this device has never been asked. */
export async function ensurePersistenceAsked(db: LocalDb): Promise<void> {
  if ((await readPersistenceAnswer(db)) === null) await requestPersistentStorage(db);
}
