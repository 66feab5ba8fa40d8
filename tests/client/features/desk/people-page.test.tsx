/**
 * The coordinator's People screen against the real server (embedded database; `app.request`
 * stands in for the network): the list, creating an account with a password shown once, taken
 * usernames, resetting a password, deactivating with its consequences spelled out, and an offline
 * coordinator who never loses what was typed.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { eq } from 'drizzle-orm';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { PeoplePage } from '@/client/features/desk/people-page';
import { auditLog, users } from '@/server/db/schema';
import { type TestServer } from '../../../helpers/server';
import { startDeskServer, type DeskHarness } from './desk-harness';

let s: TestServer;
let network: DeskHarness['network'];

beforeEach(async () => {
  ({ s, network } = await startDeskServer());
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  localStorage.clear();
  await s.dispose();
});

function renderPage() {
  return render(
    <Providers language="id">
      <MemoryRouter>
        <PeoplePage />
      </MemoryRouter>
    </Providers>,
  );
}

/** The list item of one account, found by its name as a person would. */
async function card(name: string) {
  const heading = await screen.findByRole('heading', { level: 3, name });
  const item = heading.closest('li');
  if (!item) throw new Error(`no card for ${name}`);
  return within(item);
}

const stored = async (username: string) =>
  (await s.database.db.select().from(users).where(eq(users.username, username)))[0];

describe('the list of accounts', () => {
  it('shows each account’s role, state, phone, last sign-in and a coach’s caseload; no actions on one’s own', async () => {
    renderPage();
    const coach = await card('Coach A');
    expect(coach.getByText('Pendamping')).toBeInTheDocument();
    expect(coach.getByText('Aktif')).toBeInTheDocument();
    expect(coach.getByText('1 usaha')).toBeInTheDocument();
    expect(coach.getByText('Belum pernah masuk')).toBeInTheDocument();
    expect(coach.getByRole('button', { name: 'Nonaktifkan' })).toBeInTheDocument();

    const me = await card('Koor A');
    expect(me.getByText('Akun Anda')).toBeInTheDocument();
    expect(me.queryByRole('button')).toBeNull();
    // koor-a signed in for this test: the last sign-in is today, written the Indonesian way.
    const today = new Intl.DateTimeFormat('id-ID', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(new Date());
    expect(me.getByText(new RegExp(today))).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: 'Koor B' })).toBeNull();
  });
});

