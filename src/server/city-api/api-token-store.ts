/**
 * The city API's tokens (issue 6): made, listed and revoked by coordinators, resolved on every
 * /api/v1 request, rate-limited, and every use written down.
 *
 * Only the SHA-256 of a token is stored (like sessions): a copy of the database does not let anyone
 * read the city's data. The token has 256 random bits, so a plain unsalted hash is enough: there is
 * nothing to guess a dictionary for.
 *
 * Rate limit: counted in the database, from api_token_uses over the last window (its
 * (token_id, at) index makes that a backwards read of at most `limit` index entries). Several
 * server processes behind a load balancer then share one count without anything else to run; a
 * per-process counter would let a token make `limit` requests per process. Refused requests (429)
 * are logged but do not count, so a client that backs off as told gets in when Retry-After says.
 * Requests still in flight are not counted yet: a client firing many in parallel can go a few over
 * the limit, never far.
 */
import { and, count, desc, eq, gt, gte, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  API_TOKEN_PATTERN,
  API_TOKEN_PREFIX,
  API_TOKEN_PREFIX_CHARS,
  apiScopeSchema,
  type ApiScope,
  type ApiToken,
  type ApiTokenUse,
  type CreateApiToken,
} from '@/shared/domain/api-token';
import type { Db } from '../db/connect';
import { apiTokenUses, apiTokens, users } from '../db/schema';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new token: the text shown once, and what is stored of it. */
export function newApiTokenSecret(): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    token,
    hash: hashApiToken(token),
    prefix: token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + API_TOKEN_PREFIX_CHARS),
  };
}

export type RateLimit = { requests: number; windowMs: number };
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 120, windowMs: 60_000 };

const DAY_MS = 86_400_000;
const creator = alias(users, 'creator');
const revoker = alias(users, 'revoker');

const scopesOf = (stored: readonly string[]): ApiScope[] =>
  stored.filter((scope): scope is ApiScope => apiScopeSchema.safeParse(scope).success);

