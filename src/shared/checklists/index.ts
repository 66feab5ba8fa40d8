import type { ChecklistKind, ChecklistTemplate } from './checklist-template';
import { digitalMarketingChecklistV1 } from './digital-marketing';
import { packagingChecklistV1 } from './packaging';

/** Every version of every template ever shipped; old versions stay so old states can be read. */
export const CHECKLIST_TEMPLATES: readonly ChecklistTemplate[] = [
  packagingChecklistV1,
  digitalMarketingChecklistV1,
];

export function currentTemplate(kind: ChecklistKind): ChecklistTemplate {
  const versions = CHECKLIST_TEMPLATES.filter((t) => t.kind === kind);
  const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  return latest;
}

export function templateVersion(kind: ChecklistKind, version: number): ChecklistTemplate | undefined {
  return CHECKLIST_TEMPLATES.find((t) => t.kind === kind && t.version === version);
}
