/**
 * The coordinator's dashboard against the real server (embedded database; `app.request` stands in
 * for the network): the headline numbers, a chart's numbers as a table, the kecamatan filter, the
 * not-visited list, editing the target, and the map module loading only when the map is opened
 * (Leaflet cannot draw in jsdom; the map module is replaced by a stand-in that counts its imports).
 */
import { randomUUID } from 'node:crypto';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { eq } from 'drizzle-orm';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { DashboardPage } from '@/client/features/desk/dashboard-page';
import { tileSetting, DEFAULT_TILE_URL } from '@/client/features/desk/map-tiles';
import { businesses, organisations, visits } from '@/server/db/schema';
import type { MapPoints } from '@/shared/domain/dashboard';
import { type TestServer } from '../../../helpers/server';
import { startDeskServer, type DeskHarness } from './desk-harness';

const mapModule = vi.hoisted(() => ({ imports: 0 }));
vi.mock('@/client/features/desk/business-map', () => {
  mapModule.imports += 1;
  return {
    BusinessMap: ({ points }: { points: MapPoints }) => (
      <p data-testid="map-stand-in">{`${points.businesses.length} usaha, ${points.visits.length} kunjungan`}</p>
    ),
  };
});

const NOW = new Date();
let s: TestServer;
let network: DeskHarness['network'];

function BusinessStub() {
  const { businessId } = useParams();
  return <h1>Profil {businessId}</h1>;
}

