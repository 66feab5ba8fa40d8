import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { clearSession, isStoredSession, loadSession, saveSession } from '@/client/data/session-repository';
import { storedSessionSchema } from '@/client/data/session-schema';
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

/** A session as the server hands it over: every field that storedSessionSchema checks, varied. */
const sessionArbitrary = fc.record({
  token: fc.string({ minLength: 1, maxLength: 80 }),
  expiresAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  user: fc.record({
    id: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
    role: fc.constantFrom('coordinator', 'coach', 'owner'),
    username: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,20}$/), fc.stringMatching(/^\+62\d{8,13}$/)),
    organisationId: fc.uuid(),
    organisationName: fc.string({ maxLength: 40 }),
    businessId: fc.option(fc.uuid(), { nil: null }),
  }),
  organisation: fc.option(
    fc.record({ id: fc.uuid(), name: fc.string(), regionCode: fc.string(), isDemo: fc.boolean() }),
    { nil: null },
  ),
});

/** Every leaf path of a stored session, so each can be taken away or given the wrong type. */
const PATHS = [
  ['token'],
  ['expiresAt'],
  ['user'],
  ['user', 'id'],
  ['user', 'name'],
  ['user', 'role'],
  ['user', 'username'],
  ['user', 'organisationId'],
  ['user', 'organisationName'],
  ['user', 'businessId'],
  ['organisation', 'id'],
  ['organisation', 'name'],
  ['organisation', 'regionCode'],
  ['organisation', 'isDemo'],
] as const;

function damaged(session: Record<string, unknown>, path: readonly string[], value: unknown) {
  const copy = structuredClone(session);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

it('the start-up check accepts every session the schema accepts, and refuses a missing or mistyped field', () => {
  fc.assert(
    fc.property(
      sessionArbitrary,
      fc.constantFrom(...PATHS),
      fc.constantFrom(undefined, 42, true, ['x'], 'not-a-role'),
      (session, path, wrong) => {
        expect(storedSessionSchema.safeParse(session).success).toBe(true);
        expect(isStoredSession(session)).toBe(true);
        // Organisation fields can only be damaged where there is an organisation.
        if (path[0] === 'organisation' && session.organisation === null) return;
        // A string is a right type for every string field except the role.
        if (wrong === 'not-a-role' && path.join('.') !== 'user.role') return;
        // And a boolean is the right type for isDemo.
        if (wrong === true && path.join('.') === 'organisation.isDemo') return;
        const broken = damaged(session, path, wrong);
        expect(storedSessionSchema.safeParse(broken).success).toBe(false);
        expect(isStoredSession(broken)).toBe(false);
      },
    ),
    { numRuns: 400 },
  );
});
