import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession } from '@/client/data/session-repository';
import { makeBusiness, TEST_REGIONS } from '../../../helpers/factories';
import { makeSession, renderApp, resetClientState } from '../../render-app';

beforeEach(async () => {
  await resetClientState();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => Promise.reject(new TypeError('offline'))),
  );
  await saveSession(localDb, makeSession('coach'));
  await saveRegions(localDb, TEST_REGIONS);
  await localDb.businesses.bulkAdd([
    makeBusiness({ name: 'Kue Renyah Bu Siti', ownerName: 'Siti Rahmah' }),
    makeBusiness({
      name: 'Sasirangan Intan',
      ownerName: 'Aminah',
      sector: 'fesyen',
      districtCode: '63.71.02',
      villageCode: '63.71.02.1001',
    }),
    makeBusiness({ name: 'Usaha Lama', deletedAt: '2026-01-01T00:00:00.000Z' }),
  ]);
});

describe('Find a business (offline)', () => {
  it('lists the businesses on the phone with their kelurahan, and finds one despite a typo', async () => {
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('2 usaha')).toBeInTheDocument());
    const list = screen.getByRole('list', { name: 'Hasil pencarian' });
    expect(
      within(list)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual([expect.stringContaining('Kue Renyah Bu Siti'), expect.stringContaining('Sasirangan Intan')]);
    expect(within(list).getByText(/Kuripan, Banjarmasin Timur/)).toBeInTheDocument();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Cari usaha' }), 'sasirangn');
    await waitFor(() => expect(screen.getByText('1 usaha')).toBeInTheDocument());
    expect(within(screen.getByRole('list', { name: 'Hasil pencarian' })).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/usaha\/[0-9a-f-]{36}$/),
    );
  });

  it('filters by kecamatan and says so when nothing matches', async () => {
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('2 usaha')).toBeInTheDocument());
    await screen.findByRole('option', { name: 'Banjarmasin Timur' });
    await userEvent.selectOptions(screen.getByLabelText('Kecamatan'), 'Banjarmasin Timur');
    await waitFor(() => expect(screen.getByText('1 usaha')).toBeInTheDocument());
    await userEvent.type(screen.getByRole('searchbox', { name: 'Cari usaha' }), 'kue');
    expect(
      await screen.findByText('Tidak ada usaha yang cocok. Periksa ejaan atau hapus saringan.'),
    ).toBeInTheDocument();
  });

  it('shows a business saved after the page opened, at once', async () => {
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('2 usaha')).toBeInTheDocument());
    await localDb.businesses.add(
      makeBusiness({ name: 'Amplang Baru', updatedAt: '2026-06-01T00:00:00.000Z' }),
    );
    await waitFor(() => expect(screen.getByText('3 usaha')).toBeInTheDocument());
  });
  it('keeps only the rows in view in the DOM, however many businesses there are', async () => {
    await localDb.businesses.bulkAdd(
      Array.from({ length: 500 }, (_, i) => makeBusiness({ name: `Warung Nomor ${i + 1}` })),
    );
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('502 usaha')).toBeInTheDocument());
    const items = within(screen.getByRole('list', { name: 'Hasil pencarian' })).getAllByRole('listitem');
    expect(items.length).toBeGreaterThan(5);
    expect(items.length).toBeLessThan(40);
    expect(items[0]).toHaveAttribute('aria-setsize', '502');
  });

  it('offers "Tambah usaha" to a coach and drops a business deleted while the page is open', async () => {
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('2 usaha')).toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Tambah usaha' })).toHaveAttribute('href', '/usaha/baru');
    const kue = await localDb.businesses.filter((b) => b.name === 'Kue Renyah Bu Siti').first();
    if (!kue) throw new Error('no row');
    await localDb.businesses.put({
      ...kue,
      deletedAt: '2026-07-01T00:00:00.000Z',
      updatedAt: '2026-07-01T00:00:00.000Z',
    });
    await waitFor(() => expect(screen.getByText('1 usaha')).toBeInTheDocument());
    expect(screen.queryByText('Kue Renyah Bu Siti')).not.toBeInTheDocument();
  });

  it('does not offer "Tambah usaha" to a coordinator', async () => {
    await saveSession(localDb, makeSession('coordinator'));
    renderApp('/usaha');
    await waitFor(() => expect(screen.getByText('2 usaha')).toBeInTheDocument());
    expect(screen.queryByRole('link', { name: 'Tambah usaha' })).not.toBeInTheDocument();
  });
});
