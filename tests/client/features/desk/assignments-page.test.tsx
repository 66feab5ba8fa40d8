/**
 * The coordinator's businesses and assignments page against the real server (embedded database;
 * `app.request` stands in for the network): search and filters, caseloads, assigning a selection,
 * assigning everything a filter matches (with a confirmation), the coaching status, and offline.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { eq } from 'drizzle-orm';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { AssignmentsPage } from '@/client/features/desk/assignments-page';
import { MergePage } from '@/client/features/desk/merge-page';
import { businesses } from '@/server/db/schema';
import { type TestServer } from '../../../helpers/server';
import { startDeskServer, type DeskHarness } from './desk-harness';

let s: TestServer;
let network: DeskHarness['network'];

beforeEach(async () => {
  ({ s, network } = await startDeskServer());
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  await s.dispose();
});

function renderPage(path = '/koordinator/penugasan') {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/koordinator/penugasan" element={<AssignmentsPage />} />
          <Route path="/koordinator/gabung" element={<MergePage />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

const coachOf = async (id: string) =>
  (await s.database.db.select().from(businesses).where(eq(businesses.id, id)))[0]?.assignedCoachId;

describe('businesses and assignments', () => {
  it('lists the city, searches, and shows each coach’s caseload', async () => {
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByRole('link', { name: 'Amplang Berkah' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sasirangan Intan' })).toBeInTheDocument();
    expect(screen.getByText('2 usaha cocok')).toBeInTheDocument();
    const caseloads = screen.getByRole('table');
    expect(within(caseloads).getByRole('row', { name: /Coach A2 1/ })).toBeInTheDocument();
    expect(within(caseloads).getByRole('row', { name: /Belum ada pendamping 0/ })).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: /Cari nama usaha/ }), 'sasir');
    expect(await screen.findByText('1 usaha cocok')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sasirangan Intan' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Amplang Berkah' })).toBeNull();
  });

  it('assigns the selected businesses to a coach and says when the phone gets them', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('checkbox', { name: 'Pilih Amplang Berkah' }));
    const assign = screen.getByRole('button', { name: 'Tugaskan 1 usaha terpilih' });
    // No coach chosen yet: nothing to do.
    expect(assign).toBeDisabled();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tugaskan ke' }), 'Coach A2');
    await user.click(assign);
    expect(await screen.findByText(/1 usaha dipindahkan ke Coach A2/)).toHaveTextContent(
      'sinkronisasi berikutnya',
    );
    expect(await coachOf(s.fixture.businessOfCoachA)).toBe(s.fixture.otherCoachA);
    await waitFor(() =>
      expect(within(screen.getByRole('table')).getByRole('row', { name: /Coach A2 2/ })).toBeInTheDocument(),
    );
    expect(screen.getByRole('checkbox', { name: 'Pilih Amplang Berkah' })).not.toBeChecked();
  });

  it('assigns everything a filter matches only after a confirmation', async () => {
    const user = userEvent.setup();
    renderPage('/koordinator/penugasan?kecamatan=63.71.01');
    await screen.findByRole('link', { name: 'Amplang Berkah' });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Tugaskan ke' }),
      'Lepaskan dari pendamping',
    );
    await user.click(screen.getByRole('button', { name: 'Tugaskan semua 2 usaha yang cocok' }));
    expect(await coachOf(s.fixture.businessOfCoachA)).toBe(s.fixture.coachA);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Yakin? 2 usaha yang cocok dengan saringan akan ditugaskan ke Lepaskan dari pendamping.',
    );
    await user.click(screen.getByRole('button', { name: 'Ya, tugaskan' }));
    expect(await screen.findByText('2 usaha dilepaskan dari pendampingnya.')).toBeInTheDocument();
    expect(await coachOf(s.fixture.businessOfCoachA)).toBeNull();
    expect(await coachOf(s.fixture.businessOfOtherCoachA)).toBeNull();
    await waitFor(() => expect(screen.getAllByText(/Tanpa pendamping/)).toHaveLength(2));
  });

  it('changes a coaching status, and a stale change is refused and the list re-read', async () => {
    const user = userEvent.setup();
    renderPage();
    const status = await screen.findByRole('combobox', { name: 'Status Amplang Berkah' });
    await user.selectOptions(status, 'Naik kelas');
    expect(await screen.findByText('Status Amplang Berkah diubah menjadi Naik kelas.')).toBeInTheDocument();
    expect(
      (await s.database.db.select().from(businesses).where(eq(businesses.id, s.fixture.businessOfCoachA)))[0]
        ?.status,
    ).toBe('naik_kelas');

    // Someone else changes the business meanwhile.
    await s.database.db
      .update(businesses)
      .set({ updatedAt: new Date('2030-01-01T00:00:00Z') })
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status Amplang Berkah' }), 'Stagnan');
    expect(await screen.findByText(/berubah sejak daftar dimuat/)).toBeInTheDocument();
    expect(
      (await s.database.db.select().from(businesses).where(eq(businesses.id, s.fixture.businessOfCoachA)))[0]
        ?.status,
    ).toBe('naik_kelas');
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Status Amplang Berkah' })).toHaveValue('naik_kelas'),
    );
  });

  it('offline: says the page needs a connection and keeps the selection', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('checkbox', { name: 'Pilih Sasirangan Intan' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tugaskan ke' }), 'Coach A');
    network.online = false;
    await user.click(screen.getByRole('button', { name: 'Tugaskan 1 usaha terpilih' }));
    expect(
      await screen.findByText(/Halaman ini perlu koneksi internet. Pilihan Anda tetap ada/),
    ).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Pilih Sasirangan Intan' })).toBeChecked();
    expect(await coachOf(s.fixture.businessOfOtherCoachA)).toBe(s.fixture.otherCoachA);
    network.online = true;
    await user.click(screen.getByRole('button', { name: 'Tugaskan 1 usaha terpilih' }));
    expect(await screen.findByText(/1 usaha dipindahkan ke Coach A/)).toBeInTheDocument();
    expect(await coachOf(s.fixture.businessOfOtherCoachA)).toBe(s.fixture.coachA);
  });

  it('merges two selected businesses field by field, and a stale attempt keeps the choices', async () => {
    const user = userEvent.setup();
    await s.database.db
      .update(businesses)
      .set({ phone: '+6281122334455' })
      .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
    renderPage();
    await user.click(await screen.findByRole('checkbox', { name: 'Pilih Amplang Berkah' }));
    await user.click(screen.getByRole('checkbox', { name: 'Pilih Sasirangan Intan' }));
    await user.click(screen.getByRole('link', { name: 'Gabungkan 2 usaha ganda…' }));
    expect(await screen.findByRole('heading', { name: 'Gabungkan usaha ganda' })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    // Lines where both agree need no choice.
    expect(within(table).getByRole('row', { name: /Nama pemilik Siti Aminah \(sama\)/ })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Pakai isian Usaha ganda untuk No. HP/WhatsApp' }));
    await user.click(screen.getByRole('radio', { name: 'Pakai isian Usaha ganda untuk Pendamping' }));

    // Someone changes the duplicate meanwhile: refused, re-read, the choices kept.
    await s.database.db
      .update(businesses)
      .set({ updatedAt: new Date('2030-01-01T00:00:00Z') })
      .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('berubah sejak halaman ini dibuka');
    await waitFor(() =>
      expect(
        screen.getByRole('radio', { name: 'Pakai isian Usaha ganda untuk No. HP/WhatsApp' }),
      ).toBeChecked(),
    );
    await user.click(screen.getByRole('button', { name: 'Gabungkan' }));
    expect(
      await screen.findByText('Sasirangan Intan digabungkan ke Amplang Berkah: 0 kunjungan dipindahkan.'),
    ).toBeInTheDocument();
    const [kept] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, s.fixture.businessOfCoachA));
    expect(kept).toMatchObject({ phone: '+6281122334455', assignedCoachId: s.fixture.otherCoachA });
    const [duplicate] = await s.database.db
      .select()
      .from(businesses)
      .where(eq(businesses.id, s.fixture.businessOfOtherCoachA));
    expect(duplicate?.deletedAt).not.toBeNull();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Sasirangan Intan' })).toBeNull());
  });
});
