/**
 * The owner's side of issue 6 on the server: an invite made on a coach's phone (synced as the
 * code's hash), activated once from the owner's phone, sign-in by phone number, what an owner's
 * pull holds (their business only, visits as shared summaries) and the little an owner may push:
 * ticking their own action-plan items and asking for corrections, which the coach answers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/server/db/schema';
import { drawInviteCode, formatInviteCode } from '@/shared/domain/owner';
import { syncVersions } from '../../helpers/db-snapshot';
import { phoneSync } from '../../helpers/phone-sync';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newVisit } from '../../helpers/sync-fixtures';

const DAY = 86_400_000;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');
const newCode = () =>
  drawInviteCode((n) => new Uint8Array(Array.from({ length: n }, () => Math.floor(Math.random() * 256))));

type Rejections = Array<{ mutationId: number; reason: string }>;
type Row = Record<string, unknown> & { id: string };

describe.each(BACKENDS)('owners on %s', (backend) => {
  let s: TestServer;
  const sync = phoneSync(() => s);

  beforeEach(async () => {
    s = await startTestServer(backend);
  });
  afterEach(async () => {
    await s.dispose();
  });

  function invite(createdBy: string, code: string, expiresInMs = 14 * DAY) {
    return {
      codeHash: hash(code),
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
      createdBy,
      usedAt: null,
    };
  }
  const preview = (code: string) => s.json('/api/invites/preview', { method: 'POST', body: { code } });
  const accept = (code: string, secret: string, phone?: string) =>
    s.json('/api/invites/accept', {
      method: 'POST',
      body: phone ? { code, secret, phone } : { code, secret },
    });

  /** The coach's phone writes an invite for `businessId`; returns the code (never sent to the server). */
  async function coachInvites(token: string, coachId: string, businessId: string, expiresInMs?: number) {
    const code = newCode();
    const phone = device();
    const answer = await sync(token, phone, [
      phone.mutation('businesses', businessId, { ownerInvite: invite(coachId, code, expiresInMs) }),
    ]);
    expect(answer.rejected).toEqual([]);
    return code;
  }

  it('activates an invite once, signs the owner in by phone number, and tells the coach’s phone it was used', async () => {
    const { fixture: f } = s;
    const coach = await s.login('coach-a');
    const code = await coachInvites(coach, f.coachA, f.businessOfCoachA);

    // Typed with dashes and in lower case, as read aloud: the same code.
    const seen = await preview(formatInviteCode(code).toLowerCase());
    expect(seen.status, await seen.clone().text()).toBe(200);
    expect(await seen.json()).toMatchObject({
      businessName: 'Amplang Berkah',
      ownerName: 'Siti Aminah',
      phoneHint: '+62 812-****-890',
      accountExists: true,
    });

    const weak = await accept(code, '12345');
    expect(weak.status).toBe(400);
    expect(JSON.stringify(await weak.json())).toContain('secret');

    const done = await accept(code, '246810');
    expect(done.status, await done.clone().text()).toBe(200);
    const body = (await done.json()) as {
      token: string;
      user: { role: string; businessId: string; username: string };
    };
    expect(body.user).toMatchObject({
      role: 'owner',
      businessId: f.businessOfCoachA,
      username: '+6281234567890',
    });

    // From now on the owner signs in with the phone number however it is typed.
    expect(await s.login('0812-3456-7890', '246810')).toBeTruthy();
    expect(await s.login('+62 812 3456 7890', '246810')).toBeTruthy();
    expect(
      (
        await s.json('/api/auth/login', {
          method: 'POST',
          body: { username: 'owner-a', password: 'correct-horse-battery' },
        })
      ).status,
    ).toBe(401);

    // Once only.
    const again = await accept(code, '135790');
    expect(again.status).toBe(410);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('invite_used');
    expect((await preview(code)).status).toBe(410);

    // The coach's phone learns it was used (a synced write with a clock after the coach's).
    const pulled = await sync(coach, device());
    const business = pulled.changes.businesses.find((b) => b.id === f.businessOfCoachA);
    expect(business?.ownerInvite?.usedAt).toBeTruthy();
    expect(business?.ownerInvite?.codeHash).toBe(hash(code));

    const [account] = await s.database.db.select().from(users).where(eq(users.id, f.ownerA));
    expect(account?.passwordHash).not.toContain('246810');
    const entries = await s.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, f.businessOfCoachA));
    expect(entries.map((e) => e.action)).toContain('owner.password_reset_by_invite');
    expect(JSON.stringify(entries)).not.toContain('246810');
  });

  it('creates a new owner account, refuses a phone number already in use, and asks for a phone when the business has none', async () => {
    const { fixture: f } = s;
    const coach2 = await s.login('coach-a2');
    // Both fixture businesses carry the same phone: the second owner may not take it.
    const clash = await coachInvites(coach2, f.otherCoachA, f.businessOfOtherCoachA);
    await accept(
      await coachInvites(await s.login('coach-a'), f.coachA, f.businessOfCoachA),
      'kue-amplang-enak',
    );
    const versions = await syncVersions(s.database.db);
    const taken = await accept(clash, 'sasirangan-2026');
    expect(taken.status).toBe(409);
    // Refused after taking the organisation's next version: the number is rolled back with the rest.
    expect(await syncVersions(s.database.db)).toEqual(versions);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('phone_taken');

    // Without a phone on file the owner types one.
    const phone = device();
    await sync(coach2, phone, [phone.mutation('businesses', f.businessOfOtherCoachA, { phone: null })]);
    const code = await coachInvites(coach2, f.otherCoachA, f.businessOfOtherCoachA);
    expect(
      (await (await preview(code)).json()) as { phoneHint: unknown; accountExists: boolean },
    ).toMatchObject({
      phoneHint: null,
      accountExists: false,
    });
    const beforeMissing = await syncVersions(s.database.db);
    const missing = await accept(code, '112233');
    expect(missing.status).toBe(400);
    expect(await syncVersions(s.database.db)).toEqual(beforeMissing);
    expect(JSON.stringify(await missing.json())).toContain('"path":"phone"');
    const created = await accept(code, '112233', '0813 5000 1234');
    expect(created.status, await created.clone().text()).toBe(200);
    const token = await s.login('081350001234', '112233');
    const me = await s.json('/api/me', { token });
    expect(((await me.json()) as { user: { role: string; businessId: string } }).user).toMatchObject({
      role: 'owner',
      businessId: f.businessOfOtherCoachA,
    });
  });

  it('refuses unknown and expired codes, and only the latest invite of a business works', async () => {
    const { fixture: f } = s;
    const coach = await s.login('coach-a');
    expect((await preview(newCode())).status).toBe(404);
    expect((await preview('not a code')).status).toBe(404);
    const expired = await coachInvites(coach, f.coachA, f.businessOfCoachA, -1000);
    const expiredAnswer = await accept(expired, '246810');
    expect(expiredAnswer.status).toBe(410);
    expect(((await expiredAnswer.json()) as { error: { code: string } }).error.code).toBe('invite_expired');
    const first = await coachInvites(coach, f.coachA, f.businessOfCoachA);
    const second = await coachInvites(coach, f.coachA, f.businessOfCoachA);
    expect((await preview(first)).status).toBe(404);
    expect((await preview(second)).status).toBe(200);
  });

  it('lets a phone write only its own, unused invites', async () => {
    const { fixture: f } = s;
    const coach = await s.login('coach-a');
    const phone = device();
    const answer = await sync(coach, phone, [
      phone.mutation('businesses', f.businessOfCoachA, {
        ownerInvite: { ...invite(f.coachA, newCode()), usedAt: new Date().toISOString() },
      }),
      phone.mutation('businesses', f.businessOfCoachA, { ownerInvite: invite(f.otherCoachA, newCode()) }),
    ]);
    expect(answer.rejected.map((r) => r.reason)).toEqual(['forbiddenField', 'forbiddenField']);
  });

  it('gives an owner their own business only, visits as shared summaries, and no invite or conflict', async () => {
    const { fixture: f } = s;
    const coach = await s.login('coach-a');
    const phone = device();
    const shared = randomUUID();
    const internal = randomUUID();
    await sync(coach, phone, [
      phone.mutation('businesses', f.businessOfCoachA, { ownerInvite: invite(f.coachA, newCode()) }),
      phone.mutation(
        'visits',
        shared,
        newVisit(f.businessOfCoachA, f.coachA, {
          notes: 'Pemilik kurang rapi mencatat.',
          problems: 'Modal seret',
          sharedWithOwner: true,
          ownerSummary: 'Kemasan baru sudah bagus; lanjutkan foto produk.',
          nextVisitOn: '2026-12-01',
        }),
      ),
      phone.mutation(
        'visits',
        internal,
        newVisit(f.businessOfCoachA, f.coachA, {
          notes: 'Catatan internal.',
          ownerSummary: 'Belum dibagikan',
        }),
      ),
      phone.mutation('visits', randomUUID(), newVisit(f.businessOfOtherCoachA, f.coachA)),
    ]);
    const owner = await s.login('owner-a');
    const pulled = await sync(owner, device());
    expect(pulled.changes.businesses.map((b) => b.id)).toEqual([f.businessOfCoachA]);
    expect(pulled.changes.businesses[0]?.ownerInvite).toBeNull();
    const visits = pulled.changes.visits as unknown as Row[];
    expect(visits.map((v) => v.id).sort()).toEqual([shared, internal].sort());
    const byId = new Map(visits.map((v) => [v.id, v]));
    expect(byId.get(shared)).toMatchObject({
      notes: '',
      problems: '',
      ownerSummary: 'Kemasan baru sudah bagus; lanjutkan foto produk.',
      nextVisitOn: '2026-12-01',
      sharedWithOwner: true,
    });
    expect(byId.get(internal)).toMatchObject({
      notes: '',
      ownerSummary: '',
      topics: [],
      sharedWithOwner: false,
    });
    expect(JSON.stringify(pulled)).not.toContain('Catatan internal');
    expect(JSON.stringify(pulled)).not.toContain('Modal seret');
  });

  it('lets an owner tick their own action items and ask for corrections, which the coach answers; nothing else', async () => {
    const { fixture: f } = s;
    const coach = await s.login('coach-a');
    const coachPhone = device();
    const ownerItem = randomUUID();
    const coachItem = randomUUID();
    const otherItem = randomUUID();
    const followUp = (businessId: string, assignee: string, what: string) => ({
      businessId,
      visitId: null,
      what,
      who: assignee === 'owner' ? 'Pemilik' : 'Pendamping',
      dueOn: '2026-12-10',
      doneAt: null,
      assignee,
      correction: null,
      resolution: null,
      resolutionNote: null,
    });
    await sync(coach, coachPhone, [
      coachPhone.mutation(
        'followUps',
        ownerItem,
        followUp(f.businessOfCoachA, 'owner', 'Daftar NIB lewat OSS'),
      ),
      coachPhone.mutation(
        'followUps',
        coachItem,
        followUp(f.businessOfCoachA, 'coach', 'Antar berkas P-IRT'),
      ),
    ]);
    const coach2 = await s.login('coach-a2');
    const coach2Phone = device();
    await sync(coach2, coach2Phone, [
      coach2Phone.mutation('followUps', otherItem, followUp(f.businessOfOtherCoachA, 'owner', 'Foto produk')),
    ]);

    const owner = await s.login('owner-a');
    const ownerPhone = device();
    const before = await sync(owner, ownerPhone);
    expect(JSON.stringify(before)).not.toContain(otherItem);
    const request = randomUUID();
    const doneAt = new Date().toISOString();
    const correction = { field: 'phone', value: '0812 9999 0000', reason: 'Nomor lama hilang' };
    const answer = await sync(owner, ownerPhone, [
      ownerPhone.mutation('followUps', ownerItem, { doneAt }),
      ownerPhone.mutation('followUps', request, {
        ...followUp(f.businessOfCoachA, 'coach', 'Koreksi nomor telepon: 0812 9999 0000'),
        correction,
      }),
      // Refused, each with a reason:
      ownerPhone.mutation('followUps', coachItem, { doneAt }), // the coach's item
      ownerPhone.mutation('followUps', otherItem, { doneAt }), // another business (guessed id)
      ownerPhone.mutation('followUps', ownerItem, { what: 'Sudah beres' }), // only doneAt
      ownerPhone.mutation('followUps', randomUUID(), {
        ...followUp(f.businessOfOtherCoachA, 'coach', 'Koreksi'),
        correction,
      }),
      ownerPhone.mutation('followUps', randomUUID(), followUp(f.businessOfCoachA, 'owner', 'Tugas baru')), // not a request
      ownerPhone.mutation('followUps', randomUUID(), {
        ...followUp(f.businessOfCoachA, 'coach', 'Koreksi'),
        correction,
        resolution: 'accepted',
      }),
      ownerPhone.mutation('businesses', f.businessOfCoachA, { name: 'Amplang Berkah Jaya' }),
      ownerPhone.mutation('visits', randomUUID(), newVisit(f.businessOfCoachA, f.coachA)),
      ownerPhone.mutation('followUps', ownerItem, {}, { op: 'delete' }),
    ]);
    expect((answer.rejected as Rejections).map((r) => [r.mutationId, r.reason])).toEqual([
      [3, 'forbidden'],
      [4, 'forbidden'],
      [5, 'forbiddenField'],
      [6, 'forbidden'],
      [7, 'forbiddenField'],
      [8, 'forbiddenField'],
      [9, 'forbidden'],
      [10, 'forbidden'],
      [11, 'forbidden'],
    ]);

    // The coach's phone gets the request as a task and answers it: accepts, and edits the profile.
    const coachSees = (await sync(coach, coachPhone)) as unknown as { changes: { followUps: Row[] } };
    const task = coachSees.changes.followUps.find((row) => row.id === request);
    expect(task).toMatchObject({ correction, assignee: 'coach', resolution: null });
    // As the app's pull does: the phone's clock moves past every clock it has seen.
    coachPhone.receive(Object.values((task?.clocks ?? {}) as Record<string, string>));
    expect(coachSees.changes.followUps.find((row) => row.id === ownerItem)?.doneAt).toBeTruthy();
    const answered = await sync(coach, coachPhone, [
      coachPhone.mutation('businesses', f.businessOfCoachA, { phone: '+6281299990000' }),
      coachPhone.mutation('followUps', request, {
        resolution: 'accepted',
        resolutionNote: null,
        doneAt: new Date().toISOString(),
      }),
      // A coach does not forge owners' requests.
      coachPhone.mutation('followUps', coachItem, { correction }),
    ]);
    expect((answered.rejected as Rejections).map((r) => [r.mutationId, r.reason])).toEqual([
      [5, 'forbiddenField'],
    ]);

    const ownerSees = (await sync(owner, ownerPhone)) as unknown as {
      changes: { followUps: Row[]; businesses: Array<{ phone: string | null }> };
    };
    expect(ownerSees.changes.followUps.find((row) => row.id === request)).toMatchObject({
      resolution: 'accepted',
    });
    expect(ownerSees.changes.businesses[0]?.phone).toBe('+6281299990000');
  });

  it('answers an owner on every authenticated route (from the OpenAPI document) with nothing of another business', async () => {
    const { fixture: f } = s;
    // The owner's phone also pulls a visit of the other business's coach into the server first, so a
    // leak would have something to show.
    const coach2 = await s.login('coach-a2');
    const phone = device();
    await sync(coach2, phone, [
      phone.mutation(
        'visits',
        randomUUID(),
        newVisit(f.businessOfOtherCoachA, f.otherCoachA, { notes: 'Catatan usaha lain' }),
      ),
    ]);
    const owner = await s.login('owner-a');
    const spec = (await (await s.json('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    // What an owner's phone uses; every other route must refuse them. Sign-out is left out (it would
    // end the session the loop runs on; it only closes the caller's own session anyway).
    const allowed = new Set([
      'GET /api/me',
      'GET /api/businesses',
      'GET /api/businesses/{id}',
      'GET /api/sync/changes',
      'POST /api/sync',
      'GET /api/blobs/{sha256}',
      'HEAD /api/blobs/{sha256}',
    ]);
    const operations = Object.entries(spec.paths)
      .filter(([path]) => !path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => (op.security ?? []).length > 0)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .filter((operation) => operation !== 'POST /api/auth/logout');
    expect(operations.length).toBeGreaterThan(30);
    const secrets = [
      f.businessOfOtherCoachA,
      f.businessOfB,
      'Sasirangan Intan',
      'Kerupuk Tarakan',
      'Catatan usaha lain',
    ];
    for (const operation of operations) {
      const [method = 'GET', template = ''] = operation.split(' ');
      // Guessed ids: the other business of the same city wherever an id goes.
      const path = template.replace(/\{[^}]+\}/g, (name) =>
        name === '{sha256}' ? 'a'.repeat(64) : f.businessOfOtherCoachA,
      );
      const res = await s.json(path, {
        method,
        token: owner,
        body: method === 'GET' || method === 'HEAD' ? undefined : {},
      });
      const text = method === 'HEAD' ? '' : await res.text();
      // Reference lists (Kemendagri regions, KBLI) are public facts every phone carries.
      if (!allowed.has(operation) && !operation.startsWith('GET /api/reference/')) {
        expect([403, 404], `${operation} → ${res.status}`).toContain(res.status);
      } else {
        expect(res.status, operation).toBeLessThan(500);
      }
      for (const secret of secrets) expect(text, `${operation} leaks ${secret}`).not.toContain(secret);
    }
    // And the routes the owner may use do serve their own business.
    const own = await s.json('/api/sync/changes?cursor=0', { token: owner });
    expect(await own.text()).toContain(f.businessOfCoachA);
  });

  it('keeps an owner out of every other business and every staff route, even with guessed ids', async () => {
    const { fixture: f } = s;
    const owner = await s.login('owner-a');
    const other = await s.json(`/api/businesses/${f.businessOfOtherCoachA}`, { token: owner });
    expect(other.status).toBe(404);
    const otherCity = await s.json(`/api/businesses/${f.businessOfB}`, { token: owner });
    expect(otherCity.status).toBe(404);
    const own = await s.json(`/api/businesses/${f.businessOfCoachA}`, { token: owner });
    expect(own.status).toBe(200);
    const list = (await (await s.json('/api/businesses', { token: owner })).json()) as {
      items?: Row[];
      businesses?: Row[];
    };
    expect(JSON.stringify(list)).not.toContain(f.businessOfOtherCoachA);
    for (const path of [
      '/api/review/visits',
      '/api/desk/businesses',
      '/api/desk/caseloads',
      '/api/dashboard',
      '/api/exports/businesses?format=csv',
      '/api/users',
    ]) {
      const res = await s.json(path, { token: owner });
      expect([403, 404], `${path} → ${res.status}`).toContain(res.status);
      expect(res.status, path).not.toBe(200);
    }
  });
});
