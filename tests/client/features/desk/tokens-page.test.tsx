/**
 * The coordinator's city-API screen (issue 6) against the real server (embedded database;
 * `app.request` stands in for the network): making a token that is shown once and works, the
 * personal-data warning, revoking with a confirmation, and a token's use log.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { TokensPage } from '@/client/features/desk/tokens-page';
import { apiTokens } from '@/server/db/schema';
import { makeApiToken } from '../../../helpers/city-api';
import { type TestServer } from '../../../helpers/server';
import { startDeskServer } from './desk-harness';

let s: TestServer;

beforeEach(async () => {
  ({ s } = await startDeskServer());
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  await s.dispose();
});

function renderPage() {
  return render(
    <Providers language="id">
      <MemoryRouter>
        <TokensPage />
      </MemoryRouter>
    </Providers>,
  );
}

async function card(name: string) {
  const heading = await screen.findByRole('heading', { level: 3, name });
  const item = heading.closest('li');
  if (!item) throw new Error(`no card for ${name}`);
  return within(item);
}

const callApi = (path: string, token: string) =>
  s.app.request(path, { headers: { authorization: `Bearer ${token}` } });

describe('making a token', () => {
  it('shows the token once with a copy button; it reads the city API and only its hash is stored', async () => {
    const user = userEvent.setup();
    renderPage();
    await screen.findByText(/Belum ada token/);
    await user.type(screen.getByLabelText('Nama sistem pemakai'), 'Dasbor Wali Kota');
    await user.click(screen.getByRole('checkbox', { name: /^Usaha/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Statistik/ }));
    await user.click(screen.getByRole('button', { name: 'Buat token' }));

    const panel = within(await screen.findByRole('region', { name: 'Token untuk Dasbor Wali Kota' }));
    const token = panel.getByText(/^bnn_/).textContent ?? '';
    expect(token).toMatch(/^bnn_[A-Za-z0-9_-]{43}$/);
    await user.click(panel.getByRole('button', { name: 'Salin token' }));
    expect(await navigator.clipboard.readText()).toBe(token);

    const created = await card('Dasbor Wali Kota');
    expect(created.getByText('Usaha')).toBeInTheDocument();
    expect(created.getByText('Statistik')).toBeInTheDocument();
    expect(created.getByText('Tanpa data pribadi')).toBeInTheDocument();
    expect(created.getByText(`bnn_${token.slice(4, 12)}…`)).toBeInTheDocument();

    await user.click(panel.getByRole('button', { name: 'Sudah saya simpan, tutup' }));
    expect(screen.queryByText(token)).toBeNull();

    expect((await callApi('/api/v1/statistics', token)).status).toBe(200);
    expect((await callApi('/api/v1/visits', token)).status).toBe(403);
    const [row] = await s.database.db.select().from(apiTokens).where(eq(apiTokens.name, 'Dasbor Wali Kota'));
    expect(row?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('warns about UU 27/2022 when personal data is included, and marks the token', async () => {
    const user = userEvent.setup();
    renderPage();
    await screen.findByText(/Belum ada token/);
    const personal = screen.getByRole('checkbox', { name: /Sertakan data pribadi/ });
    const warning = screen.getByText(/UU 27\/2022/);
    expect(warning).not.toHaveClass('warning');
    await user.click(personal);
    expect(warning).toHaveClass('warning');
    expect(personal).toHaveAccessibleDescription(/UU 27\/2022/);
    await user.type(screen.getByLabelText('Nama sistem pemakai'), 'Perizinan');
    await user.click(screen.getByRole('checkbox', { name: /^Usaha/ }));
    await user.click(screen.getByRole('button', { name: 'Buat token' }));
    const created = await card('Perizinan');
    expect(created.getByText('Data pribadi')).toBeInTheDocument();
  });

  it('asks for a name and at least one kind of data before sending anything', async () => {
    const user = userEvent.setup();
    renderPage();
    await screen.findByText(/Belum ada token/);
    const calls = vi.mocked(fetch).mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Buat token' }));
    expect(await screen.findByText('Pilih paling sedikit satu data yang boleh dibaca.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nama sistem pemakai')).toHaveAttribute('aria-invalid', 'true');
    expect(vi.mocked(fetch).mock.calls.length).toBe(calls);
  });
});

describe('a token in the list', () => {
  it('is revoked after a confirmation, and stops working at once', async () => {
    const user = userEvent.setup();
    const koor = await s.login('koor-a');
    const made = await makeApiToken(s, koor, { name: 'Bappeda', scopes: ['statistics'] });
    renderPage();
    const item = await card('Bappeda');
    expect(item.getByText('Aktif')).toBeInTheDocument();
    await user.click(item.getByRole('button', { name: 'Cabut token' }));
    const confirm = within(item.getByRole('group', { name: 'Cabut token' }));
    expect(confirm.getByText(/tidak bisa membaca data lagi/)).toBeInTheDocument();
    await user.click(confirm.getByRole('button', { name: 'Ya, cabut token' }));
    await waitFor(() => expect(item.getByText('Dicabut')).toBeInTheDocument());
    expect(screen.getByText('Token Bappeda dicabut.')).toBeInTheDocument();
    expect(item.queryByRole('button', { name: 'Cabut token' })).toBeNull();
    expect((await callApi('/api/v1/statistics', made.token)).status).toBe(401);
  });

  it('keeps the token when the confirmation is cancelled', async () => {
    const user = userEvent.setup();
    const koor = await s.login('koor-a');
    const made = await makeApiToken(s, koor, { name: 'Diskominfo', scopes: ['statistics'] });
    renderPage();
    const item = await card('Diskominfo');
    await user.click(item.getByRole('button', { name: 'Cabut token' }));
    await user.click(item.getByRole('button', { name: 'Batal' }));
    expect(item.getByText('Aktif')).toBeInTheDocument();
    expect((await callApi('/api/v1/statistics', made.token)).status).toBe(200);
  });

  it('shows its latest uses, refused ones included', async () => {
    const user = userEvent.setup();
    const koor = await s.login('koor-a');
    const made = await makeApiToken(s, koor, { name: 'Dinas Koperasi Provinsi', scopes: ['statistics'] });
    await callApi('/api/v1/statistics?district_code=63.71.01', made.token);
    await callApi('/api/v1/businesses', made.token);
    renderPage();
    const item = await card('Dinas Koperasi Provinsi');
    expect(item.getByText('2 permintaan')).toBeInTheDocument();
    await user.click(item.getByRole('button', { name: 'Lihat pemakaian' }));
    const table = within(await item.findByRole('table', { name: /Permintaan terakhir/ }));
    const rows = table.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByText('GET /api/v1/businesses')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('403')).toBeInTheDocument();
    expect(
      within(rows[1] as HTMLElement).getByText('GET /api/v1/statistics?district_code=63.71.01'),
    ).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('200')).toBeInTheDocument();
  });
});
