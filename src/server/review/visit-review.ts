/**
 * A coordinator's decision on a visit (issue 5), written the way sync writes: the visit's
 * `reviewState` and `reviewComment` get clocks after the stored ones and the organisation's next
 * version, so the coach's phone pulls the decision like any other change and its merge keeps it
 * (a coach's later answer, with a later clock, wins in turn). The history keeps every step.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { reviewOutcome, type ReviewRequest } from '@/shared/domain/review';
import type { ReviewState, Visit } from '@/shared/domain/visit';
import { clockOf, compactClocks, expandClocks } from '@/shared/sync/clocks';
import { clockAfter } from '@/shared/sync/hlc';
import { audit } from '../audit';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import { refusableTransaction } from '../db/refusable-transaction';
import { visitReviews, visits } from '../db/schema';
import { takeNextVersion } from '../sync/next-version';
import { visitToWire } from '../sync/wire';

export type ReviewEventInput = {
  organisationId: string;
  visitId: string;
  fromState: ReviewState | null;
  toState: ReviewState;
  comment: string | null;
  byUserId: string | null;
  at: Date;
};

export async function recordReviewEvent(tx: Db, event: ReviewEventInput): Promise<void> {
  await tx.insert(visitReviews).values({ id: randomUUID(), ...event });
}

export type ReviewResult =
  | { ok: true; visit: Visit }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'stale' | 'transition'; visit: Visit };

export async function reviewVisit(
  db: Db,
  user: AuthenticatedUser,
  visitId: string,
  request: ReviewRequest,
  now: Date,
): Promise<ReviewResult> {
  return refusableTransaction<ReviewResult>(db, async (tx, refuse) => {
    // The organisation's version row is the lock every push takes too: the decision and a coach's
    // concurrent answer are applied one after the other, never interleaved. A refusal rolls the
    // taken version back (no gap in the sequence).
    const version = await takeNextVersion(tx, user.organisationId);
    const [row] = await tx
      .select()
      .from(visits)
      .where(
        and(eq(visits.id, visitId), eq(visits.organisationId, user.organisationId), isNull(visits.deletedAt)),
      )
      .limit(1);
    if (version === null || !row) return refuse({ ok: false, reason: 'notFound' });
    const current = visitToWire(row);
    if (row.updatedAt.getTime() !== Date.parse(request.expectedUpdatedAt)) {
      return refuse({ ok: false, reason: 'stale', visit: current });
    }
    const fromState = current.reviewState;
    const toState = reviewOutcome(fromState, request.decision);
    if (!toState) return refuse({ ok: false, reason: 'transition', visit: current });

    // Approving without a comment keeps the last one (it is what the coach answered to).
    const comment = request.comment ?? current.reviewComment;
    const stored = expandClocks(current).clocks;
    const node = user.id;
    const clocks = compactClocks({
      ...stored,
      reviewState: clockAfter(clockOf(stored, 'reviewState'), node, now.getTime()),
      reviewComment: clockAfter(clockOf(stored, 'reviewComment'), node, now.getTime()),
    });
    const [updated] = await tx
      .update(visits)
      .set({ reviewState: toState, reviewComment: comment, clocks, version, updatedAt: now })
      .where(eq(visits.id, visitId))
      .returning();
    await recordReviewEvent(tx, {
      organisationId: user.organisationId,
      visitId,
      fromState,
      toState,
      comment: request.comment,
      byUserId: user.id,
      at: now,
    });
    await audit(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      action: `visit.${request.decision}`,
      entity: 'visit',
      entityId: visitId,
      detail: { fromState, toState },
    });
    return { ok: true, visit: visitToWire(updated ?? row) } as const;
  });
}
