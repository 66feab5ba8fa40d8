import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { useSession } from '@/client/features/auth/use-session';
import { InvitePage } from '@/client/features/owner/invite-page';
import type { InvitePreview } from '@/shared/domain/owner';
import { jsonResponse, makeSession, resetClientState } from '../../render-app';

const CODE = 'ABCD2345EFGH6789';
const fetchMock = vi.fn<typeof fetch>();

const preview = (overrides: Partial<InvitePreview> = {}): InvitePreview => ({
  businessName: 'Kue Renyah Bu Siti',
  ownerName: 'Siti Rahmah',
  phoneHint: '+62 812-****-789',
  accountExists: false,
  expiresAt: '2026-04-03T02:00:00.000Z',
  ...overrides,
});

function ownerLogin() {
  const session = makeSession('owner');
  return {
    token: 'owner-token-1',
    expiresAt: '2026-04-20T00:00:00.000Z',
    user: { ...session.user, username: 'pemilik.siti', businessId: '01900000-0000-7000-8000-0000000000d1' },
  };
}

/** The body of the last call to `path`. */
function sentTo(path: string): unknown {
  const call = fetchMock.mock.calls.filter(([url]) => String(url) === path).at(-1);
  return call ? JSON.parse(String(call[1]?.body)) : undefined;
}

/** How the app mounts the page: the auth feature's signIn handed down. */
function InviteRoute() {
  const { signIn } = useSession();
  return <InvitePage signIn={signIn} />;
}

