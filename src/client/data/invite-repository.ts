/**
 * Owner invites made on this phone (issue 6), offline if need be. The code is drawn here and only
 * its SHA-256 syncs (in the business's `ownerInvite`); the code itself stays on this phone, in
 * `meta`, so the coach can show the QR code again later. A newer invite (from this phone or
 * another) replaces it: the stored code is shown only while its hash is the business's current one.
 */
import { drawInviteCode, INVITE_DAYS, type OwnerInvite } from '@/shared/domain/owner';
import type { Business } from '@/shared/domain/business';
import { BusinessNotFoundError, type BusinessWriter } from './business-repository';
import { localDb, readMeta, type LocalDb } from './local-db';
import { writeWithOutbox } from './outbox';

const codeKey = (businessId: string) => `ownerInviteCode:${businessId}`;

type StoredCode = { code: string; codeHash: string };

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Draws a new invite for `businessId`, saves it with the outbox and keeps its code on this phone. */
export async function createOwnerInvite(
  db: LocalDb,
  user: BusinessWriter,
  businessId: string,
  now = new Date(),
): Promise<{ code: string; invite: OwnerInvite }> {
  const code = drawInviteCode((length) => crypto.getRandomValues(new Uint8Array(length)));
  const codeHash = await sha256Hex(code);
  const invite: OwnerInvite = {
    codeHash,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(),
    createdBy: user.id,
    usedAt: null,
  };
  await db.transaction('rw', [db.businesses, db.outbox, db.meta], async () => {
    const business = await db.businesses.get(businessId);
    if (!business || business.deletedAt) throw new BusinessNotFoundError(businessId);
    const next: Business = { ...business, ownerInvite: invite, updatedAt: now.toISOString() };
    await writeWithOutbox(db, 'businesses', next, ['ownerInvite'], { now: now.getTime() });
    await db.meta.put({ key: codeKey(businessId), value: { code, codeHash } satisfies StoredCode });
  });
  return { code, invite };
}

/** The code of the business's current invite, when this phone made it; null otherwise. */
export async function shownInviteCode(
  db: LocalDb,
  business: Pick<Business, 'id' | 'ownerInvite'>,
): Promise<string | null> {
  const stored = await readMeta<StoredCode>(db, codeKey(business.id));
  if (!stored || !business.ownerInvite || stored.codeHash !== business.ownerInvite.codeHash) return null;
  return stored.code;
}

export type InviteState =
  | { kind: 'none' }
  | { kind: 'used'; usedAt: string }
  | { kind: 'expired'; expiresAt: string }
  | { kind: 'open'; expiresAt: string; code: string | null };

export async function inviteState(
  business: Pick<Business, 'id' | 'ownerInvite'>,
  now = new Date(),
  db: LocalDb = localDb,
): Promise<InviteState> {
  const invite = business.ownerInvite;
  if (!invite) return { kind: 'none' };
  if (invite.usedAt) return { kind: 'used', usedAt: invite.usedAt };
  if (Date.parse(invite.expiresAt) <= now.getTime()) return { kind: 'expired', expiresAt: invite.expiresAt };
  return { kind: 'open', expiresAt: invite.expiresAt, code: await shownInviteCode(db, business) };
}
