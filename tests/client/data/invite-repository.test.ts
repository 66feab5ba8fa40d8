/**
 * The coach's side of owner invites and correction requests on the phone (issue 6): an invite made
 * offline queues only the code's hash and keeps the code to show again; a newer invite hides the
 * old code; answering a request edits the profile and closes the request in one transaction.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessWriter } from '@/client/data/business-repository';
import { answerCorrection, openCorrections } from '@/client/data/correction-repository';
import { createOwnerInvite, inviteState, shownInviteCode } from '@/client/data/invite-repository';
import { LocalDb } from '@/client/data/local-db';
import { loadOwnerRequests } from '@/client/data/today-repository';
import { uuidv7 } from '@/client/data/uuid';
import { normalizeInviteCode, applyCorrection } from '@/shared/domain/owner';
import { makeBusiness, makeFollowUp, TEST_COACH_ID, TEST_ORGANISATION_ID } from '../../helpers/factories';

let db: LocalDb;
const coach: BusinessWriter = { id: TEST_COACH_ID, role: 'coach', organisationId: TEST_ORGANISATION_ID };

beforeEach(async () => {
  db = new LocalDb(`binaan-invite-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('owner invites on the phone', () => {
  it('queues only the hash of a fresh code, and shows the code while it is the current invite', async () => {
    const business = makeBusiness();
    await db.businesses.put(business);
    const now = new Date('2026-11-23T03:00:00Z');
    const { code, invite } = await createOwnerInvite(db, coach, business.id, now);

    expect(normalizeInviteCode(code)).toBe(code);
    expect(invite.codeHash).toBe(createHash('sha256').update(code).digest('hex'));
    expect(invite.expiresAt).toBe('2026-12-07T03:00:00.000Z');
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(Object.keys(outbox[0]?.fields ?? {})).toEqual(['ownerInvite']);
    expect(JSON.stringify(outbox)).not.toContain(code);

    const stored = await db.businesses.get(business.id);
    expect(stored?.ownerInvite).toEqual(invite);
    expect(await inviteState(stored ?? business, now, db)).toEqual({
      kind: 'open',
      expiresAt: invite.expiresAt,
      code,
    });

    // A second invite replaces the first; the first code is no longer shown anywhere.
    const second = await createOwnerInvite(db, coach, business.id, now);
    const again = await db.businesses.get(business.id);
    expect(await shownInviteCode(db, again ?? business)).toBe(second.code);
    // An invite that arrived from another device: this phone has no code for it.
    const foreign = { ...(again ?? business), ownerInvite: { ...invite, codeHash: 'f'.repeat(64) } };
    expect(await inviteState(foreign, now, db)).toMatchObject({ kind: 'open', code: null });
    expect(await inviteState(foreign, new Date('2027-01-01T00:00:00Z'), db)).toMatchObject({ kind: 'expired' });
    expect(
      await inviteState({ ...foreign, ownerInvite: { ...invite, usedAt: '2026-11-24T00:00:00.000Z' } }, now, db),
    ).toEqual({ kind: 'used', usedAt: '2026-11-24T00:00:00.000Z' });
  });
});

describe('answering an owner’s correction request', () => {
  async function setUp(correction: { field: 'phone' | 'licences.nib' | 'employees'; value: string; reason: string }) {
    const business = makeBusiness({ phone: '+6281234567890' });
    const request = makeFollowUp({
      businessId: business.id,
      what: 'Koreksi',
      who: 'Pemilik (permintaan koreksi)',
      dueOn: null,
      assignee: 'coach',
      correction,
    });
    await db.businesses.put(business);
    await db.followUps.put(request);
    return { business, request };
  }

  it('accepting changes the profile and closes the request, both queued', async () => {
    const { business, request } = await setUp({ field: 'phone', value: '0812 9999 0000', reason: '' });
    expect((await openCorrections(db, business.id)).map((row) => row.id)).toEqual([request.id]);
    expect((await loadOwnerRequests(db, TEST_COACH_ID)).map((row) => row.followUp.id)).toEqual([request.id]);

    expect(await answerCorrection(db, coach, request.id, { accept: true, note: '' })).toEqual({ ok: true });
    expect((await db.businesses.get(business.id))?.phone).toBe('+6281299990000');
    const closed = await db.followUps.get(request.id);
    expect(closed).toMatchObject({ resolution: 'accepted', resolutionNote: null });
    expect(closed?.doneAt).toBeTruthy();
    const outbox = await db.outbox.toArray();
    expect(outbox.map((entry) => [entry.table, Object.keys(entry.fields).sort()])).toEqual([
      ['businesses', ['phone']],
      ['followUps', ['doneAt', 'resolution', 'resolutionNote']],
    ]);
    expect(await openCorrections(db, business.id)).toEqual([]);
    expect(await loadOwnerRequests(db, TEST_COACH_ID)).toEqual([]);
  });

  it('declining keeps the profile and sends the note; a value that cannot apply changes nothing', async () => {
    const { business, request } = await setUp({ field: 'employees', value: 'banyak', reason: 'Tambah pekerja' });
    const refused = await answerCorrection(db, coach, request.id, { accept: true, note: '' });
    expect(refused).toEqual({ ok: false, message: 'validation.invalidValue' });
    expect(await db.outbox.count()).toBe(0);

    await answerCorrection(db, coach, request.id, { accept: false, note: '  Tulis angkanya, misalnya 4.  ' });
    expect(await db.followUps.get(request.id)).toMatchObject({
      resolution: 'declined',
      resolutionNote: 'Tulis angkanya, misalnya 4.',
    });
    expect((await db.businesses.get(business.id))?.employees).toBe(business.employees);
  });

  it('applies each kind of field as the profile holds it', () => {
    const fields = { phone: '+6281234567890', licences: { nib: null as string | null }, employees: 2 } as const;
    const base = { ...fields, licences: { ...fields.licences } };
    expect(applyCorrection(base, { field: 'licences.nib', value: ' 1234567890123 ', reason: '' })).toEqual({
      ok: true,
      fields: { ...base, licences: { nib: '1234567890123' } },
    });
    expect(applyCorrection(base, { field: 'employees', value: '12', reason: '' })).toMatchObject({
      fields: { employees: 12 },
    });
    expect(applyCorrection(base, { field: 'phone', value: '12', reason: '' })).toEqual({
      ok: false,
      message: 'validation.phone',
    });
    expect(applyCorrection(base, { field: 'phone', value: '', reason: '' })).toMatchObject({ fields: { phone: null } });
  });
});
