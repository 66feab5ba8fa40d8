/**
 * The signed-in session, kept in `meta` (IndexedDB) rather than localStorage: it survives a
 * reload and days without signal, so a coach in the field stays signed in and keeps working.
 * The token is revalidated against the server whenever the phone is online (see auth feature).
 */
import { z } from 'zod';
import { sessionUserSchema } from '@/shared/domain/user';
import { readMeta, writeMeta, type LocalDb } from './local-db';

export const META_SESSION = 'session';
export const META_STORAGE_PERSISTED = 'storagePersisted';

export const storedOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  isDemo: z.boolean(),
});
export type StoredOrganisation = z.infer<typeof storedOrganisationSchema>;

export const storedSessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  user: sessionUserSchema,
  organisation: storedOrganisationSchema.nullable(),
});
export type StoredSession = z.infer<typeof storedSessionSchema>;

/** Returns null for no session or one that no longer parses (e.g. written by an older version). */
export async function loadSession(db: LocalDb): Promise<StoredSession | null> {
  const value = await readMeta<unknown>(db, META_SESSION);
  if (value === undefined) return null;
  const parsed = storedSessionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function saveSession(db: LocalDb, session: StoredSession): Promise<void> {
  await writeMeta(db, META_SESSION, session);
}

export async function clearSession(db: LocalDb): Promise<void> {
  await db.meta.delete(META_SESSION);
}
