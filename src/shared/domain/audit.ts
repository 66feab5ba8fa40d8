import { z } from 'zod';
import { idSchema, isoDateSchema, isoDateTimeSchema } from './common';
import { roleSchema } from './user';

/**
 * The audit trail as a coordinator reads it (issue 7): who changed or exported what, when, in their
 * own organisation, newest first. Actions are dotted names (`export.businesses`, `user.deactivate`,
 * `sync.push`); the filter takes a prefix of one (`export`, `user.`).
 */
export const AUDIT_PAGE_MAX = 200;

/** The groups of actions the screen offers as a filter, by the prefix they share. */
export const AUDIT_ACTION_GROUPS = [
  'login',
  'user.',
  'business.',
  'visit.',
  'owner.',
  'import.',
  'export.',
  'api',
  'organisation.',
  'sync.',
] as const;

/** `next` of a page: the id of its last entry. */
export const AUDIT_CURSOR_PATTERN = /^\d{1,15}$/;

export const auditQuerySchema = z
  .strictObject({
    action: z
      .string()
      .regex(/^[a-z_.-]{1,60}$/, { message: 'validation.invalidValue' })
      .optional(),
    userId: idSchema.optional(),
    entity: z
      .string()
      .regex(/^[a-z_]{1,40}$/, { message: 'validation.invalidValue' })
      .optional(),
    /** Ids are uuids or plain names: anything else (a NUL, which PostgreSQL text cannot hold) is 400. */
    entityId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'validation.invalidValue' })
      .optional(),
    /** Calendar days in the city's own time zone, both ends included. */
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
    before: z.string().regex(AUDIT_CURSOR_PATTERN, { message: 'validation.cursorFormat' }).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.dateRange' });
    }
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoDateTimeSchema,
  /** Who did it; null for the system itself (a city-API token's read, the start-up seed). */
  user: z.object({ id: idSchema, name: z.string(), role: roleSchema }).nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  /** The name of what was acted on when it has one (a business, an account, a token), else null. */
  entityName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
