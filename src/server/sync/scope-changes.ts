/**
 * What a change of a business's coach means for the phones (sync.md, scoped sync): the new coach
 * must receive the business's whole history, and the previous coach's phone must learn that the
 * business left their scope, both through the ordinary version-ordered pull.
 *
 * - Every row under the business (visits, follow-ups, checklists, photos, kept conflicts) is
 *   stamped with the move's version, so a phone whose cursor is past their old versions still
 *   receives them. Phones that already hold them merge them as no-ops.
 * - The previous coach gets a revocation at that version. The pull sends it only while the
 *   business is out of their scope (they may still see it as its creator, or get it back later), and
 *   the phone removes the business once nothing of it is waiting to be sent.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connect';
import { checklistStates, followUps, photos, syncConflicts, syncRevocations, visits } from '../db/schema';

const BATCH = 1_000;

export type AssignmentChange = {
  organisationId: string;
  businessId: string;
  previousCoachId: string | null;
  version: number;
};

export async function onAssignmentChanged(tx: Db, change: AssignmentChange): Promise<void> {
  await onAssignmentsChanged(
    tx,
    change.organisationId,
    [{ businessId: change.businessId, previousCoachId: change.previousCoachId }],
    change.version,
  );
}

/** The same for many businesses moved in one write (a coordinator's bulk assignment). */
export async function onAssignmentsChanged(
  tx: Db,
  organisationId: string,
  moves: ReadonlyArray<{ businessId: string; previousCoachId: string | null }>,
  version: number,
): Promise<void> {
  for (let start = 0; start < moves.length; start += BATCH) {
    const batch = moves.slice(start, start + BATCH);
    const ids = batch.map((move) => move.businessId);
    for (const table of [visits, followUps, checklistStates, photos] as const) {
      await tx
        .update(table)
        .set({ version })
        .where(and(eq(table.organisationId, organisationId), inArray(table.businessId, ids)));
    }
    await tx
      .update(syncConflicts)
      .set({ version })
      .where(and(eq(syncConflicts.organisationId, organisationId), inArray(syncConflicts.businessId, ids)));
    const revocations = batch.flatMap((move) =>
      move.previousCoachId
        ? [
            {
              id: crypto.randomUUID(),
              organisationId,
              userId: move.previousCoachId,
              businessId: move.businessId,
              version,
            },
          ]
        : [],
    );
    if (revocations.length > 0) await tx.insert(syncRevocations).values(revocations);
  }
}
