import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from './common';
import type { Business } from './business';

/**
 * Merging a duplicate into the business that is kept (issue 5), field by field: for each group
 * below the coordinator keeps the kept business's value or takes the duplicate's. Fields that only
 * make sense together travel together (a kelurahan belongs to its kecamatan; the size class follows
 * the figures). Everything under the duplicate (visits, follow-ups, checklists, photos) moves to the
 * kept business; the duplicate stays as a tombstone, with what it said before the merge on record.
 */
export const MERGE_GROUPS = {
  name: ['name'],
  brand: ['brand'],
  ownerName: ['ownerName'],
  ownerNik: ['ownerNik'],
  phone: ['phone'],
  address: ['address'],
  region: ['districtCode', 'villageCode'],
  location: ['location'],
  sector: ['sector', 'isFood'],
  kbli: ['kbli'],
  products: ['products'],
  yearStarted: ['yearStarted'],
  employees: ['employees'],
  figures: ['capital', 'annualSales', 'sizeClass'],
  legalForm: ['legalForm'],
  licences: ['licences'],
  links: ['links'],
  cohort: ['cohort'],
  assignedCoachId: ['assignedCoachId'],
  status: ['status'],
} as const satisfies Record<string, ReadonlyArray<keyof Business>>;
export type MergeGroup = keyof typeof MERGE_GROUPS;
export const mergeGroupSchema = z.enum(Object.keys(MERGE_GROUPS) as [MergeGroup, ...MergeGroup[]]);

export const mergeRequestSchema = z
  .strictObject({
    duplicateId: idSchema,
    /** The groups whose value is taken from the duplicate; every other one keeps the kept business's. */
    take: z.array(mergeGroupSchema).max(Object.keys(MERGE_GROUPS).length).default([]),
    /** Both businesses' `updatedAt` as the coordinator compared them: a change since gets 409. */
    expectedUpdatedAt: isoDateTimeSchema,
    expectedDuplicateUpdatedAt: isoDateTimeSchema,
  })
  .refine((request) => new Set(request.take).size === request.take.length, {
    path: ['take'],
    message: 'validation.duplicateEntry',
  });
export type MergeRequest = z.infer<typeof mergeRequestSchema>;

/** The kept business's fields after the merge: its own, with the taken groups from the duplicate. */
export function mergedFields(
  kept: Business,
  duplicate: Business,
  take: readonly MergeGroup[],
): Partial<Business> {
  const changed: Record<string, unknown> = {};
  for (const group of take) {
    for (const field of MERGE_GROUPS[group]) {
      if (JSON.stringify(kept[field]) !== JSON.stringify(duplicate[field])) changed[field] = duplicate[field];
    }
  }
  return changed as Partial<Business>;
}