describe('creating an account', () => {
  it('creates a coach and shows the temporary password once, with a copy button; it signs in', async () => {
    const user = userEvent.setup();
    renderPage();
    await card('Coach A');
    await user.type(screen.getByLabelText('Nama lengkap'), 'Rahmawati Syarif');
    await user.type(screen.getByLabelText('Nama pengguna'), 'Rahma.Syarif');
    await user.type(screen.getByLabelText('Telepon/WhatsApp (boleh kosong)'), '0812 5111 2233');
    await user.click(screen.getByRole('button', { name: 'Buat akun' }));

    const panel = within(
      await screen.findByRole('region', { name: 'Kata sandi sementara untuk rahma.syarif' }),
    );
    const password = panel.getByText(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/).textContent ?? '';
    expect(panel.getByText(/Hanya ditampilkan sekali/)).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: 'Salin kata sandi' }));
    expect(await panel.findByText('Tersalin.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(password);

    expect(await stored('rahma.syarif')).toMatchObject({
      role: 'coach',
      phone: '+6281251112233',
      active: true,
    });
    await s.login('rahma.syarif', password);
    expect(await card('Rahmawati Syarif')).toBeTruthy();
    // The form is empty again and nothing is kept as a draft.
    expect(screen.getByLabelText('Nama lengkap')).toHaveValue('');
    expect(localStorage.getItem('binaan.desk.peopleDraft')).toBeNull();

    await user.click(panel.getByRole('button', { name: 'Sudah saya catat, tutup' }));
    expect(screen.queryByText(password)).toBeNull();
  });

  it('says what is wrong before sending, and puts a taken username under its field', async () => {
    const user = userEvent.setup();
    renderPage();
    await card('Coach A');
    await user.click(screen.getByRole('button', { name: 'Buat akun' }));
    expect(await screen.findAllByText('Wajib diisi.')).toHaveLength(1);
    expect(screen.getByText(/Nama pengguna 3–40 karakter/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Nama lengkap'), 'Coach Kedua');
    await user.type(screen.getByLabelText('Nama pengguna'), 'coach-a');
    await user.selectOptions(screen.getByLabelText('Peran'), 'Koordinator');
    await user.click(screen.getByRole('button', { name: 'Buat akun' }));
    expect(await screen.findByText('Nama pengguna ini sudah dipakai. Pilih nama lain.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nama pengguna')).toHaveAttribute('aria-invalid', 'true');
    expect(await s.database.db.select().from(users).where(eq(users.name, 'Coach Kedua'))).toEqual([]);
  });

  it('offline: says the page needs a connection and keeps what was typed, even after closing the page', async () => {
    const user = userEvent.setup();
    const first = renderPage();
    await card('Coach A');
    network.online = false;
    await user.type(screen.getByLabelText('Nama lengkap'), 'Siti Nurhaliza');
    await user.type(screen.getByLabelText('Nama pengguna'), 'siti.n');
    await user.click(screen.getByRole('button', { name: 'Buat akun' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Tidak ada koneksi ke server. Isian tetap tersimpan di perangkat ini',
    );
    first.unmount();

    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    renderPage();
    expect(await screen.findByText(/Halaman ini perlu koneksi internet/)).toBeInTheDocument();
    expect(
      await screen.findByText('Daftar pengguna perlu koneksi internet. Periksa koneksi lalu coba lagi.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Isian yang belum terkirim dipulihkan.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nama lengkap')).toHaveValue('Siti Nurhaliza');
    expect(screen.getByLabelText('Nama pengguna')).toHaveValue('siti.n');

    network.online = true;
    onLine.mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Coba lagi' }));
    await card('Coach A');
    await user.click(screen.getByRole('button', { name: 'Buat akun' }));
    expect(
      await screen.findByRole('region', { name: 'Kata sandi sementara untuk siti.n' }),
    ).toBeInTheDocument();
    expect(await stored('siti.n')).toMatchObject({ name: 'Siti Nurhaliza' });
  });
});

describe('changing an account', () => {
  it('deactivating a coach first says what it means, then reports the businesses left to reassign', async () => {
    const user = userEvent.setup();
    const coachToken = await s.login('coach-a');
    renderPage();
    const coach = await card('Coach A');
    await user.click(coach.getByRole('button', { name: 'Nonaktifkan' }));
    const question = coach.getByRole('group', { name: 'Nonaktifkan' });
    expect(question).toHaveTextContent('Coach A tidak bisa masuk lagi dan semua sesinya langsung berakhir');
    expect(question).toHaveTextContent('tetap diterima server pada sinkronisasi terakhir');
    expect(question).toHaveTextContent('1 usaha masih ditugaskan kepadanya');

    await user.click(coach.getByRole('button', { name: 'Batal' }));
    expect((await stored('coach-a'))?.active).toBe(true);

    await user.click(coach.getByRole('button', { name: 'Nonaktifkan' }));
    await user.click(coach.getByRole('button', { name: 'Ya, nonaktifkan' }));
    const notice = await screen.findByText('Akun Coach A dinonaktifkan.');
    expect(notice.parentElement).toHaveTextContent('1 usaha masih ditugaskan kepada Coach A');
    expect(await coach.findByText('Nonaktif')).toBeInTheDocument();
    expect(coach.getByRole('button', { name: 'Aktifkan kembali' })).toBeInTheDocument();
    expect((await stored('coach-a'))?.active).toBe(false);
    expect((await s.json('/api/me', { token: coachToken })).status).toBe(401);

    await user.click(coach.getByRole('button', { name: 'Aktifkan kembali' }));
    expect(coach.getByRole('group', { name: 'Aktifkan kembali' })).toHaveTextContent('bisa masuk lagi');
    await user.click(coach.getByRole('button', { name: 'Ya, aktifkan' }));
    expect(await screen.findByText('Akun Coach A aktif kembali.')).toBeInTheDocument();
    expect((await stored('coach-a'))?.active).toBe(true);
    const actions = await s.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, s.fixture.coachA));
    expect(actions.map((entry) => entry.action)).toEqual(['user.deactivate', 'user.activate']);
  });

  it('resetting a password signs the person out and shows the new one once', async () => {
    const user = userEvent.setup();
    const oldToken = await s.login('coach-a2');
    renderPage();
    const coach = await card('Coach A2');
    await user.click(coach.getByRole('button', { name: 'Atur ulang kata sandi' }));
    expect(coach.getByRole('group', { name: 'Atur ulang kata sandi' })).toHaveTextContent(
      'dikeluarkan dari semua perangkat',
    );
    await user.click(coach.getByRole('button', { name: 'Ya, buat kata sandi baru' }));
    const panel = within(await screen.findByRole('region', { name: 'Kata sandi sementara untuk coach-a2' }));
    const password = panel.getByText(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/).textContent ?? '';
    expect((await s.json('/api/me', { token: oldToken })).status).toBe(401);
    await s.login('coach-a2', password);
  });

  it('offline, an action changes nothing and says so', async () => {
    const user = userEvent.setup();
    renderPage();
    const coach = await card('Coach A');
    network.online = false;
    await user.click(coach.getByRole('button', { name: 'Nonaktifkan' }));
    await user.click(coach.getByRole('button', { name: 'Ya, nonaktifkan' }));
    expect(await coach.findByRole('alert')).toHaveTextContent(
      'Tidak ada koneksi ke server. Tidak ada yang berubah',
    );
    await waitFor(async () => expect((await stored('coach-a'))?.active).toBe(true));
  });
});
