import { describe, expect, it } from 'vitest';
import {
  checklistKindSchema,
  checklistTemplateSchema,
  itemsFor,
} from '@/shared/checklists/checklist-template';
import { CHECKLIST_TEMPLATES, currentTemplate, templateVersion } from '@/shared/checklists';

const templates = CHECKLIST_TEMPLATES.map(
  (template) => [`${template.kind} v${template.version}`, template] as const,
);

describe('checklist templates', () => {
  it.each(templates)('%s parses with checklistTemplateSchema', (_name, template) => {
    const result = checklistTemplateSchema.safeParse(template);
    expect(result.error?.issues).toBeUndefined();
  });

  it.each(templates)('%s has unique item ids', (_name, template) => {
    const ids = template.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the schema rejects a template with a duplicated item id', () => {
    const template = currentTemplate('packaging');
    const [first] = template.items;
    const result = checklistTemplateSchema.safeParse({ ...template, items: [...template.items, first] });
    expect(result.error?.issues[0]).toMatchObject({ path: ['items'], message: 'validation.duplicateItem' });
  });

  it('no kind ships the same version twice', () => {
    const versions = CHECKLIST_TEMPLATES.map((template) => `${template.kind}@${template.version}`);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('there is a current template for every kind, and it can be found by its version', () => {
    for (const kind of checklistKindSchema.options) {
      const current = currentTemplate(kind);
      expect(current.kind).toBe(kind);
      expect(templateVersion(kind, current.version)).toBe(current);
    }
    expect(templateVersion('packaging', 999)).toBeUndefined();
  });
});

describe('itemsFor', () => {
  it.each(templates)(
    '%s: a non-food business gets every general item and no food-only item',
    (_name, template) => {
      const items = itemsFor(template, false);
      expect(items.every((item) => item.appliesTo === 'all')).toBe(true);
      expect(items).toEqual(template.items.filter((item) => item.appliesTo === 'all'));
    },
  );

  it.each(templates)('%s: a food business gets every item, in template order', (_name, template) => {
    expect(itemsFor(template, true)).toEqual(template.items);
  });

  it('the packaging checklist actually has food-only label items', () => {
    const packaging = currentTemplate('packaging');
    expect(itemsFor(packaging, false).length).toBeLessThan(itemsFor(packaging, true).length);
    expect(itemsFor(packaging, false).map((item) => item.id)).not.toContain('expiry_date');
  });
});
