/**
 * The zod definition of the city's regions as `/api/reference/regions` sends them: checked where
 * they come in from the wire (sync-api.ts). Apart from reference-repository.ts so the first screen,
 * which reads back what was stored, does not load zod.
 */
import { z } from 'zod';

export const cityRegionsSchema = z.object({
  city: z.object({ code: z.string(), name: z.string() }),
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      villages: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
  attribution: z.string().optional(),
});
export type CityRegions = z.infer<typeof cityRegionsSchema>;
