import { z } from 'zod';
import { idSchema, requiredText, syncMetaShape, text } from './common';
import { checklistKindSchema } from '../checklists/checklist-template';

export const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), value: requiredText(500) }),
  z.object({ kind: z.literal('handle'), value: requiredText(120) }),
  z.object({ kind: z.literal('photo'), photoId: idSchema }),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const checklistItemStateSchema = z.object({
  done: z.boolean(),
  evidence: evidenceSchema.nullable().default(null),
  note: text(500).nullable().default(null),
});
export type ChecklistItemState = z.infer<typeof checklistItemStateSchema>;

/**
 * A checklist as ticked at one visit. Kept per visit (never overwritten by the next) so progress
 * over time is a series of states; item ids refer to the template version named here.
 */
export const checklistStateFieldsSchema = z.object({
  businessId: idSchema,
  visitId: idSchema,
  kind: checklistKindSchema,
  templateVersion: z.number().int().positive(),
  items: z.record(z.string(), checklistItemStateSchema),
});
export const checklistStateSchema = checklistStateFieldsSchema.extend(syncMetaShape);
export type ChecklistState = z.infer<typeof checklistStateSchema>;
