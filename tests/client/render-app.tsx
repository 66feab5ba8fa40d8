import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Providers } from '@/client/app/providers';
import { AppRoutes } from '@/client/app/router';
import { localDb } from '@/client/data/local-db';
import type { StoredSession } from '@/client/data/session-repository';

/** A fresh, empty local database and language choice for every test. */
export async function resetClientState(): Promise<void> {
  localDb.close();
  await localDb.delete();
  await localDb.open();
  localStorage.clear();
  document.documentElement.lang = '';
}

/** The real providers and routes, at a given URL (the service-worker prompt is left out: no SW in jsdom). */
export function renderApp(path = '/') {
  return render(
    <Providers>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </Providers>,
  );
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function makeSession(role: StoredSession['user']['role'] = 'coach'): StoredSession {
  return {
    token: 'token-123',
    expiresAt: '2030-01-01T00:00:00.000Z',
    user: {
      id: '01900000-0000-7000-8000-000000000001',
      name: 'Siti Rahmah',
      role,
      username: 'siti.rahmah',
      organisationId: '01900000-0000-7000-8000-0000000000aa',
      organisationName: 'Dinas Koperasi dan UMKM Kota Banjarmasin',
      businessId: null,
    },
    organisation: {
      id: '01900000-0000-7000-8000-0000000000aa',
      name: 'Dinas Koperasi dan UMKM Kota Banjarmasin',
      regionCode: '63.71',
      isDemo: false,
    },
  };
}
