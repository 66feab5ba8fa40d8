import { z } from 'zod';
import { idSchema, isoDateTimeSchema, phoneSchema, requiredText } from './common';

export const roleSchema = z.enum(['coordinator', 'coach', 'owner'], { message: 'validation.role' });
export type Role = z.infer<typeof roleSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, { message: 'validation.username' });

/** An owner's username is their phone number in E.164 (`+628…`): they sign in with it (owner.ts). */
export const ownerUsernameSchema = z.string().regex(/^\+62\d{8,13}$/, { message: 'validation.phone' });
/** A signed-in person's username: a staff name, or an owner's phone number. */
export const accountUsernameSchema = z.union([usernameSchema, ownerUsernameSchema]);

/** At least 10 characters: long enough to resist guessing, short enough to type on a phone. */
export const passwordSchema = z
  .string()
  .min(10, { message: 'validation.passwordShort' })
  .max(200, { message: 'validation.tooLong' });

export const userSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  username: accountUsernameSchema,
  name: requiredText(120),
  role: roleSchema,
  active: z.boolean(),
  phone: phoneSchema.nullable(),
  /** For owners: the one business they may see. */
  businessId: idSchema.nullable(),
  createdAt: isoDateTimeSchema,
});
export type User = z.infer<typeof userSchema>;

/** What the client keeps about the signed-in person. */
export const sessionUserSchema = userSchema.pick({ id: true, name: true, role: true }).extend({
  username: accountUsernameSchema,
  organisationId: idSchema,
  organisationName: z.string(),
  businessId: idSchema.nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;
