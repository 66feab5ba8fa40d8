import { z } from 'zod';
import { districtCodeSchema, idSchema, isoDateSchema, isoDateTimeSchema, villageCodeSchema } from './common';
import { reviewStateSchema, visitKindSchema, visitTopicSchema, type ReviewState } from './visit';

/**
 * A coordinator's review of a synced visit (issue 5). The visit's own `reviewState` and
 * `reviewComment` travel with it to the coach's phone through sync; every change of state is also
 * kept as a history entry with who and when (`visit_reviews` on the server).
 *
 *   submitted → approved | returned (with a comment)
 *   returned  → submitted (the coach answers, on the phone) | approved | returned (a new comment)
 *   approved  → returned (reopened, with a comment)
 */
export const reviewDecisionSchema = z.enum(['approve', 'return']);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

const REVIEWABLE: Record<ReviewDecision, readonly ReviewState[]> = {
  approve: ['submitted', 'returned'],
  return: ['submitted', 'returned', 'approved'],
};

/** The state a decision leads to, or null when it cannot be taken from `current` (a draft). */
export function reviewOutcome(current: ReviewState, decision: ReviewDecision): ReviewState | null {
  if (!REVIEWABLE[decision].includes(current)) return null;
  return decision === 'approve' ? 'approved' : 'returned';
}

export const REVIEW_COMMENT_MAX = 2_000;

export const reviewRequestSchema = z
  .strictObject({
    decision: reviewDecisionSchema,
    /** Required when returning: it is what the coach reads on Today. */
    comment: z
      .string()
      .trim()
      .max(REVIEW_COMMENT_MAX, { message: 'validation.tooLong' })
      .nullable()
      .default(null),
    /**
     * The visit's `updatedAt` when the coordinator opened it. A visit changed since (the coach
     * answered, another coordinator decided) is not overwritten: the answer is 409 with the
     * current visit.
     */
    expectedUpdatedAt: isoDateTimeSchema,
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'return' && !value.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'validation.reviewCommentRequired' });
    }
  });
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

/** One change of a visit's review state. `comment`: the coordinator's comment or the coach's answer. */
export const reviewEventSchema = z.object({
  id: idSchema,
  visitId: idSchema,
  fromState: reviewStateSchema.nullable(),
  toState: reviewStateSchema,
  comment: z.string().nullable(),
  byUserId: idSchema.nullable(),
  byName: z.string().nullable(),
  at: isoDateTimeSchema,
});
export type ReviewEvent = z.infer<typeof reviewEventSchema>;

export const REVIEW_PAGE_MAX = 200;

/** The review queue's filters, as query parameters (all optional). */
export const reviewQuerySchema = z.strictObject({
  state: reviewStateSchema.exclude(['draft']).optional(),
  coachId: idSchema.optional(),
  districtCode: districtCodeSchema.optional(),
  villageCode: villageCodeSchema.optional(),
  topic: visitTopicSchema.optional(),
  /** Visit dates, inclusive, as calendar days in the city's own time zone (WIB, WITA or WIT). */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(REVIEW_PAGE_MAX).default(50),
  /** The `next` of the previous page. */
  before: z.string().max(200).optional(),
});
export type ReviewQuery = z.infer<typeof reviewQuerySchema>;

export const reviewQueueItemSchema = z.object({
  id: idSchema,
  visitedAt: isoDateTimeSchema,
  kind: visitKindSchema,
  topics: z.array(visitTopicSchema),
  reviewState: reviewStateSchema,
  reviewComment: z.string().nullable(),
  coachReply: z.string().nullable(),
  /** The first words of the notes, for the list. */
  summary: z.string(),
  businessId: idSchema,
  businessName: z.string(),
  districtCode: z.string(),
  villageCode: z.string(),
  coachId: idSchema,
  coachName: z.string(),
  photoCount: z.number().int().nonnegative(),
  updatedAt: isoDateTimeSchema,
});
export type ReviewQueueItem = z.infer<typeof reviewQueueItemSchema>;

export const reviewPageSchema = z.object({
  visits: z.array(reviewQueueItemSchema),
  next: z.string().nullable(),
});
export type ReviewPage = z.infer<typeof reviewPageSchema>;
