/**
 * Owner invites (issue 6): a code a coach's phone drew (offline, if need be) and synced as the
 * SHA-256 in `businesses.owner_invite`. Activating it creates the owner's account — or, when the
 * business already has one, sets a new password (an invite doubles as "forgot my password") — and
 * marks the invite used, as a synced write the coach's phone pulls.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { normalizePhone } from '@/shared/domain/common';
import { normalizeInviteCode, type InvitePreview, type OwnerInvite } from '@/shared/domain/owner';
import { clockAfter } from '@/shared/sync/hlc';
import { clockOf } from '@/shared/sync/clocks';
import { audit } from '../audit';
import { hashPassword } from '../auth/password';
import { revokeAllSessions } from '../auth/sessions';
import type { Db } from '../db/connect';
import { businesses, users } from '../db/schema';
import { refusableTransaction } from '../db/refusable-transaction';
import { takeNextVersion } from '../sync/next-version';

export function inviteCodeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

type InviteRow = { business: typeof businesses.$inferSelect; invite: OwnerInvite };

export type InviteProblem = 'unknown' | 'expired' | 'used';

/** The business whose current invite is this code (any organisation: the code is all the owner has). */
async function findInvite(db: Db, input: string, forUpdate: boolean): Promise<InviteRow | null> {
  const code = normalizeInviteCode(input);
  if (!code) return null;
  const query = db
    .select()
    .from(businesses)
    .where(
      and(
        sql`${businesses.ownerInvite} IS NOT NULL`,
        sql`(${businesses.ownerInvite} ->> 'codeHash') = ${inviteCodeHash(code)}`,
        isNull(businesses.deletedAt),
      ),
    )
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row?.ownerInvite) return null;
  return { business: row, invite: { ...row.ownerInvite, usedAt: row.ownerInvite.usedAt ?? null } };
}

function problemOf(found: InviteRow | null, now: Date): InviteProblem | null {
  if (!found) return 'unknown';
  if (found.invite.usedAt) return 'used';
  if (Date.parse(found.invite.expiresAt) <= now.getTime()) return 'expired';
  return null;
}

/** `+62 812-****-789`: enough for the owner to recognise their number, not enough to harvest it. */
export function phoneHint(phone: string | null): string | null {
  if (!phone) return null;
  const national = phone.replace(/^\+62/, '');
  if (national.length < 7) return null;
  return `+62 ${national.slice(0, 3)}-****-${national.slice(-3)}`;
}

async function ownerAccountOf(db: Db, businessId: string) {
  const [account] = await db
    .select()
    .from(users)
    .where(and(eq(users.businessId, businessId), eq(users.role, 'owner')))
    .limit(1);
  return account ?? null;
}

export async function previewInvite(
  db: Db,
  code: string,
  now: Date,
): Promise<{ ok: true; preview: InvitePreview } | { ok: false; problem: InviteProblem }> {
  const found = await findInvite(db, code, false);
  const problem = problemOf(found, now);
  if (problem || !found) return { ok: false, problem: problem ?? 'unknown' };
  const account = await ownerAccountOf(db, found.business.id);
  return {
    ok: true,
    preview: {
      businessName: found.business.name,
      ownerName: found.business.ownerName,
      phoneHint: phoneHint(account?.phone ?? found.business.phone),
      accountExists: account !== null,
      expiresAt: new Date(found.invite.expiresAt).toISOString(),
    },
  };
}

export type AcceptOutcome =
  | { ok: true; userId: string; organisationId: string }
  | { ok: false; problem: InviteProblem | 'phoneRequired' | 'phoneTaken' };

/**
 * Activates the invite in one transaction: the account (new, or the existing owner's with a new
 * password and every session closed), the invite marked used with a clock after the coach's, and
 * an audit entry. A code can be used once: the row lock makes a second, concurrent attempt wait
 * and then find it used.
 */
export async function acceptInvite(
  db: Db,
  input: { code: string; secret: string; phone?: string | undefined },
  now: Date,
): Promise<AcceptOutcome> {
  const passwordHash = await hashPassword(input.secret);
  // A refusal after the version was taken rolls it back (no gap in the organisation's versions).
  return refusableTransaction<AcceptOutcome>(db, async (tx, refuse) => {
    const found = await findInvite(tx, input.code, true);
    const problem = problemOf(found, now);
    if (problem || !found) return { ok: false, problem: problem ?? 'unknown' } as const;
    const { business, invite } = found;
    const version = await takeNextVersion(tx, business.organisationId);
    if (version === null) return refuse({ ok: false, problem: 'unknown' });

    const existing = await ownerAccountOf(tx, business.id);
    const typed = input.phone ? normalizePhone(input.phone) : null;
    const phone = existing?.phone ?? business.phone ?? typed;
    if (!phone) return refuse({ ok: false, problem: 'phoneRequired' });
    // Owners sign in with their phone number, which is their username.
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.username, phone), existing ? ne(users.id, existing.id) : sql`true`))
      .limit(1);
    if (taken) return refuse({ ok: false, problem: 'phoneTaken' });

    let userId: string;
    if (existing) {
      userId = existing.id;
      await tx
        .update(users)
        .set({ passwordHash, active: true, username: phone, phone, updatedAt: now })
        .where(eq(users.id, existing.id));
      await revokeAllSessions(tx, existing.id, now);
    } else {
      userId = randomUUID();
      await tx.insert(users).values({
        id: userId,
        organisationId: business.organisationId,
        username: phone,
        name: business.ownerName,
        role: 'owner',
        passwordHash,
        phone,
        businessId: business.id,
        createdAt: now,
        updatedAt: now,
      });
    }

    const used: OwnerInvite = { ...invite, usedAt: now.toISOString() };
    const clock = clockAfter(clockOf(business.clocks, 'ownerInvite'), userId, now.getTime());
    await tx
      .update(businesses)
      .set({
        ownerInvite: used,
        clocks: sql`${businesses.clocks} || jsonb_build_object('ownerInvite', ${clock}::text)`,
        version,
        updatedAt: now,
      })
      .where(eq(businesses.id, business.id));
    await audit(tx, {
      organisationId: business.organisationId,
      userId,
      action: existing ? 'owner.password_reset_by_invite' : 'owner.activated',
      entity: 'business',
      entityId: business.id,
      detail: { invitedBy: invite.createdBy },
    });
    return { ok: true, userId, organisationId: business.organisationId } as const;
  });
}
