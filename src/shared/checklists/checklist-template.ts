import { z } from 'zod';

/**
 * Checklist templates are data, versioned: a new version may add, reword or retire items, and a
 * checklist state always names the version it was ticked against, so old visits keep their meaning.
 */
export const checklistKindSchema = z.enum(['packaging', 'digital_marketing']);
export type ChecklistKind = z.infer<typeof checklistKindSchema>;

export const localizedTextSchema = z.object({ id: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const checklistItemSchema = z.object({
  /** Stable across versions while the meaning is unchanged. */
  id: z.string().regex(/^[a-z0-9_]+$/),
  label: localizedTextSchema,
  hint: localizedTextSchema.optional(),
  group: z.enum(['label', 'beyond_label', 'channels', 'practice']),
  /** Which businesses the item applies to: processed food only, or all. */
  appliesTo: z.enum(['food', 'all']),
  /** Evidence the coach may attach. */
  evidence: z.array(z.enum(['link', 'handle', 'photo'])),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistTemplateSchema = z
  .object({
    kind: checklistKindSchema,
    version: z.number().int().positive(),
    title: localizedTextSchema,
    source: z.string(),
    items: z.array(checklistItemSchema).min(1),
  })
  .refine((t) => new Set(t.items.map((i) => i.id)).size === t.items.length, {
    message: 'validation.duplicateItem',
    path: ['items'],
  });
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;

/** The items of a template that apply to a business. */
export function itemsFor(template: ChecklistTemplate, isFood: boolean): ChecklistItem[] {
  return template.items.filter((item) => isFood || item.appliesTo === 'all');
}
