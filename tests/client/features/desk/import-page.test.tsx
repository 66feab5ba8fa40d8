/**
 * The import page against the real server (embedded database; `app.request` stands in for the
 * network): a register with Excel's quirks goes from file to businesses, the coordinator deciding
 * on the rows with errors and the likely duplicate; a file without headers says what is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { and, eq } from 'drizzle-orm';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { ImportPage } from '@/client/features/desk/import-page';
import { businesses } from '@/server/db/schema';
import { FIXTURE_DIR } from '../../../fixtures/import/make-fixtures';
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
        <ImportPage transport="fetch" />
      </MemoryRouter>
    </Providers>,
  );
}

const fixtureFile = (name: string, type = 'text/csv') =>
  new File([readFileSync(join(FIXTURE_DIR, name))], name, { type });

async function uploadFile(user: ReturnType<typeof userEvent.setup>, file: File) {
  await user.upload(await screen.findByLabelText(/Pilih berkas/), file);
  await user.click(screen.getByRole('button', { name: 'Unggah dan baca' }));
}

it('imports a Windows-1252 register: mapping, problems, decisions, commit and the report', async () => {
  const user = userEvent.setup();
  renderPage();
  await uploadFile(user, fixtureFile('umkm-1252-semicolon.csv'));

  // What was read, and the guessed mapping.
  expect(await screen.findByText('CSV, windows-1252, pemisah titik koma')).toBeInTheDocument();
  expect(screen.getByText('2 baris judul, 2 baris kosong, 1 baris jumlah')).toBeInTheDocument();
  expect(screen.getByLabelText('Isian untuk kolom Nama Usaha')).toHaveValue('name');
  expect(screen.getByLabelText('Isian untuk kolom Kecamatan')).toHaveValue('districtCode');
  expect(screen.getByLabelText('Isian untuk kolom No')).toHaveValue('');
  await user.click(screen.getByRole('button', { name: 'Simpan pemetaan dan periksa baris' }));

  // Every row with its problems; nothing can be committed yet.
  expect(
    await screen.findByText(
      '8 baris: 5 siap diimpor, 0 dilewati, 2 berisi kesalahan, 1 kemungkinan ganda belum diputuskan.',
    ),
  ).toBeInTheDocument();
  expect(screen.getByText(/Nomor rusak oleh Excel \(8\.12346E\+11\)/)).toBeInTheDocument();
  expect(screen.getByText(/Dibaca sebagai Kec\. Banjarmasin Tengah/)).toBeInTheDocument();
  expect(screen.getByText(/Amplang Berkah \(nomor HP sama, nama mirip\)/)).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Impor 5 usaha' })).toBeDisabled();

  await user.click(screen.getByLabelText('Hanya baris bermasalah atau kemungkinan ganda'));
  await waitFor(() => expect(screen.queryByText('Kue “Nenek” Salmah')).toBeNull());

  await user.click(screen.getByRole('button', { name: 'Lewati semua baris yang berisi kesalahan' }));
  await user.selectOptions(await screen.findByLabelText('Keputusan untuk baris 6'), 'skip');
  expect(
    await screen.findByText(
      '8 baris: 5 siap diimpor, 3 dilewati, 0 berisi kesalahan, 0 kemungkinan ganda belum diputuskan.',
    ),
  ).toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Impor 5 usaha' }));
  const confirm = screen.getByRole('alertdialog');
  expect(within(confirm).getByText(/Impor 5 usaha ke data kota\? .* 3 baris dilewati\./)).toBeInTheDocument();
  await user.click(within(confirm).getByRole('button', { name: 'Ya, impor 5 usaha' }));

  expect(await screen.findByText('5 usaha dibuat, 3 baris dilewati.')).toBeInTheDocument();
  const created = await s.database.db
    .select({ name: businesses.name })
    .from(businesses)
    .where(
      and(eq(businesses.organisationId, s.fixture.orgA), eq(businesses.createdBy, s.fixture.coordinatorA)),
    );
  expect(created.map((row) => row.name).sort()).toEqual([
    'Keripik Tempe Sari',
    'Kue “Nenek” Salmah',
    'Sasirangan Café',
    'Toko Sembako Barokah',
    'Warung Acil Idah',
  ]);

  const saved = vi.fn();
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:report', revokeObjectURL: saved }));
  await user.click(screen.getByRole('button', { name: 'Unduh laporan (CSV)' }));
  await waitFor(() => expect(saved).toHaveBeenCalled());
}, 90_000);

it('says what is wrong with a file without headers, and keeps the page usable', async () => {
  const user = userEvent.setup();
  renderPage();
  await uploadFile(user, fixtureFile('no-header.csv'));
  expect(await screen.findByRole('alert')).toHaveTextContent(/Baris judul kolom tidak ditemukan/);
  expect(screen.getByRole('button', { name: 'Unggah dan baca' })).toBeEnabled();
});

it('says the import needs a connection when offline', async () => {
  const user = userEvent.setup();
  renderPage();
  network.online = false;
  await uploadFile(user, fixtureFile('umkm-utf8-bom.csv'));
  expect(await screen.findByRole('alert')).toHaveTextContent('Impor perlu koneksi internet');
});

it('discards an import from the mapping step', async () => {
  const user = userEvent.setup();
  renderPage();
  await uploadFile(user, fixtureFile('umkm-utf8-bom.csv'));
  await user.click(await screen.findByRole('button', { name: 'Batalkan impor ini' }));
  expect(await screen.findByText('Impor dibatalkan; baris yang diunggah sudah dihapus.')).toBeInTheDocument();
  expect(screen.getByLabelText(/Pilih berkas/)).toBeInTheDocument();
});
