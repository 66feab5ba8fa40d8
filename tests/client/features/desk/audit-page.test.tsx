/**
 * The coordinator's audit trail screen against the real server (embedded database): entries as
 * plain Indonesian sentences, newest first, the filters, paging, one record's entries, offline.
 */
import { randomUUID } from 'node:crypto';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { AuditPage } from '@/client/features/desk/audit-page';
import { audit } from '@/server/audit';
import { auditLog } from '@/server/db/schema';
import { type TestServer } from '../../../helpers/server';
import { phoneSync } from '../../../helpers/phone-sync';
import { device, newVisit } from '../../../helpers/sync-fixtures';
import { startDeskServer, type DeskHarness } from './desk-harness';

let s: TestServer;
let network: DeskHarness['network'];

beforeEach(async () => {
  ({ s, network } = await startDeskServer());
  const coach = await s.login('coach-a');
  const phone = device();
  await phoneSync(() => s)(coach, phone, [
    phone.mutation('visits', randomUUID(), newVisit(s.fixture.businessOfCoachA, s.fixture.coachA)),
  ]);
  await audit(s.database.db, {
    organisationId: s.fixture.orgA,
    userId: s.fixture.coordinatorA,
    action: 'export.businesses',
    entity: 'export',
    detail: { format: 'xlsx', rows: 1204, nik: true },
  });
  await audit(s.database.db, {
    organisationId: s.fixture.orgA,
    userId: s.fixture.coordinatorA,
    action: 'business.status',
    entity: 'business',
    entityId: s.fixture.businessOfCoachA,
    detail: { from: 'baru', to: 'berkembang' },
  });
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  localStorage.clear();
  await s.dispose();
});

function renderAudit(path = '/koordinator/audit') {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/koordinator/audit" element={<AuditPage />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

const sentences = () =>
  within(screen.getByRole('list', { name: 'Catatan audit' }))
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.audit-sentence')?.textContent ?? '');

describe('audit trail screen', () => {
  it('says in plain Indonesian who did what, newest first, with the time and role', async () => {
    renderAudit();
    await screen.findByText('Koor A mengekspor data usaha (1.204 baris, dengan NIK)');
    expect(sentences()).toEqual([
      'Koor A mengubah status Amplang Berkah dari Baru menjadi Berkembang',
      'Koor A mengekspor data usaha (1.204 baris, dengan NIK)',
      'Coach A mengirim 1 perubahan dari ponsel (1 kunjungan)',
      'Coach A masuk ke binaan',
      'Koor A masuk ke binaan',
    ]);
    const first = screen.getAllByRole('listitem')[0];
    expect(first).toHaveTextContent('Koordinator');
    expect(within(first as HTMLElement).getByText(/\d{2}[.:]\d{2}$/)).toBeInTheDocument();
    expect(screen.getByText('5 catatan ditampilkan')).toBeInTheDocument();
  });

  it('filters by kind of activity and by person', async () => {
    const user = userEvent.setup();
    renderAudit();
    await screen.findByText('Koor A mengekspor data usaha (1.204 baris, dengan NIK)');
    await user.selectOptions(screen.getByLabelText('Jenis kegiatan'), 'Ekspor');
    await waitFor(() =>
      expect(sentences()).toEqual(['Koor A mengekspor data usaha (1.204 baris, dengan NIK)']),
    );
    await user.selectOptions(screen.getByLabelText('Jenis kegiatan'), '');
    await user.selectOptions(await screen.findByLabelText('Orang'), 'Coach A (Pendamping)');
    await waitFor(() =>
      expect(sentences()).toEqual([
        'Coach A mengirim 1 perubahan dari ponsel (1 kunjungan)',
        'Coach A masuk ke binaan',
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Hapus saringan' }));
    await waitFor(() => expect(sentences()).toHaveLength(5));
  });

  it('shows one record’s entries when opened from it, and all again on request', async () => {
    const user = userEvent.setup();
    renderAudit(`/koordinator/audit?entitas=business&id=${s.fixture.businessOfCoachA}`);
    await screen.findByText('Hanya catatan tentang Amplang Berkah.');
    expect(sentences()).toEqual(['Koor A mengubah status Amplang Berkah dari Baru menjadi Berkembang']);
    await user.click(screen.getByRole('button', { name: 'Tampilkan semua' }));
    await waitFor(() => expect(sentences()).toHaveLength(5));
    expect(screen.queryByText(/Hanya catatan tentang/)).not.toBeInTheDocument();
  });

  it('loads older entries a page at a time', async () => {
    const user = userEvent.setup();
    await s.database.db.insert(auditLog).values(
      Array.from({ length: 60 }, (_, i) => ({
        organisationId: s.fixture.orgA,
        userId: s.fixture.coordinatorA,
        action: 'export.visits',
        entity: 'export',
        detail: { format: 'csv', rows: 1000 + i, nik: false },
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    renderAudit('/koordinator/audit?jenis=export.visits');
    await screen.findByText('50 catatan ditampilkan');
    expect(sentences()[0]).toBe('Koor A mengekspor data kunjungan (1.059 baris)');
    await user.click(screen.getByRole('button', { name: 'Muat lebih banyak' }));
    await screen.findByText('60 catatan ditampilkan');
    expect(sentences()[59]).toBe('Koor A mengekspor data kunjungan (1.000 baris)');
    expect(screen.queryByRole('button', { name: 'Muat lebih banyak' })).not.toBeInTheDocument();
  });

  it('says it needs the internet when offline, and loads once back online', async () => {
    const user = userEvent.setup();
    network.online = false;
    renderAudit();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Catatan audit perlu koneksi internet. Periksa koneksi lalu coba lagi.',
    );
    network.online = true;
    await user.click(screen.getByRole('button', { name: 'Coba lagi' }));
    await screen.findByText('5 catatan ditampilkan');
  });
});
