/**
 * The People routes (issue 5) on both backends: who may manage accounts, organisation scoping,
 * temporary passwords shown once, and what deactivation does to the account's sessions: closed at
 * once, except that its phone may still hand over what it saved offline, exactly once, and is told
 * to sign out.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/server/auth/sessions';
import { PASSWORD_WORDS } from '@/server/auth/temporary-password';
import { auditLog, businesses, sessions, syncClients, users, visits } from '@/server/db/schema';
import {
  accountCreatedSchema,
  accountListSchema,
  accountStatusChangedSchema,
  passwordResetSchema,
  type Account,
} from '@/shared/domain/people';
import { passwordSchema } from '@/shared/domain/user';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { device, newBusiness, newVisit } from '../../helpers/sync-fixtures';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};

describe.each(BACKENDS)('people routes on %s', (backend) => {
  let s: TestServer;
  let koorA: string;
  let koorB: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    koorA = await s.login('koor-a');
    koorB = await s.login('koor-b');
  }, 60_000);
  afterAll(async () => {
    await s.dispose();
  });

  async function list(token = koorA): Promise<Account[]> {
    const res = await s.json('/api/users', { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return accountListSchema.parse(await res.json()).users;
  }
  /** A new account made through the API, with a name no other test uses. */
  async function createAccount(role: 'coach' | 'coordinator' = 'coach', token = koorA) {
    const username = `akun-${randomUUID().slice(0, 8)}`;
    const res = await s.json('/api/users', {
      method: 'POST',
      token,
      body: { username, name: 'Rahmawati', role, phone: '0812-3456-7890' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return accountCreatedSchema.parse(await res.json());
  }
  const action = (id: string, what: 'password' | 'deactivate' | 'activate', token = koorA) =>
    s.json(`/api/users/${id}/${what}`, { method: 'POST', token });
  async function auditOf(entityId: string) {
    return s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, entityId)));
  }
  async function push(token: string, clientId: string, mutations: unknown[], cursor = '0') {
    return s.json('/api/sync', {
      method: 'POST',
      token,
      body: { schemaVersion: PROTOCOL_VERSION, clientId, cursor, mutations },
    });
  }

  it('documents the People routes for other systems (OpenAPI)', async () => {
    const doc = (await (await s.json('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths['/api/users'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const action of ['password', 'deactivate', 'activate']) {
      expect(doc.paths[`/api/users/{id}/${action}`]?.post?.responses).toHaveProperty('200');
    }
    expect(doc.paths['/api/users']?.post?.responses).toHaveProperty('409');
  });

  describe('who may manage accounts', () => {
    it('refuses coaches and owners (403) and anyone without a session (401)', async () => {
      const coach = await s.login('coach-a');
      const owner = await s.login('owner-a');
      const body = { username: 'baru-sekali', name: 'Baru', role: 'coach' };
      for (const token of [coach, owner]) {
        expect((await s.json('/api/users', { token })).status).toBe(403);
        expect((await s.json('/api/users', { method: 'POST', token, body })).status).toBe(403);
        expect((await action(s.fixture.otherCoachA, 'deactivate', token)).status).toBe(403);
        expect((await action(s.fixture.otherCoachA, 'password', token)).status).toBe(403);
      }
      expect((await s.json('/api/users', { method: 'POST', body })).status).toBe(401);
      expect((await list()).some((account) => account.username === 'baru-sekali')).toBe(false);
    });

    it('lists only the own organisation, with last sign-in and each coach’s caseload', async () => {
      await s.login('coach-a');
      const accounts = await list();
      const byName = new Map(accounts.map((account) => [account.username, account]));
      expect([...byName.keys()]).not.toContain('koor-b');
      expect(byName.get('coach-a')).toMatchObject({ role: 'coach', active: true, assignedBusinesses: 1 });
      // Signed in a moment ago (read back in UTC from either backend).
      const lastSeen = Date.parse(byName.get('coach-a')?.lastSeenAt ?? '');
      expect(Math.abs(lastSeen - Date.now())).toBeLessThan(5 * 60_000);
      expect(byName.get('koor-a')?.assignedBusinesses).toBeNull();
      expect(byName.get('owner-a')).toMatchObject({ role: 'owner', businessId: s.fixture.businessOfCoachA });

      const inB = await list(koorB);
      expect(inB.map((account) => account.username)).toEqual(['koor-b']);
    });

    it('hides another organisation’s accounts: koor-b gets 404 and changes nothing', async () => {
      for (const what of ['password', 'deactivate', 'activate'] as const) {
        const res = await action(s.fixture.otherCoachA, what, koorB);
        expect(res.status).toBe(404);
        expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
      }
      const [row] = await s.database.db.select().from(users).where(eq(users.id, s.fixture.otherCoachA));
      expect(row?.active).toBe(true);
      expect(await auditOf(s.fixture.otherCoachA)).toEqual([]);
      await s.login('coach-a2'); // the password is unchanged
    });
  });

  describe('creating an account', () => {
    it('creates a coach with a readable temporary password that signs in, and audits it without the password', async () => {
      const created = await createAccount('coach');
      expect(created.user).toMatchObject({
        name: 'Rahmawati',
        role: 'coach',
        active: true,
        phone: '+6281234567890',
        lastSeenAt: null,
        assignedBusinesses: 0,
      });
      const words = created.temporaryPassword.split('-');
      expect(words).toHaveLength(4);
      expect(PASSWORD_WORDS).toContain(words[0]);
      expect(words[3]).toMatch(/^\d{4}$/);
      expect(passwordSchema.safeParse(created.temporaryPassword).success).toBe(true);

      await s.login(created.user.username, created.temporaryPassword);
      expect((await list()).map((account) => account.id)).toContain(created.user.id);

      const entries = await auditOf(created.user.id);
      expect(entries.map((entry) => entry.action)).toEqual(['user.create']);
      expect(entries[0]).toMatchObject({ organisationId: s.fixture.orgA, userId: s.fixture.coordinatorA });
      expect(JSON.stringify(entries)).not.toContain(created.temporaryPassword);
      // Only the hash is stored.
      const [row] = await s.database.db.select().from(users).where(eq(users.id, created.user.id));
      expect(row?.passwordHash).not.toContain(created.temporaryPassword);
    });

    it('creates a coordinator in the caller’s organisation', async () => {
      const created = await createAccount('coordinator', koorB);
      const [row] = await s.database.db.select().from(users).where(eq(users.id, created.user.id));
      expect(row).toMatchObject({ organisationId: s.fixture.orgB, role: 'coordinator' });
      expect((await list(koorB)).map((account) => account.id)).toContain(created.user.id);
      expect((await list()).map((account) => account.id)).not.toContain(created.user.id);
    });

    it('refuses a taken username (409 on `username`), also when it is taken in another city or typed in capitals', async () => {
      for (const [token, username] of [
        [koorA, ' Coach-A '],
        [koorB, 'coach-a'],
      ] as const) {
        const res = await s.json('/api/users', {
          method: 'POST',
          token,
          body: { username, name: 'Dua', role: 'coach' },
        });
        expect(res.status).toBe(409);
        const body = (await res.json()) as ErrorBody;
        expect(body.error.code).toBe('username_taken');
        expect(body.error.fields?.[0]?.path).toBe('username');
        expect(body.error.message).toBe('Nama pengguna ini sudah dipakai. Pilih nama lain.');
      }
      const rows = await s.database.db.select().from(users).where(eq(users.username, 'coach-a'));
      expect(rows).toHaveLength(1);
    });

    it('answers 400 with the field path for bad input, and creates no owners here', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ username: 'pemilik-baru', name: 'Pemilik', role: 'owner' }, 'role'],
        [{ username: 'x', name: 'Pendek', role: 'coach' }, 'username'],
        [{ username: 'nama bagus', name: 'Spasi', role: 'coach' }, 'username'],
        [{ username: 'nama-bagus', name: '   ', role: 'coach' }, 'name'],
        [{ username: 'nama-bagus', name: 'Telepon', role: 'coach', phone: '12345' }, 'phone'],
        [{ username: 'nama-bagus', name: 'Sandi', role: 'coach', password: 'rahasia-sekali' }, ''],
      ];
      for (const [body, path] of cases) {
        const res = await s.json('/api/users', {
          method: 'POST',
          token: koorA,
          body,
          headers: { 'accept-language': 'en' },
        });
        expect(res.status, JSON.stringify(body)).toBe(400);
        const error = ((await res.json()) as ErrorBody).error;
        expect(error.code).toBe('invalid_input');
        expect(error.fields?.map((field) => field.path)).toContain(path);
      }
      const names = (await list()).map((account) => account.username);
      expect(names).not.toContain('pemilik-baru');
      expect(names).not.toContain('nama-bagus');
      expect((await action('not-a-uuid', 'deactivate')).status).toBe(400);
      expect((await action(randomUUID(), 'deactivate')).status).toBe(404);
    });
  });

  describe('resetting a password', () => {
    it('sets a new temporary password and signs the account out everywhere at once', async () => {
      const created = await createAccount('coach');
      const phoneToken = await s.login(created.user.username, created.temporaryPassword);
      const laptopToken = await s.login(created.user.username, created.temporaryPassword);

      const res = await action(created.user.id, 'password');
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const reset = passwordResetSchema.parse(await res.json());
      expect(reset.revokedSessions).toBe(2);
      expect(reset.temporaryPassword).not.toBe(created.temporaryPassword);

      for (const token of [phoneToken, laptopToken]) {
        const me = await s.json('/api/me', { token });
        expect(me.status).toBe(401);
        expect(((await me.json()) as ErrorBody).error.code).toBe('unauthenticated');
        // A reset is not a deactivation: the old session may not push either.
        expect((await push(token, randomUUID(), [])).status).toBe(401);
      }
      await expect(s.login(created.user.username, created.temporaryPassword)).rejects.toThrow(/401/);
      await s.login(created.user.username, reset.temporaryPassword);

      const entries = await auditOf(created.user.id);
      expect(entries.map((entry) => entry.action)).toEqual(['user.create', 'user.password_reset']);
      expect(entries[1]?.detail).toEqual({ revokedSessions: 2 });
      expect(JSON.stringify(entries)).not.toContain(reset.temporaryPassword);
    });

    it('does not reset the coordinator’s own password here (409 own_account)', async () => {
      const res = await action(s.fixture.coordinatorA, 'password');
      expect(res.status).toBe(409);
      expect(((await res.json()) as ErrorBody).error.code).toBe('own_account');
      expect((await s.json('/api/me', { token: koorA })).status).toBe(200);
    });
  });

  describe('deactivating and activating', () => {
    it('closes every session at once: each request gets 401 account_inactive, and sign-in is refused', async () => {
      const created = await createAccount('coach');
      const tokens = [
        await s.login(created.user.username, created.temporaryPassword),
        await s.login(created.user.username, created.temporaryPassword),
      ];
      const res = await action(created.user.id, 'deactivate');
      expect(res.status, await res.clone().text()).toBe(200);
      const answer = accountStatusChangedSchema.parse(await res.json());
      expect(answer).toMatchObject({ revokedSessions: 2, assignedBusinesses: 0, user: { active: false } });

      const open = await s.database.db.select().from(sessions).where(eq(sessions.userId, created.user.id));
      expect(open.every((session) => session.revokedAt !== null)).toBe(true);
      for (const token of tokens) {
        for (const path of ['/api/me', '/api/sync/changes', '/api/businesses']) {
          const denied = await s.json(path, { token });
          expect(denied.status, path).toBe(401);
          expect(((await denied.json()) as ErrorBody).error.code).toBe('account_inactive');
        }
      }
      const login = await s.json('/api/auth/login', {
        method: 'POST',
        body: { username: created.user.username, password: created.temporaryPassword },
      });
      expect(login.status).toBe(401);
      expect(((await login.json()) as ErrorBody).error.code).toBe('account_inactive');

      // Once is enough: a second deactivation changes and audits nothing.
      const again = accountStatusChangedSchema.parse(
        await (await action(created.user.id, 'deactivate')).json(),
      );
      expect(again.revokedSessions).toBe(0);
      expect((await auditOf(created.user.id)).map((entry) => entry.action)).toEqual([
        'user.create',
        'user.deactivate',
      ]);
    });

    it('tells how many businesses a deactivated coach still has, so they can be given to someone else', async () => {
      const created = await createAccount('coach');
      const ids = [randomUUID(), randomUUID()];
      await s.database.db.insert(businesses).values(
        ids.map((id, i) => ({
          id,
          organisationId: s.fixture.orgA,
          version: 1,
          name: `Usaha ${i}`,
          ownerName: 'Rusmini',
          districtCode: '63.71.01',
          villageCode: '63.71.01.1001',
          sector: 'makanan_olahan',
          licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
          assignedCoachId: created.user.id,
        })),
      );
      expect((await list()).find((account) => account.id === created.user.id)?.assignedBusinesses).toBe(2);
      const answer = accountStatusChangedSchema.parse(
        await (await action(created.user.id, 'deactivate')).json(),
      );
      expect(answer.assignedBusinesses).toBe(2);
    });

    it('does not let a coordinator deactivate themselves (409 own_account)', async () => {
      const res = await action(s.fixture.coordinatorA, 'deactivate');
      expect(res.status).toBe(409);
      const error = ((await res.json()) as ErrorBody).error;
      expect(error).toMatchObject({ code: 'own_account' });
      expect(error.message).toContain('tidak dapat menonaktifkan akun Anda sendiri');
      expect((await s.json('/api/me', { token: koorA })).status).toBe(200);
    });

    it('activates again: the person signs in with their password, the old sessions stay closed', async () => {
      const created = await createAccount('coordinator');
      const before = await s.login(created.user.username, created.temporaryPassword);
      await action(created.user.id, 'deactivate');
      const res = await action(created.user.id, 'activate');
      expect(res.status).toBe(200);
      expect(accountStatusChangedSchema.parse(await res.json()).user.active).toBe(true);
      expect((await s.json('/api/me', { token: before })).status).toBe(401);
      expect((await push(before, randomUUID(), [])).status).toBe(401);
      const after = await s.login(created.user.username, created.temporaryPassword);
      expect((await s.json('/api/me', { token: after })).status).toBe(200);
      expect((await auditOf(created.user.id)).map((entry) => entry.action)).toEqual([
        'user.create',
        'user.deactivate',
        'user.activate',
      ]);
    });
  });

  describe('the deactivated phone’s last sync', () => {
    it('applies what the phone saved offline exactly once, pulls nothing, and tells it to sign out', async () => {
      const created = await createAccount('coach');
      const coachId = created.user.id;
      const token = await s.login(created.user.username, created.temporaryPassword);
      const phone = device();
      const businessId = randomUUID();
      const visitId = randomUUID();
      const first = await push(token, phone.clientId, [
        phone.mutation('businesses', businessId, newBusiness(coachId)),
      ]);
      expect(first.status).toBe(200);
      const { cursor } = (await first.json()) as { cursor: string };

      // Offline, the coach saves a visit and an edit the server will refuse; meanwhile the account is closed.
      const saved = [
        phone.mutation('visits', visitId, newVisit(businessId, coachId, { notes: 'Catatan terakhir.' })),
        phone.mutation('businesses', s.fixture.businessOfOtherCoachA, { name: 'Bukan usahanya' }),
      ];
      await action(coachId, 'deactivate');
      // Something changes on the server that this coach would otherwise pull.
      await push(await s.login('coach-a'), randomUUID(), []);

      for (let attempt = 0; attempt < 2; attempt++) {
        // The second time is the same batch again (an answer lost on the way): applied once only.
        const res = await push(token, phone.clientId, saved, cursor);
        expect(res.status, await res.clone().text()).toBe(200);
        const answer = (await res.json()) as {
          signOut?: boolean;
          lastMutationId: number;
          rejected: Array<{ mutationId: number; reason: string }>;
          hasMore: boolean;
          cursor: string;
          changes: Record<string, unknown[]>;
        };
        expect(answer.signOut).toBe(true);
        expect(answer.lastMutationId).toBe(3);
        expect(answer.rejected.map((r) => r.mutationId)).toEqual([3]);
        expect(answer.hasMore).toBe(false);
        expect(answer.cursor).toBe(cursor);
        expect(Object.values(answer.changes).flat()).toEqual([]);
      }
      const stored = await s.database.db.select().from(visits).where(eq(visits.id, visitId));
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ coachId, notes: 'Catatan terakhir.' });
      const [client] = await s.database.db
        .select()
        .from(syncClients)
        .where(eq(syncClients.clientId, phone.clientId));
      expect(client?.lastMutationId).toBe(3);
      const [other] = await s.database.db
        .select()
        .from(businesses)
        .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
      expect(other?.name).toBe('Sasirangan Intan');

      // The closed session may hand over, and nothing else.
      expect((await s.json(`/api/blobs/${'ab'.repeat(32)}`, { method: 'HEAD', token })).status).toBe(404);
      expect((await s.json('/api/sync/changes', { token })).status).toBe(401);
      expect((await s.json(`/api/blobs/${'ab'.repeat(32)}`, { token })).status).toBe(401);
    });

    it('ends the hand-over when the session would have expired, or the account changed again', async () => {
      const created = await createAccount('coach');
      const expiring = await s.login(created.user.username, created.temporaryPassword);
      const resetLater = await s.login(created.user.username, created.temporaryPassword);
      await action(created.user.id, 'deactivate');
      expect((await push(resetLater, randomUUID(), [])).status).toBe(200);

      // The session reaches the end of its life (days pass without the phone coming back).
      await s.database.db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.tokenHash, hashToken(expiring)));
      const expired = await push(expiring, randomUUID(), []);
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as ErrorBody).error.code).toBe('unauthenticated');

      // A password reset on the inactive account ends the grace of the sessions closed before.
      await action(created.user.id, 'password');
      expect((await push(resetLater, randomUUID(), [])).status).toBe(401);
    });
  });
});
