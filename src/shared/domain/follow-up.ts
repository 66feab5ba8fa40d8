import { z } from 'zod';
import { idSchema, isoDateSchema, isoDateTimeSchema, requiredText, syncMetaShape } from './common';

/** A follow-up action agreed at a visit: what, who does it, by when; done or not. */
export const followUpFieldsSchema = z.object({
  businessId: idSchema,
  visitId: idSchema.nullable().default(null),
  what: requiredText(500),
  /** Who does it: the owner, the coach, or another office (free text, e.g. "Dinas Kesehatan"). */
  who: requiredText(120),
  dueOn: isoDateSchema.nullable().default(null),
  doneAt: isoDateTimeSchema.nullable().default(null),
});
export const followUpSchema = followUpFieldsSchema.extend(syncMetaShape);
export type FollowUp = z.infer<typeof followUpSchema>;