function renderDashboard(path = '/koordinator/dasbor') {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/koordinator/dasbor" element={<DashboardPage />} />
          <Route path="/usaha/:businessId" element={<BusinessStub />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

beforeEach(async () => {
  ({ s, network } = await startDeskServer());
  const { db } = s.database;
  const f = s.fixture;
  await db
    .update(businesses)
    .set({ location: { lat: -3.33, lng: 114.59 } })
    .where(eq(businesses.id, f.businessOfCoachA));
  // Amplang Berkah visited three days ago (twice, by coach A); Sasirangan Intan never.
  const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000);
  await db.insert(visits).values(
    [3, 10].map((daysAgo) => ({
      id: randomUUID(),
      organisationId: f.orgA,
      businessId: f.businessOfCoachA,
      coachId: f.coachA,
      visitedAt: day(daysAgo),
      kind: 'monitoring',
      location: { lat: -3.3301, lng: 114.5902 },
    })),
  );
  await db.insert(businesses).values({
    id: randomUUID(),
    organisationId: f.orgA,
    name: 'Soto Banjar Kuripan',
    ownerName: 'Pemilik',
    districtCode: '63.71.02',
    villageCode: '63.71.02.1001',
    sector: 'kuliner',
    licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
  });
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  await s.dispose();
});

describe('dashboard', () => {
  it('shows the headline numbers, and a chart’s numbers as a table on request', async () => {
    const user = userEvent.setup();
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'Dasbor' })).toBeInTheDocument();
    const coverage = (await screen.findByRole('heading', { name: 'Cakupan pendampingan' })).closest('div');
    expect(coverage).not.toBeNull();
    expect(within(coverage as HTMLElement).getByText('usaha dalam pendampingan')).toBeInTheDocument();
    expect(within(coverage as HTMLElement).getByText('Target belum ditetapkan.')).toBeInTheDocument();
    expect(
      screen.getByText('2 usaha belum dikunjungi lebih dari 60 hari', { selector: 'p' }),
    ).toBeInTheDocument();

    const visitsCard = screen.getByRole('region', { name: 'Kunjungan per pendamping per minggu' });
    // The chart: one sparkline per coach, described with its numbers.
    expect(within(visitsCard).getByRole('img', { name: /^Coach A:/ })).toBeInTheDocument();
    expect(within(visitsCard).queryByRole('table')).toBeNull();
    await user.click(within(visitsCard).getByRole('button', { name: 'Lihat sebagai tabel' }));
    const table = within(visitsCard).getByRole('table');
    const coachRow = within(table).getByRole('row', { name: /^Coach A\b/ });
    // Twelve weeks and the total; coach A made two visits in them.
    expect(within(coachRow).getAllByRole('cell')).toHaveLength(13);
    expect(within(coachRow).getAllByRole('cell').at(-1)).toHaveTextContent('2');
    expect(within(table).getAllByRole('columnheader')).toHaveLength(14);
    await user.click(within(visitsCard).getByRole('button', { name: 'Lihat sebagai grafik' }));
    expect(within(visitsCard).queryByRole('table')).toBeNull();

    // The per-kecamatan summary is always a table, with kecamatan names.
    const summary = screen.getByRole('region', { name: 'Ringkasan per kecamatan' });
    const selatan = within(summary).getByRole('row', { name: /Banjarmasin Selatan/ });
    expect(
      within(selatan)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['2', '1', '1', '0', '0', '2']);
  });

  it('narrows to one kecamatan and lists the businesses not visited, linking to their profile', async () => {
    const user = userEvent.setup();
    renderDashboard();
    await screen.findByText('2 usaha belum dikunjungi lebih dari 60 hari', { selector: 'p' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kecamatan' }), 'Banjarmasin Timur');
    expect(
      await screen.findByText('1 usaha belum dikunjungi lebih dari 60 hari', { selector: 'p' }),
    ).toBeInTheDocument();
    const notVisited = screen.getByRole('region', { name: 'Belum dikunjungi' });
    const link = within(notVisited).getByRole('link', { name: 'Soto Banjar Kuripan' });
    expect(within(notVisited).queryByRole('link', { name: 'Sasirangan Intan' })).toBeNull();
    expect(within(notVisited).getByText(/belum pernah/)).toBeInTheDocument();
    await user.click(link);
    expect(await screen.findByRole('heading', { name: /^Profil / })).toBeInTheDocument();
  });

  it('lists ten of the businesses not visited at first, and all on request', async () => {
    const user = userEvent.setup();
    const f = s.fixture;
    await s.database.db.insert(businesses).values(
      Array.from({ length: 12 }, (_, i) => ({
        id: randomUUID(),
        organisationId: f.orgA,
        version: 1,
        name: `Warung Belum ${String(i + 1).padStart(2, '0')}`,
        ownerName: 'Siti',
        districtCode: '63.71.01',
        villageCode: '63.71.01.1001',
        sector: 'makanan_olahan',
        licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
        assignedCoachId: f.coachA,
      })),
    );
    renderDashboard();
    const notVisited = await screen.findByRole('region', { name: 'Belum dikunjungi' });
    await within(notVisited).findByText('14 usaha belum dikunjungi lebih dari 60 hari', { selector: 'p' });
    expect(within(notVisited).getAllByRole('listitem')).toHaveLength(10);
    await user.click(within(notVisited).getByRole('button', { name: 'Tampilkan semua (14)' }));
    expect(within(notVisited).getAllByRole('listitem')).toHaveLength(14);
    expect(within(notVisited).queryByRole('button', { name: /Tampilkan semua/ })).toBeNull();
  });

  it('sets the coverage target and shows the share against it, Indonesian style', async () => {
    const user = userEvent.setup();
    renderDashboard();
    await user.click(await screen.findByRole('button', { name: 'Ubah target' }));
    await user.clear(screen.getByRole('textbox', { name: 'Target kota' }));
    await user.type(screen.getByRole('textbox', { name: 'Target kota' }), '3.100');
    await user.click(screen.getByRole('button', { name: 'Simpan target' }));
    expect(await screen.findByText('Target disimpan.')).toBeInTheDocument();
    // 1 of 3.100 under coaching: "0%" in Indonesian percent formatting.
    expect(screen.getByText('dari target 3.100 (0%)')).toBeInTheDocument();
    const [org] = await s.database.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, s.fixture.orgA));
    expect(org?.coverageTarget).toBe(3100);
  });

  it('loads the map module only when the map is opened, with the points of the city', async () => {
    const user = userEvent.setup();
    renderDashboard();
    await screen.findByRole('heading', { name: 'Cakupan pendampingan' });
    expect(mapModule.imports).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Tampilkan peta' }));
    expect(await screen.findByTestId('map-stand-in')).toHaveTextContent('1 usaha, 2 kunjungan');
    expect(mapModule.imports).toBe(1);
    expect(screen.getByText('Usaha (1) · Kunjungan 30 hari terakhir (2)')).toBeInTheDocument();
  });

  it('says politely that the dashboard needs a connection, and loads it on "Coba lagi"', async () => {
    const user = userEvent.setup();
    network.online = false;
    renderDashboard();
    expect(await screen.findByRole('alert')).toHaveTextContent('Dasbor perlu koneksi internet');
    network.online = true;
    await user.click(screen.getByRole('button', { name: 'Coba lagi' }));
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Cakupan pendampingan' })).toBeInTheDocument(),
    );
  });
});

describe('map tiles setting', () => {
  it('uses OpenStreetMap when unset, the configured server when set, and no base map for "none"', () => {
    expect(tileSetting({})?.url).toBe(DEFAULT_TILE_URL);
    expect(
      tileSetting({ url: 'https://tiles.example.go.id/{z}/{x}/{y}.png', attribution: 'Pemkot' }),
    ).toEqual({
      url: 'https://tiles.example.go.id/{z}/{x}/{y}.png',
      attribution: 'Pemkot',
    });
    expect(tileSetting({ url: 'none' })).toBeNull();
  });
});
