/**
 * Takes the organisation's next version (sync.md): every write a phone must pull carries it. The
 * UPDATE holds the organisation's sync_state row lock until the transaction ends, so pushes, review
 * decisions and the desk's writes of one organisation are applied one after another, never
 * interleaved. Null when the organisation has no sync_state row.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connect';
import { syncState } from '../db/schema';

export async function takeNextVersion(tx: Db, organisationId: string): Promise<number | null> {
  const [state] = await tx
    .update(syncState)
    .set({ version: sql`${syncState.version} + 1` })
    .where(eq(syncState.organisationId, organisationId))
    .returning({ version: syncState.version });
  return state?.version ?? null;
}
