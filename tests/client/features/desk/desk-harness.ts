/**
 * The coordinator's screens against the real server (embedded database): `app.request` stands in
 * for the network, which a test can switch off. The coordinator of city A is signed in on this
 * browser, with the city's kecamatan and kelurahan stored as the app keeps them.
 */
import { vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession } from '@/client/data/session-repository';
import { TEST_REGIONS } from '../../../helpers/factories';
import { startTestServer, type TestServer } from '../../../helpers/server';
import { makeSession, resetClientState } from '../../render-app';

export type DeskHarness = { s: TestServer; network: { online: boolean } };

export async function startDeskServer(): Promise<DeskHarness> {
  const s = await startTestServer('embedded');
  await resetClientState();
  await saveRegions(localDb, TEST_REGIONS);
  const session = makeSession('coordinator');
  await saveSession(localDb, {
    ...session,
    token: await s.login('koor-a'),
    user: { ...session.user, id: s.fixture.coordinatorA, organisationId: s.fixture.orgA, username: 'koor-a' },
  });
  const network = { online: true };
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async (input, init) => {
      if (!network.online) throw new TypeError('Failed to fetch');
      return s.app.request(typeof input === 'string' ? input : input.toString(), init);
    }),
  );
  return { s, network };
}
