import { z } from 'zod';
import { businessFilterSchema } from './business-filter';
import { coachingStatusSchema } from './business';
import { districtCodeSchema, idSchema, isoDateTimeSchema, villageCodeSchema } from './common';

/**
 * A coordinator hands businesses to a coach (issue 5): picked one by one, or every business that
 * matches the list's filters (a whole kecamatan or kelurahan, say). `coachId: null` takes them off
 * every coach. The move reaches the phones through sync: the new coach's phone receives each
 * business with its history, the previous coach's phone removes it once nothing of it is unsent.
 */
export const ASSIGN_SELECTION_MAX = 5_000;

export const assignmentTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('selection'),
    businessIds: z.array(idSchema).min(1).max(ASSIGN_SELECTION_MAX),
  }),
  z.strictObject({ kind: z.literal('filter'), filter: businessFilterSchema }),
]);

export const assignmentRequestSchema = z.strictObject({
  coachId: idSchema.nullable(),
  target: assignmentTargetSchema,
});
export type AssignmentRequest = z.infer<typeof assignmentRequestSchema>;

export const assignmentResultSchema = z.object({
  /** Businesses whose coach changed. */
  changed: z.number().int(),
  /** Businesses that already had this coach. */
  unchanged: z.number().int(),
});
export type AssignmentResult = z.infer<typeof assignmentResultSchema>;

/** One row of the coordinator's businesses list. */
export const deskBusinessSchema = z.object({
  id: idSchema,
  name: z.string(),
  ownerName: z.string(),
  sector: z.string(),
  districtCode: districtCodeSchema,
  villageCode: villageCodeSchema,
  status: coachingStatusSchema,
  coach: z.object({ id: idSchema, name: z.string() }).nullable(),
  nib: z.string().nullable(),
  lastVisitAt: isoDateTimeSchema.nullable(),
  visitCount: z.number().int(),
  updatedAt: isoDateTimeSchema,
});
export type DeskBusiness = z.infer<typeof deskBusinessSchema>;

export const deskBusinessPageSchema = z.object({
  businesses: z.array(deskBusinessSchema),
  /** How many match the filters in all. */
  total: z.number().int(),
  next: idSchema.nullable(),
});
export type DeskBusinessPage = z.infer<typeof deskBusinessPageSchema>;

/** A coach's caseload: how many businesses they hold, by coaching status. */
export const caseloadSchema = z.object({
  coachId: idSchema.nullable(),
  name: z.string().nullable(),
  active: z.boolean(),
  businesses: z.number().int(),
  byStatus: z.record(coachingStatusSchema, z.number().int()),
  /** Of those, visited in the last 30 days. */
  visitedLast30Days: z.number().int(),
});
export type Caseload = z.infer<typeof caseloadSchema>;

export const statusChangeSchema = z.strictObject({
  status: coachingStatusSchema,
  /** The business's `updatedAt` as the coordinator saw it; a business changed since gets 409. */
  expectedUpdatedAt: isoDateTimeSchema,
});
export type StatusChange = z.infer<typeof statusChangeSchema>;
