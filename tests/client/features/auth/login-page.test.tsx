import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { jsonResponse, renderApp, resetClientState } from '../../render-app';

// The server does not run in component tests: fetch is the one thing stubbed.
const fetchMock = vi.fn<typeof fetch>();

beforeEach(async () => {
  await resetClientState();
  fetchMock.mockReset();
  fetchMock.mockImplementation(async () =>
    jsonResponse(404, { error: { code: 'notFound', message: 'Tidak ditemukan.' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('login page', () => {
  it('shows Indonesian "required" messages when submitted empty, without calling the server', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Masuk' }));

    expect(await screen.findAllByText('Wajib diisi.')).toHaveLength(2);
    expect(screen.getByLabelText('Nama pengguna')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Kata sandi')).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/api/auth/login'))).toBe(false);
  });

  it("shows the server's 401 message and sends the UI language", async () => {
    fetchMock.mockImplementation(async (input) => {
      if (String(input).includes('/api/auth/login')) {
        return jsonResponse(401, {
          error: { code: 'invalidCredentials', message: 'Nama pengguna atau kata sandi salah.' },
        });
      }
      return jsonResponse(404, {});
    });
    const user = userEvent.setup();
    renderApp('/');
    await user.type(await screen.findByLabelText('Nama pengguna'), 'siti.rahmah');
    await user.type(screen.getByLabelText('Kata sandi'), 'salah-sekali');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Nama pengguna atau kata sandi salah.');
    const loginCall = fetchMock.mock.calls.find(([url]) => String(url).includes('/api/auth/login'));
    const headers = new Headers(loginCall?.[1]?.headers);
    expect(headers.get('Accept-Language')).toBe('id');
    expect(await loadSession(localDb)).toBeNull();
  });

  it('signs in, stores the session and opens the coach home', async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input);
      if (url.includes('/api/auth/login')) {
        return jsonResponse(200, {
          token: 'fresh-token',
          expiresAt: '2030-01-01T00:00:00.000Z',
          user: {
            id: '01900000-0000-7000-8000-000000000001',
            name: 'Siti Rahmah',
            role: 'coach',
            username: 'siti.rahmah',
            organisationId: '01900000-0000-7000-8000-0000000000aa',
            organisationName: 'Kota Contoh',
            businessId: null,
          },
        });
      }
      return Promise.reject(new TypeError('offline'));
    });
    const user = userEvent.setup();
    renderApp('/');
    await user.type(await screen.findByLabelText('Nama pengguna'), 'Siti.Rahmah');
    await user.type(screen.getByLabelText('Kata sandi'), 'rahasia-panjang');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Hari ini' })).toBeInTheDocument();
    await waitFor(async () => expect((await loadSession(localDb))?.token).toBe('fresh-token'));
    const body = JSON.parse(
      String(fetchMock.mock.calls.find(([url]) => String(url).includes('/api/auth/login'))?.[1]?.body),
    );
    expect(body).toEqual({ username: 'siti.rahmah', password: 'rahasia-panjang' });
  });
});
