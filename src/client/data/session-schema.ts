/**
 * The zod definition of the stored session, for the places where a session comes in from the wire
 * (auth-api.ts: sign-in and "who am I") and for the test that keeps session-repository's start-up
 * check in step with it. Kept apart from session-repository.ts so the first screen, which only reads
 * back what was stored, does not load zod.
 */
import { z } from 'zod';
import { sessionUserSchema } from '@/shared/domain/user';

export const storedOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  isDemo: z.boolean(),
});
export type StoredOrganisation = z.infer<typeof storedOrganisationSchema>;

export const storedSessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  user: sessionUserSchema,
  organisation: storedOrganisationSchema.nullable(),
});
export type StoredSession = z.infer<typeof storedSessionSchema>;
