import { z } from 'zod';
import { geoPointSchema, idSchema, isoDateTimeSchema, rupiahSchema, syncMetaShape, text } from './common';

export const visitKindSchema = z.enum(['first_assessment', 'follow_up', 'monitoring', 'training']);
export type VisitKind = z.infer<typeof visitKindSchema>;

export const visitTopicSchema = z.enum([
  'profile',
  'packaging',
  'digital_marketing',
  'licensing',
  'bookkeeping',
  'capital',
  'production',
  'training',
  'other',
]);
export type VisitTopic = z.infer<typeof visitTopicSchema>;

/** submitted → approved | returned; a returned visit the coach answers goes back to submitted. */
export const reviewStateSchema = z.enum(['draft', 'submitted', 'approved', 'returned']);
export type ReviewState = z.infer<typeof reviewStateSchema>;

export const visitFieldsSchema = z.object({
  businessId: idSchema,
  coachId: idSchema,
  visitedAt: isoDateTimeSchema,
  kind: visitKindSchema,
  topics: z.array(visitTopicSchema).max(visitTopicSchema.options.length).default([]),
  notes: text(10_000).default(''),
  /** Kendala: problems found at the visit. */
  problems: text(5_000).default(''),
  advice: text(5_000).default(''),
  /** Omzet per month, if the owner shares it. */
  monthlySales: rupiahSchema.nullable().default(null),
  employees: z.number().int().min(0).max(100_000).nullable().default(null),
  location: geoPointSchema.nullable().default(null),
  nextVisitOn: z.iso.date({ message: 'validation.date' }).nullable().default(null),
  reviewState: reviewStateSchema.default('submitted'),
  /** The coordinator's latest comment when returned; the coach's answer is `coachReply`. */
  reviewComment: text(2_000).nullable().default(null),
  coachReply: text(2_000).nullable().default(null),
  /** Whether the owner sees this visit, as `ownerSummary` (the notes stay internal). */
  sharedWithOwner: z.boolean().default(false),
  /** What the coach tells the owner about this visit, in plain words. */
  ownerSummary: text(2_000).default(''),
});

export const visitSchema = visitFieldsSchema.extend(syncMetaShape);
export type Visit = z.infer<typeof visitSchema>;
