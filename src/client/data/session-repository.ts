/**
 * The signed-in session, kept in `meta` (IndexedDB) rather than localStorage: it survives a
 * reload and days without signal, so a coach in the field stays signed in and keeps working.
 * The token is revalidated against the server whenever the phone is online (see auth feature).
 */
import { readMeta, writeMeta, type LocalDb } from './local-db';
import type { StoredOrganisation, StoredSession } from './session-schema';

export type { StoredOrganisation, StoredSession };

export const META_SESSION = 'session';
export const META_STORAGE_PERSISTED = 'storagePersisted';

const ROLES: readonly string[] = ['coordinator', 'coach', 'owner'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Whether a stored value still has the session's shape. A session is stored only after the server's
 * answer passed `storedSessionSchema` (session-schema.ts, at sign-in and on every revalidation), so
 * reading it back checks the shape, not every format again: that keeps zod off the first screen.
 * tests/client/data/session-repository.test.ts checks that this accepts all the schema accepts and
 * refuses what an older or damaged record would lack.
 */
export function isStoredSession(value: unknown): value is StoredSession {
  if (!isRecord(value) || !isString(value.token) || value.token === '' || !isString(value.expiresAt)) return false;
  const { user, organisation } = value;
  if (
    !isRecord(user) ||
    ![user.id, user.name, user.username, user.organisationId, user.organisationName].every(isString) ||
    !ROLES.includes(user.role as string) ||
    !(user.businessId === null || isString(user.businessId))
  ) {
    return false;
  }
  if (organisation === null) return true;
  return (
    isRecord(organisation) &&
    [organisation.id, organisation.name, organisation.regionCode].every(isString) &&
    typeof organisation.isDemo === 'boolean'
  );
}

/** Returns null for no session or one that no longer parses (e.g. written by an older version). */
export async function loadSession(db: LocalDb): Promise<StoredSession | null> {
  const value = await readMeta<unknown>(db, META_SESSION);
  if (value === undefined) return null;
  return isStoredSession(value) ? value : null;
}

export async function saveSession(db: LocalDb, session: StoredSession): Promise<void> {
  await writeMeta(db, META_SESSION, session);
}

export async function clearSession(db: LocalDb): Promise<void> {
  await db.meta.delete(META_SESSION);
}