/** The organisation's tokens, newest first, each with who made it and how often it was used lately. */
export async function listApiTokens(
  db: Db,
  organisationId: string,
  now: Date,
  onlyId: string | null = null,
): Promise<ApiToken[]> {
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const uses = db
    .select({ tokenId: apiTokenUses.tokenId, n: count().as('n') })
    .from(apiTokenUses)
    .where(and(eq(apiTokenUses.organisationId, organisationId), gte(apiTokenUses.at, since)))
    .groupBy(apiTokenUses.tokenId)
    .as('uses');
  const rows = await db
    .select({
      token: apiTokens,
      createdByName: creator.name,
      revokedByName: revoker.name,
      uses: uses.n,
    })
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .leftJoin(revoker, eq(revoker.id, apiTokens.revokedBy))
    .leftJoin(uses, eq(uses.tokenId, apiTokens.id))
    .where(
      and(
        eq(apiTokens.organisationId, organisationId),
        onlyId === null ? undefined : eq(apiTokens.id, onlyId),
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(({ token, createdByName, revokedByName, uses: n }) => ({
    id: token.id,
    name: token.name,
    scopes: scopesOf(token.scopes),
    personalData: token.personalData,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    createdByName,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    revokedByName,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    usesLast30Days: Number(n ?? 0),
  }));
}

export async function createApiToken(
  db: Db,
  input: CreateApiToken & { organisationId: string; createdBy: string; now: Date },
): Promise<{ token: string; id: string }> {
  const secret = newApiTokenSecret();
  const id = randomUUID();
  await db.insert(apiTokens).values({
    id,
    organisationId: input.organisationId,
    name: input.name,
    scopes: input.scopes,
    personalData: input.personalData,
    tokenHash: secret.hash,
    prefix: secret.prefix,
    createdBy: input.createdBy,
    createdAt: input.now,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
  });
  return { token: secret.token, id };
}

/**
 * Revokes a token of the organisation. Revoking twice keeps the first time and person. Returns
 * false when the organisation has no such token.
 */
export async function revokeApiToken(
  db: Db,
  input: { organisationId: string; id: string; by: string; now: Date },
): Promise<{ found: boolean; changed: boolean }> {
  const [row] = await db
    .select({ revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, input.id), eq(apiTokens.organisationId, input.organisationId)));
  if (!row) return { found: false, changed: false };
  if (row.revokedAt) return { found: true, changed: false };
  await db
    .update(apiTokens)
    .set({ revokedAt: input.now, revokedBy: input.by })
    .where(eq(apiTokens.id, input.id));
  return { found: true, changed: true };
}

/** The latest uses of a token, newest first. */
export async function apiTokenUsesOf(db: Db, tokenId: string, limit: number): Promise<ApiTokenUse[]> {
  const rows = await db
    .select()
    .from(apiTokenUses)
    .where(eq(apiTokenUses.tokenId, tokenId))
    .orderBy(desc(apiTokenUses.at), desc(apiTokenUses.id))
    .limit(limit);
  return rows.map((row) => ({
    at: row.at.toISOString(),
    method: row.method,
    path: row.path,
    query: row.query,
    status: row.status,
    rows: row.rows,
    durationMs: row.durationMs,
    ip: row.ip,
  }));
}

/** What the /api/v1 routes know about the token of a request. */
export type CityToken = {
  id: string;
  organisationId: string;
  name: string;
  scopes: ApiScope[];
  personalData: boolean;
};

export type TokenLookup =
  | { state: 'valid'; token: CityToken }
  /** Known but not usable: still logged, so its owner sees the refused attempts. */
  | { state: 'revoked' | 'expired'; token: CityToken }
  | { state: 'unknown' };

export async function lookUpApiToken(db: Db, token: string, now: Date): Promise<TokenLookup> {
  if (!API_TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    .limit(1);
  if (!row) return { state: 'unknown' };
  const known: CityToken = {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    scopes: scopesOf(row.scopes),
    personalData: row.personalData,
  };
  if (row.revokedAt) return { state: 'revoked', token: known };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { state: 'expired', token: known };
  return { state: 'valid', token: known };
}

export type RateLimitState = {
  limit: number;
  /** Requests left in the window, this one not counted. */
  remaining: number;
  /** Seconds until the oldest counted request leaves the window (0 when none is counted). */
  resetSeconds: number;
  limited: boolean;
};

/** Where a token stands against its limit, from its answered requests of the last window. */
export async function rateLimitState(
  db: Db,
  tokenId: string,
  now: Date,
  rule: RateLimit,
): Promise<RateLimitState> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const recent = await db
    .select({ at: apiTokenUses.at })
    .from(apiTokenUses)
    .where(
      and(eq(apiTokenUses.tokenId, tokenId), gt(apiTokenUses.at, windowStart), ne(apiTokenUses.status, 429)),
    )
    .orderBy(desc(apiTokenUses.at))
    .limit(rule.requests);
  const limited = recent.length >= rule.requests;
  // When full, room comes back as the oldest of the last `requests` leaves the window.
  const oldest = recent[recent.length - 1]?.at;
  const resetMs = oldest ? oldest.getTime() + rule.windowMs - now.getTime() : 0;
  return {
    limit: rule.requests,
    remaining: Math.max(0, rule.requests - recent.length - (limited ? 0 : 1)),
    resetSeconds: Math.max(limited ? 1 : 0, Math.ceil(resetMs / 1000)),
    limited,
  };
}

export type TokenUse = {
  token: CityToken;
  at: Date;
  method: string;
  path: string;
  query: string | null;
  status: number;
  rows: number | null;
  durationMs: number;
  ip: string | null;
};

/** Writes one use down and moves the token's last-used time. */
export async function recordTokenUse(db: Db, use: TokenUse): Promise<void> {
  await db.insert(apiTokenUses).values({
    tokenId: use.token.id,
    organisationId: use.token.organisationId,
    at: use.at,
    method: use.method,
    path: use.path.slice(0, 300),
    query: use.query?.slice(0, 1_000) ?? null,
    status: use.status,
    rows: use.rows,
    durationMs: Math.round(use.durationMs),
    ip: use.ip?.slice(0, 100) ?? null,
  });
  await db
    .update(apiTokens)
    .set({ lastUsedAt: use.at })
    .where(
      and(
        eq(apiTokens.id, use.token.id),
        sql`(${apiTokens.lastUsedAt} IS NULL OR ${apiTokens.lastUsedAt} < ${use.at.toISOString()}::timestamptz)`,
      ),
    );
}
