/**
 * Sessions end the moment they are revoked, and secrets never reach the logs. The logs are read
 * by whoever runs the server (and whatever collects stdout), which is not who may know a coach's
 * password, a session token, an owner's invite code or a city-API token.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drawInviteCode } from '@/shared/domain/owner';
import { accountCreatedSchema, passwordResetSchema } from '@/shared/domain/people';
import { makeApiToken } from '../../helpers/city-api';
import { phoneSync } from '../../helpers/phone-sync';
import { BACKENDS, startTestServer, TEST_PASSWORD, type TestServer } from '../../helpers/server';
import { device } from '../../helpers/sync-fixtures';

type ErrorBody = { error: { code: string } };

describe.each(BACKENDS)('a revoked session on %s', (backend) => {
  let s: TestServer;
  let koorA: string;
  beforeEach(async () => {
    s = await startTestServer(backend);
    koorA = await s.login('koor-a');
  });
  afterEach(async () => {
    await s.dispose();
  });

  async function refused(token: string, code: string) {
    const res = await s.json('/api/businesses', { token });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe(code);
  }
  const allowed = async (token: string) =>
    expect((await s.json('/api/businesses', { token })).status).toBe(200);

  it('is refused on the very next request after signing out; the same account’s other session is not', async () => {
    const phone = await s.login('coach-a');
    const laptop = await s.login('coach-a');
    await allowed(phone);
    expect((await s.json('/api/auth/logout', { method: 'POST', token: phone })).status).toBe(204);
    await refused(phone, 'unauthenticated');
    await allowed(laptop);
  });

  it('is refused on the very next request after a coordinator resets the password, on every device', async () => {
    const phone = await s.login('coach-a');
    const laptop = await s.login('coach-a');
    await allowed(phone);
    const res = await s.json(`/api/users/${s.fixture.coachA}/password`, { method: 'POST', token: koorA });
    expect(res.status).toBe(200);
    expect(passwordResetSchema.parse(await res.json()).revokedSessions).toBe(2);
    await refused(phone, 'unauthenticated');
    await refused(laptop, 'unauthenticated');
    await allowed(koorA);
  });

  it('is refused on the very next request after a coordinator deactivates the account', async () => {
    const phone = await s.login('coach-a');
    await allowed(phone);
    const res = await s.json(`/api/users/${s.fixture.coachA}/deactivate`, { method: 'POST', token: koorA });
    expect(res.status).toBe(200);
    await refused(phone, 'account_inactive');
    const again = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'coach-a', password: TEST_PASSWORD },
    });
    expect(again.status).toBe(401);
  });
});

describe('secrets in the logs', () => {
  let s: TestServer;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    s = await startTestServer('embedded', { logger });
  });
  afterEach(async () => {
    await s.dispose();
  });

  it('never hold a password, a session or API token, an invite code or a temporary password', async () => {
    const secrets: string[] = [TEST_PASSWORD];
    const login = (username: string, password: string) =>
      s.json('/api/auth/login', { method: 'POST', body: { username, password } });

    // Signing in wrongly (also with the password typed into the name box) and rightly.
    expect((await login('coach-a', 'salah-kata-sandi-1')).status).toBe(401);
    secrets.push('salah-kata-sandi-1');
    expect((await login(TEST_PASSWORD, TEST_PASSWORD)).status).toBe(401);
    const coach = await s.login('coach-a');
    const koor = await s.login('koor-a');
    secrets.push(coach, koor);

    // An owner activates the invite a coach's phone made (only the code's hash is synced).
    const code = drawInviteCode((n) => new Uint8Array(n).map((_, i) => (i * 37 + 11) % 256));
    const phone = device();
    await phoneSync(() => s)(coach, phone, [
      phone.mutation('businesses', s.fixture.businessOfCoachA, {
        ownerInvite: {
          codeHash: createHash('sha256').update(code).digest('hex'),
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          createdBy: s.fixture.coachA,
          usedAt: null,
        },
      }),
    ]);
    const accepted = await s.json('/api/invites/accept', {
      method: 'POST',
      body: { code, secret: 'rahasia-pemilik-77' },
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const owner = ((await accepted.json()) as { token: string }).token;
    secrets.push(code, 'rahasia-pemilik-77', owner);
    expect((await s.json('/api/me', { token: owner })).status).toBe(200);

    // A coordinator makes an account, resets its password; a city-API token is made and used.
    const created = await s.json('/api/users', {
      method: 'POST',
      token: koor,
      body: { username: 'rahmawati', name: 'Rahmawati', role: 'coach', phone: '0812-1111-2222' },
    });
    expect(created.status).toBe(201);
    const account = accountCreatedSchema.parse(await created.json());
    const reset = await s.json(`/api/users/${account.user.id}/password`, { method: 'POST', token: koor });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = passwordResetSchema.parse(await reset.json());
    secrets.push(account.temporaryPassword, temporaryPassword);
    expect((await login('rahmawati', temporaryPassword)).status).toBe(200);
    const apiToken = await makeApiToken(s, koor, { personalData: true });
    secrets.push(apiToken.token);
    expect((await s.json('/api/v1/businesses', { token: apiToken.token })).status).toBe(200);
    expect((await s.json('/api/v1/businesses', { token: `${apiToken.token.slice(0, -1)}x` })).status).toBe(
      401,
    );
    expect((await s.json('/api/auth/logout', { method: 'POST', token: coach })).status).toBe(204);

    const text = lines.join('');
    // The capture is real: it holds the requests and the failed sign-ins.
    expect(text).toContain('"path":"/api/invites/accept"');
    expect(text).toContain('"path":"/api/v1/businesses"');
    expect(text.match(/"event":"login_failed"/g)?.length).toBe(2);
    expect(text).toContain('"username":"coach-a"');
    for (const secret of secrets)
      expect(text, `a secret of ${secret.length} characters`).not.toContain(secret);
    expect(text).not.toContain(apiToken.token.slice(4, 20));
  });
});
