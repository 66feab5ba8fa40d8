import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { readPersistenceAnswer, requestPersistentStorage } from '@/client/pwa/storage-persistence';

let db: LocalDb;
const original = Object.getOwnPropertyDescriptor(navigator, 'storage');

function setStorage(value: unknown): void {
  Object.defineProperty(navigator, 'storage', { value, configurable: true });
}

beforeEach(() => {
  db = new LocalDb(`binaan-persist-${uuidv7()}`);
});
afterEach(async () => {
  if (original) Object.defineProperty(navigator, 'storage', original);
  else Reflect.deleteProperty(navigator, 'storage');
  await db.delete();
});

it('keeps a refusal (what headless Chromium answers) as "denied"', async () => {
  setStorage({ persist: async () => false });
  expect(await readPersistenceAnswer(db)).toBeNull();
  expect(await requestPersistentStorage(db)).toBe('denied');
  expect(await readPersistenceAnswer(db)).toBe('denied');
});

it('keeps a grant, and a browser without the API as "unsupported"', async () => {
  setStorage({ persist: async () => true });
  expect(await requestPersistentStorage(db)).toBe('granted');
  setStorage(undefined);
  const other = new LocalDb(`binaan-persist-${uuidv7()}`);
  expect(await requestPersistentStorage(other)).toBe('unsupported');
  await other.delete();
});
