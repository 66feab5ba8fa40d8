import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { saveSession } from '@/client/data/session-repository';
import { itemsFor } from '@/shared/checklists/checklist-template';
import { currentTemplate } from '@/shared/checklists';
import { makeChecklistState, makeVisit } from '../../../helpers/factories';
import { makeSession } from '../../render-app';
import { ownerBusiness, renderOwner, startOwnerPhone } from './owner-harness';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const ticked = (...ids: string[]) =>
  Object.fromEntries(ids.map((id) => [id, { done: true, evidence: null, note: null }]));

describe("the owner's progress (/pemilik/kemajuan)", () => {
  it('tells each checklist in plain words over time, item by item, from every visit', async () => {
    const business = ownerBusiness({ isFood: true });
    await startOwnerPhone(business);
    // An unshared visit still dates its checklist: progress counts every visit, summaries only shared ones.
    const january = makeVisit({ businessId: business.id, visitedAt: '2026-01-15T02:00:00.000Z' });
    const march = makeVisit({
      businessId: business.id,
      visitedAt: '2026-03-12T02:00:00.000Z',
      sharedWithOwner: true,
    });
    await localDb.visits.bulkPut([january, march]);
    await localDb.checklistStates.bulkPut([
      makeChecklistState({
        businessId: business.id,
        visitId: january.id,
        items: ticked('product_name', 'net_content'),
      }),
      makeChecklistState({
        businessId: business.id,
        visitId: march.id,
        items: ticked('product_name', 'net_content', 'producer', 'permit_number', 'expiry_date'),
      }),
    ]);
    const total = itemsFor(currentTemplate('packaging'), true).length;
    renderOwner('/pemilik/kemajuan');

    expect(await screen.findByRole('heading', { level: 1, name: 'Kemajuan usaha' })).toBeInTheDocument();
    const packaging = await screen.findByRole('region', { name: 'Kemasan' });
    expect(
      within(packaging).getByText(`Kemasan: 5 dari ${total} sudah terpenuhi. Naik 3 sejak Januari 2026.`),
    ).toBeInTheDocument();
    const doneList = within(packaging).getByText('Sudah terpenuhi').nextElementSibling as HTMLElement;
    expect(within(doneList).getByText('Nomor izin edar (P-IRT atau BPOM MD/ML)')).toBeInTheDocument();
    expect(within(doneList).getAllByText('sejak 12 Mar 2026')).toHaveLength(3);
    expect(within(doneList).getAllByText('sudah ada sejak kunjungan pertama (15 Jan 2026)')).toHaveLength(2);
    const nextList = within(packaging).getByText('Langkah berikutnya').nextElementSibling as HTMLElement;
    expect(within(nextList).getByText('Daftar bahan, dari yang terbanyak')).toBeInTheDocument();
    expect(within(nextList).queryByText('Nama produk (jenis + merek)')).not.toBeInTheDocument();
    expect(within(nextList).getAllByRole('listitem')).toHaveLength(total - 5);
    expect(within(packaging).getByText(`15 Jan 2026: 2 dari ${total}`)).toBeInTheDocument();

    const marketing = screen.getByRole('region', { name: 'Pemasaran digital' });
    expect(
      within(marketing).getByText('Belum ada checklist pemasaran digital dari kunjungan pendamping.'),
    ).toBeInTheDocument();
  });

  it('says "turun" when fewer items are met than at the first visit, and leaves out deleted visits', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const first = makeVisit({ businessId: business.id, visitedAt: '2026-02-02T02:00:00.000Z' });
    const second = makeVisit({ businessId: business.id, visitedAt: '2026-03-02T02:00:00.000Z' });
    const deleted = makeVisit({
      businessId: business.id,
      visitedAt: '2026-03-20T02:00:00.000Z',
      deletedAt: '2026-03-21T00:00:00.000Z',
    });
    await localDb.visits.bulkPut([first, second, deleted]);
    await localDb.checklistStates.bulkPut([
      makeChecklistState({
        businessId: business.id,
        visitId: first.id,
        items: ticked('product_name', 'producer'),
      }),
      makeChecklistState({ businessId: business.id, visitId: second.id, items: ticked('product_name') }),
      makeChecklistState({
        businessId: business.id,
        visitId: deleted.id,
        items: ticked('product_name', 'producer', 'net_content', 'sealed'),
      }),
    ]);
    renderOwner('/pemilik/kemajuan');
    const packaging = await screen.findByRole('region', { name: 'Kemasan' });
    expect(
      within(packaging).getByText(/Kemasan: 1 dari \d+ sudah terpenuhi\. Turun 1 sejak Februari 2026\./),
    ).toBeInTheDocument();
    expect(within(packaging).getByText('pernah terpenuhi 2 Feb 2026, sekarang belum')).toBeInTheDocument();
  });
});

