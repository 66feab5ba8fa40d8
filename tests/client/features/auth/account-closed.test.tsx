/**
 * The whole app on a deactivated coach's phone, against the real server: the 401 from /api/me does
 * not sign her out while work is waiting; the background sync hands it over, and only then is she
 * signed out, with a notice saying why and which entries the server refused.
 */
import { screen, waitFor } from '@testing-library/react';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBusiness } from '@/client/data/business-repository';
import { localDb } from '@/client/data/local-db';
import { loadSession, saveSession } from '@/client/data/session-repository';
import { businesses } from '@/server/db/schema';
import { businessFieldsSchema } from '@/shared/domain/business';
import { startTestServer, type TestServer } from '../../../helpers/server';
import { makeSession, renderApp, resetClientState } from '../../render-app';

let s: TestServer;

beforeEach(async () => {
  s = await startTestServer('embedded');
  await resetClientState();
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  await s.dispose();
});

const fields = (name: string, assignedCoachId: string | null = null) =>
  businessFieldsSchema.parse({
    name,
    ownerName: 'Rusmini',
    districtCode: '63.71.01',
    villageCode: '63.71.01.1001',
    sector: 'makanan_olahan',
    isFood: true,
    assignedCoachId,
  });

describe('a deactivated coach’s phone', () => {
  it('sends what waits, then signs out and says so, listing what the server refused', async () => {
    const session = makeSession('coach');
    const coach = { id: s.fixture.coachA, role: 'coach' as const, organisationId: s.fixture.orgA };
    await saveSession(localDb, {
      ...session,
      token: await s.login('coach-a'),
      user: { ...session.user, id: coach.id, organisationId: coach.organisationId, username: 'coach-a' },
    });
    await createBusiness(localDb, coach, fields('Amplang Bu Sari'));
    // A coach may not give a business to another coach: the server refuses this one.
    await createBusiness(localDb, coach, fields('Bingka Pak Udin', s.fixture.otherCoachA));
    const res = await s.json(`/api/users/${coach.id}/deactivate`, {
      method: 'POST',
      token: await s.login('koor-a'),
    });
    expect(res.status).toBe(200);

    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async (input, init) => {
        const path = typeof input === 'string' ? input : input.toString();
        calls.push(path);
        return s.app.request(path, init);
      }),
    );
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Masuk' }, { timeout: 10_000 })).toBeInTheDocument();
    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent('Akun Anda sudah dinonaktifkan oleh koordinator');
    expect(notice).toHaveTextContent('1 perubahan ditolak server');
    expect(notice).toHaveTextContent('Profil usaha:');

    // The session went only after /api/me refused it AND the outbox was handed over.
    expect(calls).toContain('/api/me');
    expect(calls).toContain('/api/sync');
    expect(await localDb.outbox.count()).toBe(0);
    expect(await loadSession(localDb)).toBeNull();
    const stored = await s.database.db
      .select({ name: businesses.name, coach: businesses.assignedCoachId })
      .from(businesses)
      .where(eq(businesses.name, 'Amplang Bu Sari'));
    expect(stored).toEqual([{ name: 'Amplang Bu Sari', coach: coach.id }]);
    // The phone keeps its own rows after signing out (nothing saved is deleted).
    await waitFor(async () => expect(await localDb.businesses.count()).toBe(2));
  });
});
