import { z } from 'zod';
import { cityCodeSchema, idSchema, isoDateTimeSchema, requiredText } from './common';

/** A deployment's city government (one coaching office). Every other record belongs to one. */
export const organisationSchema = z.object({
  id: idSchema,
  name: requiredText(160),
  /** Kemendagri code of the city or regency, e.g. `63.71` for Kota Banjarmasin. */
  regionCode: cityCodeSchema,
  /** True only for the generated demo city; the login page shows a banner then. */
  isDemo: z.boolean(),
  /** Businesses the office aims to have under coaching (Banjarmasin: 3,100). */
  coverageTarget: z.number().int().nonnegative().nullable(),
  createdAt: isoDateTimeSchema,
});
export type Organisation = z.infer<typeof organisationSchema>;
