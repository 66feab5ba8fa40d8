import { afterEach, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { clearSession, loadSession, saveSession } from '@/client/data/session-repository';
import { makeSession } from '../render-app';

const NAME = 'binaan-session-test';

afterEach(async () => {
  await new LocalDb(NAME).delete();
});

it('the session survives closing and re-opening the local database', async () => {
  const first = new LocalDb(NAME);
  await saveSession(first, makeSession('owner'));
  first.close();

  const reopened = new LocalDb(NAME);
  expect(await loadSession(reopened)).toEqual(makeSession('owner'));
  await clearSession(reopened);
  expect(await loadSession(reopened)).toBeNull();
  reopened.close();
});
