import { z } from 'zod';
import { coachingStatusSchema } from './business';
import { districtCodeSchema, idSchema, text, villageCodeSchema } from './common';

/** `coachId=none`: businesses no coach is assigned to. */
export const UNASSIGNED_COACH = 'none';

/**
 * The filters of the coordinator's businesses list, as query parameters (all optional). The list
 * screen and the businesses export read the same ones, so an export holds what the screen showed.
 */
export const businessFilterSchema = z.strictObject({
  /** Words of the business's name, brand, owner's name or phone number, any case. */
  q: text(100).optional(),
  districtCode: districtCodeSchema.optional(),
  villageCode: villageCodeSchema.optional(),
  coachId: z.union([idSchema, z.literal(UNASSIGNED_COACH)], { message: 'validation.id' }).optional(),
  status: coachingStatusSchema.optional(),
});
export type BusinessFilter = z.infer<typeof businessFilterSchema>;

export const BUSINESS_PAGE_MAX = 200;

/** The list screen's page: the filters plus a page size and where the previous page ended. */
export const businessListQuerySchema = businessFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(BUSINESS_PAGE_MAX).default(50),
  /** The `next` of the previous page. */
  after: idSchema.optional(),
});
export type BusinessListQuery = z.infer<typeof businessListQuerySchema>;
