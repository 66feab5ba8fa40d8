import { z } from 'zod';
import { idSchema, isoDateSchema, isoDateTimeSchema, requiredText, syncMetaShape, text } from './common';
import { correctionResolutionSchema, correctionSchema, followUpAssigneeSchema } from './owner';

/** A follow-up action agreed at a visit: what, who does it, by when; done or not. */
export const followUpFieldsSchema = z.object({
  businessId: idSchema,
  visitId: idSchema.nullable().default(null),
  what: requiredText(500),
  /** Who does it: the owner, the coach, or another office (free text, e.g. "Dinas Kesehatan"). */
  who: requiredText(120),
  dueOn: isoDateSchema.nullable().default(null),
  doneAt: isoDateTimeSchema.nullable().default(null),
  /** Who does it, as a kind: the owner's action plan shows those for `owner` and lets them tick it. */
  assignee: followUpAssigneeSchema.default('coach'),
  /** An owner's correction request (owner.ts): the coach accepts or declines it. */
  correction: correctionSchema.nullable().default(null),
  resolution: correctionResolutionSchema.nullable().default(null),
  /** The coach's word to the owner when declining (or accepting with a change). */
  resolutionNote: text(500).nullable().default(null),
});
export const followUpSchema = followUpFieldsSchema.extend(syncMetaShape);
export type FollowUp = z.infer<typeof followUpSchema>;