function renderInvite(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/undangan" element={<InviteRoute />} />
          <Route path="/pemilik" element={<p>Beranda pemilik</p>} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

beforeEach(async () => {
  await resetClientState();
  fetchMock.mockReset();
  fetchMock.mockImplementation(async () => jsonResponse(404, { error: { code: 'notFound', message: '' } }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('invite page (/undangan)', () => {
  it('explains an unknown code, including the invite made offline', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse(404, { error: { code: 'invite_unknown', message: 'Undangan tidak ditemukan.' } }),
    );
    renderInvite(`/undangan#kode=${CODE}`);
    expect(
      await screen.findByText(
        'Kode tidak dikenal. Jika pendamping membuat undangan saat tidak ada sinyal, undangan baru aktif setelah ponselnya tersinkron.',
      ),
    ).toBeInTheDocument();
    expect(sentTo('/api/invites/preview')).toEqual({ code: CODE });
    expect(screen.getByRole('button', { name: 'Pakai kode lain' })).toBeInTheDocument();
  });

  it('explains an expired and a used invite', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse(410, { error: { code: 'invite_expired', message: 'Kedaluwarsa.' } }),
    );
    const { unmount } = renderInvite(`/undangan#kode=${CODE}`);
    expect(
      await screen.findByText('Undangan ini sudah kedaluwarsa. Minta pendamping membuat undangan baru.'),
    ).toBeInTheDocument();
    unmount();

    fetchMock.mockImplementation(async () =>
      jsonResponse(410, { error: { code: 'invite_used', message: 'Sudah dipakai.' } }),
    );
    renderInvite(`/undangan#kode=${CODE}`);
    expect(await screen.findByText(/Undangan ini sudah dipakai\./)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ke halaman masuk' })).toBeInTheDocument();
  });

  it('needs the internet, and says so without asking the server', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    renderInvite(`/undangan#kode=${CODE}`);
    expect(await screen.findByText('Butuh koneksi internet untuk mengaktifkan akun.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/invites'))).toBe(false);
    expect(screen.getByRole('button', { name: 'Coba lagi' })).toBeInTheDocument();
  });

  it('activates with a PIN, stores the session the way sign-in does, and opens the owner home', async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/invites/preview') return jsonResponse(200, preview());
      if (url === '/api/invites/accept') return jsonResponse(200, ownerLogin());
      return jsonResponse(503, {});
    });
    const user = userEvent.setup();
    renderInvite(`/undangan#kode=${CODE}`);

    expect(
      await screen.findByText('Undangan untuk Siti Rahmah, pemilik Kue Renyah Bu Siti.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Anda akan masuk dengan nomor +62 812-****-789.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Nomor HP Anda')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Kata sandi atau PIN'), '12345');
    await user.type(screen.getByLabelText('Ulangi kata sandi atau PIN'), '12345');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));
    expect(
      await screen.findByText('Pakai PIN 6 angka atau kata sandi minimal 8 karakter (tidak hanya angka).'),
    ).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Kata sandi atau PIN'));
    await user.type(screen.getByLabelText('Kata sandi atau PIN'), '246810');
    await user.clear(screen.getByLabelText('Ulangi kata sandi atau PIN'));
    await user.type(screen.getByLabelText('Ulangi kata sandi atau PIN'), '246811');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));
    expect(await screen.findByText('Tidak sama dengan yang pertama.')).toBeInTheDocument();
    expect(sentTo('/api/invites/accept')).toBeUndefined();

    await user.clear(screen.getByLabelText('Ulangi kata sandi atau PIN'));
    await user.type(screen.getByLabelText('Ulangi kata sandi atau PIN'), '246810');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));

    expect(await screen.findByText('Beranda pemilik')).toBeInTheDocument();
    expect(sentTo('/api/invites/accept')).toEqual({ code: CODE, secret: '246810' });
    const stored = await loadSession(localDb);
    expect(stored).toMatchObject({
      token: 'owner-token-1',
      user: { role: 'owner', username: 'pemilik.siti' },
    });
  });

  it('asks for the mobile number when the business has none, and sends it normalised', async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/invites/preview')
        return jsonResponse(200, preview({ phoneHint: null, accountExists: true }));
      if (url === '/api/invites/accept') return jsonResponse(200, ownerLogin());
      return jsonResponse(503, {});
    });
    const user = userEvent.setup();
    renderInvite(`/undangan#kode=${CODE}`);

    expect(
      await screen.findByText(
        'Anda sudah punya akun. Kata sandi atau PIN baru di bawah akan menggantikan yang lama.',
      ),
    ).toBeInTheDocument();
    const phone = screen.getByLabelText('Nomor HP Anda');
    await user.type(phone, '1234');
    await user.type(screen.getByLabelText('Kata sandi atau PIN'), 'kuerenyah2026');
    await user.type(screen.getByLabelText('Ulangi kata sandi atau PIN'), 'kuerenyah2026');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));
    expect(
      await screen.findByText('Nomor telepon Indonesia tidak sah (contoh: 0812-3456-7890).'),
    ).toBeInTheDocument();

    await user.clear(phone);
    await user.type(phone, '0812-1111-2222');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));
    expect(await screen.findByText('Beranda pemilik')).toBeInTheDocument();
    expect(sentTo('/api/invites/accept')).toEqual({
      code: CODE,
      secret: 'kuerenyah2026',
      phone: '+6281211112222',
    });
  });

  it('takes a typed code, forgiving dashes, lower case and look-alike letters', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, preview()));
    const user = userEvent.setup();
    renderInvite('/undangan');

    const input = await screen.findByLabelText('Kode undangan');
    await user.type(input, 'abcd-2345');
    await user.click(screen.getByRole('button', { name: 'Periksa kode' }));
    expect(
      await screen.findByText('Kode harus 16 huruf dan angka. Periksa lagi pesan dari pendamping.'),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalledWith('/api/invites/preview', expect.anything());

    await user.clear(input);
    await user.type(input, 'abcd-2345-efgh-6lo9');
    await user.click(screen.getByRole('button', { name: 'Periksa kode' }));
    expect(
      await screen.findByText('Undangan untuk Siti Rahmah, pemilik Kue Renyah Bu Siti.'),
    ).toBeInTheDocument();
    expect(sentTo('/api/invites/preview')).toEqual({ code: 'ABCD2345EFGH6109' });
  });

  it("shows the server's message when activation is refused, and keeps the form", async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/invites/preview') return jsonResponse(200, preview({ phoneHint: null }));
      return jsonResponse(409, {
        error: {
          code: 'phone_taken',
          message: 'Nomor ini sudah dipakai akun lain.',
          fields: [{ path: 'phone', message: 'Nomor ini sudah dipakai akun lain.' }],
        },
      });
    });
    const user = userEvent.setup();
    renderInvite(`/undangan#kode=${CODE}`);
    await user.type(await screen.findByLabelText('Nomor HP Anda'), '0812-1111-2222');
    await user.type(screen.getByLabelText('Kata sandi atau PIN'), '135790');
    await user.type(screen.getByLabelText('Ulangi kata sandi atau PIN'), '135790');
    await user.click(screen.getByRole('button', { name: 'Aktifkan akun' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nomor ini sudah dipakai akun lain.');
    await waitFor(() =>
      expect(screen.getByLabelText('Nomor HP Anda')).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(await loadSession(localDb)).toBeNull();
  });
});
