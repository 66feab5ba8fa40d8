/**
 * Merging a duplicate business into the one that is kept (issue 5), written the way sync writes:
 * one organisation version under the push lock, and clocks after every stored clock of each field
 * written, so every phone's merge keeps the result.
 *
 * - The kept business takes the fields the coordinator chose from the duplicate.
 * - Every visit, follow-up, checklist, photo and kept conflict of the duplicate moves to the kept
 *   business (their `businessId` changes, with a new clock).
 * - The duplicate becomes a tombstone; every coach who held it is told to remove it (a revocation,
 *   sent even while they still see the tombstone as its creator: changes-since.ts), and the kept
 *   business's coach receives everything that moved.
 * - `business_merges` keeps both businesses as they were and which fields were taken; a phone that
 *   still writes to the duplicate (it was offline) has its writes land on the kept business
 *   (apply-push.ts, survivorOf).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { businessSchema, type Business } from '@/shared/domain/business';
import { mergedFields, type MergeRequest } from '@/shared/domain/business-merge';
import { clockOf } from '@/shared/sync/clocks';
import { clockAfter, clockAfterAll } from '@/shared/sync/hlc';
import { audit } from '../audit';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import { refusableTransaction } from '../db/refusable-transaction';
import {
  businessMerges,
  businesses,
  checklistStates,
  followUps,
  photos,
  syncConflicts,
  users,
  visits,
} from '../db/schema';
import { takeNextVersion } from '../sync/next-version';
import { onAssignmentsChanged } from '../sync/scope-changes';
import { businessToWire } from '../sync/wire';

export type MergeOutcome =
  | { ok: true; business: Business; moved: Record<string, number> }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'self' }
  | { ok: false; reason: 'stale'; business: Business; duplicate: Business }
  | { ok: false; reason: 'invalid'; path: string; message: string }
  | { ok: false; reason: 'coach' };

export async function mergeBusinesses(
  db: Db,
  user: AuthenticatedUser,
  survivorId: string,
  request: MergeRequest,
  now: Date,
): Promise<MergeOutcome> {
  if (survivorId === request.duplicateId) return { ok: false, reason: 'self' };
  const organisationId = user.organisationId;
  // The version is taken first, as the lock; every refusal below rolls it back (no gap).
  return refusableTransaction<MergeOutcome>(db, async (tx, refuse) => {
    const version = await takeNextVersion(tx, organisationId);
    const rows = await tx
      .select()
      .from(businesses)
      .where(
        and(
          eq(businesses.organisationId, organisationId),
          inArray(businesses.id, [survivorId, request.duplicateId]),
          isNull(businesses.deletedAt),
        ),
      )
      .for('update');
    const keptRow = rows.find((row) => row.id === survivorId);
    const duplicateRow = rows.find((row) => row.id === request.duplicateId);
    if (version === null || !keptRow || !duplicateRow) return refuse({ ok: false, reason: 'notFound' });
    const kept = businessToWire(keptRow, user);
    const duplicate = businessToWire(duplicateRow, user);
    if (
      keptRow.updatedAt.getTime() !== Date.parse(request.expectedUpdatedAt) ||
      duplicateRow.updatedAt.getTime() !== Date.parse(request.expectedDuplicateUpdatedAt)
    ) {
      return refuse({ ok: false, reason: 'stale', business: kept, duplicate });
    }
    const changes = mergedFields(kept, duplicate, request.take);
    // What the kept business will say must be a valid business (a phone would refuse it otherwise).
    const checked = businessSchema.safeParse({ ...kept, ...changes });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return refuse({
        ok: false,
        reason: 'invalid',
        path: issue?.path.join('.') ?? '',
        message: issue?.message ?? 'validation.invalid',
      });
    }
    const finalCoach = checked.data.assignedCoachId;
    if (finalCoach && finalCoach !== keptRow.assignedCoachId) {
      const [coach] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.id, finalCoach),
            eq(users.organisationId, organisationId),
            eq(users.role, 'coach'),
            eq(users.active, true),
          ),
        );
      if (!coach) return refuse({ ok: false, reason: 'coach' });
    }

    const node = user.id;
    const fieldClocks: Record<string, string> = {};
    for (const field of Object.keys(changes)) {
      fieldClocks[field] = clockAfterAll(
        [clockOf(keptRow.clocks, field), clockOf(duplicateRow.clocks, field)],
        node,
        now.getTime(),
      );
    }
    const [updated] = await tx
      .update(businesses)
      .set({
        ...(changes as Partial<typeof businesses.$inferInsert>),
        clocks: { ...keptRow.clocks, ...fieldClocks },
        version,
        updatedAt: now,
      })
      .where(eq(businesses.id, survivorId))
      .returning();

    // The duplicate: a tombstone held by the kept business's coach.
    await tx
      .update(businesses)
      .set({
        deletedAt: now,
        assignedCoachId: finalCoach,
        clocks: {
          ...duplicateRow.clocks,
          deletedAt: clockAfter(clockOf(duplicateRow.clocks, 'deletedAt'), node, now.getTime()),
          assignedCoachId: clockAfter(clockOf(duplicateRow.clocks, 'assignedCoachId'), node, now.getTime()),
        },
        version,
        updatedAt: now,
      })
      .where(eq(businesses.id, request.duplicateId));

    // Everything under the duplicate moves, with a businessId clock after any a phone holds.
    const moved: Record<string, number> = {};
    for (const [name, table] of [
      ['visits', visits],
      ['followUps', followUps],
      ['checklistStates', checklistStates],
      ['photos', photos],
    ] as const) {
      const rowsMoved = await tx
        .update(table)
        .set({
          businessId: survivorId,
          clocks: sql`${table.clocks} || jsonb_build_object('businessId', ${clockAfter('', node, now.getTime())}::text)`,
          version,
          updatedAt: now,
        })
        .where(and(eq(table.organisationId, organisationId), eq(table.businessId, request.duplicateId)))
        .returning({ id: table.id });
      moved[name] = rowsMoved.length;
    }
    await tx
      .update(syncConflicts)
      .set({ businessId: survivorId, version })
      .where(
        and(
          eq(syncConflicts.organisationId, organisationId),
          eq(syncConflicts.businessId, request.duplicateId),
        ),
      );
    // Phones: the kept business's coach gets everything (stamped above, and through the move
    // below when the coach changed); whoever held the duplicate or the kept business before and
    // no longer does is told to remove it.
    const moves: Array<{ businessId: string; previousCoachId: string | null }> = [];
    if (keptRow.assignedCoachId !== finalCoach) {
      moves.push({ businessId: survivorId, previousCoachId: keptRow.assignedCoachId });
    }
    // Every coach who held the duplicate (its coach, the coach who created it) removes it; what
    // moved reaches them again under the kept business if that one is theirs.
    const holders = [duplicateRow.assignedCoachId, duplicateRow.createdBy].filter(
      (id): id is string => id !== null,
    );
    const coachHolders =
      holders.length === 0
        ? []
        : await tx
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, [...new Set(holders)]), eq(users.role, 'coach')));
    for (const holder of coachHolders) {
      moves.push({ businessId: request.duplicateId, previousCoachId: holder.id });
    }
    await onAssignmentsChanged(tx, organisationId, moves, version);
    // Merges of earlier duplicates into this one now point at the kept business.
    await tx
      .update(businessMerges)
      .set({ survivorId })
      .where(eq(businessMerges.survivorId, request.duplicateId));
    await tx.insert(businessMerges).values({
      duplicateId: request.duplicateId,
      survivorId,
      organisationId,
      taken: Object.keys(changes),
      before: { duplicate, survivor: kept },
      byUserId: user.id,
      at: now,
    });
    await audit(tx, {
      organisationId,
      userId: user.id,
      action: 'business.merge',
      entity: 'business',
      entityId: survivorId,
      detail: { duplicateId: request.duplicateId, taken: Object.keys(changes), moved },
    });
    return { ok: true, business: businessToWire(updated ?? keptRow, user), moved } as const;
  });
}