describe('the printable profile', () => {
  it('puts name, products, licences held, contact and channels on one sheet, and prints on request', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    renderOwner('/pemilik/cetak');

    const sheet = await screen.findByRole('region', { name: 'Kue Renyah Bu Siti' });
    expect(within(sheet).getByRole('heading', { level: 1, name: 'Kue Renyah Bu Siti' })).toBeInTheDocument();
    expect(within(sheet).getByText('Renyah')).toBeInTheDocument();
    expect(
      within(sheet).getByText('Kel. Mantuil, Kec. Banjarmasin Selatan, Kota Banjarmasin'),
    ).toBeInTheDocument();
    expect(within(sheet).getByText('Kue kering amplang dan rengginang')).toBeInTheDocument();
    expect(within(sheet).getByText('Berdiri sejak 2019')).toBeInTheDocument();
    expect(within(sheet).getByText('1234567890123')).toBeInTheDocument();
    expect(within(sheet).getByText('206357101012325')).toBeInTheDocument();
    // Licences not held are not printed as "belum ada": the sheet is for strangers.
    expect(within(sheet).queryByText('Sertifikat halal')).not.toBeInTheDocument();
    expect(within(sheet).getByRole('link', { name: '0812-3456-7890' })).toHaveAttribute(
      'href',
      'https://wa.me/6281234567890',
    );
    expect(within(sheet).getByRole('link', { name: 'instagram.com/kuerenyah' })).toHaveAttribute(
      'href',
      'https://www.instagram.com/kuerenyah',
    );
    expect(within(sheet).getByRole('link', { name: 'shopee.co.id/kuerenyah' })).toBeInTheDocument();
    expect(
      within(sheet).getByText(/Profil dari data pendampingan Dinas Koperasi dan UMKM Kota Banjarmasin/),
    ).toBeInTheDocument();
    const text = sheet.textContent ?? '';
    expect(text).not.toContain('6371014505800001');
    expect(text).not.toContain('240.000.000');
    expect(document.title).toBe('Profil Kue Renyah Bu Siti');

    // The toolbar is outside the printed sheet.
    const button = screen.getByRole('button', { name: 'Simpan sebagai PDF / Cetak' });
    expect(sheet).not.toContainElement(button);
    await user.click(button);
    expect(print).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('link', { name: 'Kembali' })).toHaveAttribute('href', '/pemilik');
  });

  it('prints a business a coach opens by id, with the way back to its page', async () => {
    const business = ownerBusiness({ name: 'Amplang Haji Anang', links: [], phone: null });
    await startOwnerPhone(business);
    await saveSession(localDb, makeSession('coach'));
    renderOwner(`/usaha/${business.id}/cetak`);
    const sheet = await screen.findByRole('region', { name: 'Amplang Haji Anang' });
    expect(within(sheet).getByText('Belum ada.')).toBeInTheDocument();
    expect(within(sheet).queryByText('Telepon / WhatsApp')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Kembali' })).toHaveAttribute('href', `/usaha/${business.id}`);
  });
});
