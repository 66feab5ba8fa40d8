/**
 * Opaque bearer sessions. The token is 32 random bytes shown once to the client; the database
 * keeps only its SHA-256, an expiry and a revocation time. Sessions slide: each use at least an
 * hour after the last pushes the expiry out again, so a coach who syncs now and then stays signed
 * in across days offline, while a lost phone's session can be revoked by a coordinator.
 *
 * Deactivating an account revokes its sessions at the very instant the account changes
 * (`sessions.revoked_at = users.updated_at`, one transaction). Such a session is "closed", not
 * gone: until it would have expired it may still hand over what its phone saved offline (see
 * `resolveClosedSession` and auth/middleware.ts), and every answer tells the phone to sign out.
 * A session revoked any other way (sign-out, password reset, a later change) gets nothing.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';
import { organisations, sessions, users } from '../db/schema';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  userId: string,
  options: { days: number; userAgent?: string | undefined; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.days * 86_400_000);
  await db.insert(sessions).values({
    id: randomUUID(),
    userId,
    tokenHash: hashToken(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

export type AuthenticatedUser = {
  id: string;
  organisationId: string;
  organisationName: string;
  username: string;
  name: string;
  role: 'coordinator' | 'coach' | 'owner';
  businessId: string | null;
  sessionId: string;
};

/** What a session lookup reads: the session and who it belongs to. */
const SESSION_USER = {
  sessionId: sessions.id,
  id: users.id,
  organisationId: users.organisationId,
  organisationName: organisations.name,
  username: users.username,
  name: users.name,
  role: users.role,
  businessId: users.businessId,
};

/** The user behind a token, or null when it is unknown, expired, revoked or the account is inactive. */
export async function resolveSession(
  db: Db,
  token: string,
  options: { days: number; now?: Date },
): Promise<AuthenticatedUser | null> {
  const now = options.now ?? new Date();
  const rows = await db
    .select({ ...SESSION_USER, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 3_600_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + options.days * 86_400_000) })
      .where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _lastSeen, ...user } = row;
  return user;
}

export async function revokeSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId));
}

/** Revokes every session of a user at once (password reset); returns how many were open. */
export async function revokeAllSessions(db: Db, userId: string, now = new Date()): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length;
}

/**
 * The user behind a token whose session was closed by the account's deactivation and has not
 * expired yet, or null. Such a session never slides: its expiry stays where the last normal use
 * left it, so a deactivated phone cannot keep its grace alive.
 */
export async function resolveClosedSession(
  db: Db,
  token: string,
  options: { now?: Date },
): Promise<AuthenticatedUser | null> {
  const now = options.now ?? new Date();
  const rows = await db
    .select(SESSION_USER)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        eq(users.active, false),
        eq(sessions.revokedAt, users.updatedAt),
        gt(sessions.expiresAt, now),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Deactivates an account and closes its open sessions in one transaction, all stamped with the
 * same instant (what `resolveClosedSession` recognises). Returns how many sessions it closed, or
 * null when the account was already inactive (nothing changes: a second deactivation must not
 * end the first one's grace).
 */
export async function deactivateAccount(db: Db, userId: string, now = new Date()): Promise<number | null> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({ active: false, updatedAt: now })
      .where(and(eq(users.id, userId), eq(users.active, true)))
      .returning({ id: users.id });
    if (changed.length === 0) return null;
    const closed = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return closed.length;
  });
}
