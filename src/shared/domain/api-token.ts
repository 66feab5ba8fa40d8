import { z } from 'zod';
import { idSchema, isoDateTimeSchema, requiredText } from './common';

/**
 * Read-only tokens for the city's API (issue 6): a coordinator makes one for another department's
 * system (the mayor's dashboard, the licensing office, Bappeda), names it after that system, says
 * what it may read and whether personal data (owner name, NIK, phone: UU 27/2022) comes with it.
 *
 * The token is `bnn_` + 32 random bytes in base64url, shown once in the answer that created it; the
 * server keeps only its SHA-256 and the first characters after `bnn_` (`prefix`), so people can
 * tell tokens apart in lists. It is accepted only on /api/v1 and never where a person's session is.
 */
export const API_TOKEN_PREFIX = 'bnn_';
/** Characters after `bnn_` kept for display. */
export const API_TOKEN_PREFIX_CHARS = 8;
/** `bnn_` + 32 bytes in base64url (43 characters, no padding). */
export const API_TOKEN_PATTERN = /^bnn_[A-Za-z0-9_-]{43}$/;

/** What a token may read: one scope per family of /api/v1 routes. */
export const apiScopeSchema = z.enum(['businesses', 'visits', 'statistics']);
export type ApiScope = z.infer<typeof apiScopeSchema>;

export const API_TOKEN_NAME_MAX = 80;

export const createApiTokenSchema = z.strictObject({
  /** The system that will use it, e.g. `Dashboard Wali Kota (Diskominfo)`. */
  name: requiredText(API_TOKEN_NAME_MAX),
  scopes: z
    .array(apiScopeSchema)
    .min(1, { message: 'validation.apiScopes' })
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: 'validation.duplicateEntry' }),
  /** Owner name, NIK and phone in the business answers. */
  personalData: z.boolean(),
  /** Optional end of validity; a token without one lasts until it is revoked. */
  expiresAt: isoDateTimeSchema.nullable().default(null),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;
export type CreateApiToken = z.output<typeof createApiTokenSchema>;

export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  scopes: z.array(apiScopeSchema),
  personalData: z.boolean(),
  /** The first characters after `bnn_`, to recognise the token (`bnn_AbCd1234…`). */
  prefix: z.string(),
  createdAt: isoDateTimeSchema,
  createdByName: z.string().nullable(),
  expiresAt: isoDateTimeSchema.nullable(),
  revokedAt: isoDateTimeSchema.nullable(),
  revokedByName: z.string().nullable(),
  lastUsedAt: isoDateTimeSchema.nullable(),
  /** Requests made with it in the last 30 days (refused ones included). */
  usesLast30Days: z.number().int().nonnegative(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;

/** The answer to a creation: the only time the token itself is sent. */
export const apiTokenCreatedSchema = z.object({
  token: z.string().regex(API_TOKEN_PATTERN),
  apiToken: apiTokenSchema,
});
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

/** One request made with a token (api_token_uses). */
export const apiTokenUseSchema = z.object({
  at: isoDateTimeSchema,
  method: z.string(),
  path: z.string(),
  query: z.string().nullable(),
  status: z.number().int(),
  rows: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  ip: z.string().nullable(),
});
export type ApiTokenUse = z.infer<typeof apiTokenUseSchema>;

export const API_TOKEN_USES_MAX = 500;

export const apiTokenUsesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(API_TOKEN_USES_MAX).default(100),
});

export const apiTokenUsesSchema = z.object({ uses: z.array(apiTokenUseSchema) });
export type ApiTokenUses = z.infer<typeof apiTokenUsesSchema>;
