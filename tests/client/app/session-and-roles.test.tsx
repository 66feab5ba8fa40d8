import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { loadSession, saveSession } from '@/client/data/session-repository';
import { jsonResponse, makeSession, renderApp, resetClientState } from '../render-app';

beforeEach(async () => {
  await resetClientState();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('stored session (offline-first)', () => {
  it('opens the shell from the stored session when the server cannot be reached, and stays signed in', async () => {
    await saveSession(localDb, makeSession('coach'));
    const fetchMock = vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/usaha');

    expect(await screen.findByRole('heading', { level: 1, name: 'Usaha' })).toBeInTheDocument();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(await loadSession(localDb)).not.toBeNull();
    expect(screen.getByRole('navigation', { name: 'Menu utama' })).toBeInTheDocument();
  });

  it('signs out when the server answers 401 to /api/me', async () => {
    await saveSession(localDb, makeSession('coach'));
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async (input) =>
        String(input).includes('/api/me')
          ? jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sesi Anda sudah berakhir.' } })
          : jsonResponse(404, {}),
      ),
    );
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
    expect(await loadSession(localDb)).toBeNull();
  });

  it('shows the sync area with the pending count', async () => {
    await saveSession(localDb, makeSession('coach'));
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
    );
    renderApp('/');
    const area = await screen.findByRole('status', { name: 'Status sinkronisasi' });
    expect(area).toHaveTextContent('Daring Semua perubahan sudah terkirim');
  });

  it('the sync area follows the offline/online events and the outbox count', async () => {
    await saveSession(localDb, makeSession('coach'));
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
    );
    const onLine = vi.spyOn(navigator, 'onLine', 'get');
    renderApp('/');
    const area = await screen.findByRole('status', { name: 'Status sinkronisasi' });

    onLine.mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    await waitFor(() => expect(area).toHaveTextContent('Luring — data tersimpan di ponsel'));

    await localDb.outbox.add({
      mutationId: 1,
      table: 'visits',
      rowId: '01900000-0000-7000-8000-000000000009',
      op: 'upsert',
      fields: {},
      clocks: {},
      schemaVersion: 1,
      createdAt: new Date().toISOString(),
    });
    // useLiveQuery re-runs on the outbox change; give a loaded CI machine a little room.
    await waitFor(() => expect(area).toHaveTextContent('1 perubahan belum terkirim'), { timeout: 5000 });
    onLine.mockRestore();
  });
});

describe('role-guarded routes', () => {
  it('a coach cannot open a coordinator page', async () => {
    await saveSession(localDb, makeSession('coach'));
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
    );
    renderApp('/koordinator/dasbor');
    expect(
      await screen.findByRole('heading', { name: 'Anda tidak berhak mengakses halaman ini.' }),
    ).toBeInTheDocument();
  });

  it('a coordinator sees their own menu and dashboard placeholder', async () => {
    await saveSession(localDb, makeSession('coordinator'));
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
    );
    renderApp('/koordinator/dasbor');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dasbor' })).toBeInTheDocument();
    const menu = screen.getByRole('navigation', { name: 'Menu utama' });
    for (const label of ['Tinjauan', 'Usaha', 'Penugasan', 'Dasbor', 'Pengguna', 'Pengaturan']) {
      expect(menu).toHaveTextContent(label);
    }
  });
});
