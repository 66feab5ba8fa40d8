import { z } from 'zod';
import { idSchema, isoDateTimeSchema, phoneSchema, requiredText } from './common';
import { roleSchema, usernameSchema } from './user';

/**
 * The coordinator's People screen (issue 5): staff accounts of one organisation. Coordinators
 * create coaches and other coordinators here; owners come by invitation (a later issue).
 *
 * Passwords are never chosen by the coordinator: the server makes a readable temporary one and
 * shows it once, in the answer that created or reset it (it is stored only as a hash).
 */
export const staffRoleSchema = z.enum(['coach', 'coordinator'], { message: 'validation.staffRole' });
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const createAccountSchema = z.strictObject({
  username: usernameSchema,
  name: requiredText(120),
  role: staffRoleSchema,
  /** Optional: blank is sent as null. */
  phone: phoneSchema.nullable().default(null),
});
/** What the form holds before validation (the phone as typed). */
export type CreateAccountInput = z.input<typeof createAccountSchema>;
export type CreateAccount = z.output<typeof createAccountSchema>;

export const accountSchema = z.object({
  id: idSchema,
  username: z.string(),
  name: z.string(),
  role: roleSchema,
  active: z.boolean(),
  phone: z.string().nullable(),
  /** For owners: the one business they may see. */
  businessId: idSchema.nullable(),
  createdAt: isoDateTimeSchema,
  /** The last time any session of the account reached the server; null if it never signed in. */
  lastSeenAt: isoDateTimeSchema.nullable(),
  /** Coaches: businesses assigned to them and not deleted (their caseload). Null for other roles. */
  assignedBusinesses: z.number().int().nonnegative().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const accountListSchema = z.object({ users: z.array(accountSchema) });
export type AccountList = z.infer<typeof accountListSchema>;

/** Shown once: the server keeps only its hash. */
export const temporaryPasswordSchema = z.string().min(10);

export const accountCreatedSchema = z.object({
  user: accountSchema,
  temporaryPassword: temporaryPasswordSchema,
});
export type AccountCreated = z.infer<typeof accountCreatedSchema>;

export const passwordResetSchema = z.object({
  user: accountSchema,
  temporaryPassword: temporaryPasswordSchema,
  /** Sessions signed out by the reset. */
  revokedSessions: z.number().int().nonnegative(),
});
export type PasswordReset = z.infer<typeof passwordResetSchema>;

export const accountStatusChangedSchema = z.object({
  user: accountSchema,
  /** Sessions signed out (deactivation only; 0 on activation). */
  revokedSessions: z.number().int().nonnegative(),
  /**
   * Businesses still assigned to the account (coaches; 0 for others). After a deactivation the
   * coordinator should give them to another coach: nobody visits them meanwhile.
   */
  assignedBusinesses: z.number().int().nonnegative(),
});
export type AccountStatusChanged = z.infer<typeof accountStatusChangedSchema>;
