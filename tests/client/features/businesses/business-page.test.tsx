import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '@/client/app/i18n';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession } from '@/client/data/session-repository';
import { uuidv7 } from '@/client/data/uuid';
import { sha256Hex } from '@/client/data/photos';
import type { Business } from '@/shared/domain/business';
import { photoSchema } from '@/shared/domain/photo';
import type { ChecklistItemState } from '@/shared/domain/checklist-state';
import {
  makeBusiness,
  makeChecklistState,
  makeFollowUp,
  makeVisit,
  TEST_REGIONS,
} from '../../../helpers/factories';
import { makeSession, renderApp, resetClientState } from '../../render-app';
import { jpegFile, stubImageDecoding } from '../visits/visit-helpers';

const ticked = (...ids: string[]): Record<string, ChecklistItemState> =>
  Object.fromEntries(ids.map((id) => [id, { done: true, evidence: null, note: null }]));

function profile(overrides: Partial<Business> = {}): Business {
  return makeBusiness({
    name: 'Kue Renyah Bu Siti',
    brand: 'Renyahku',
    ownerName: 'Siti Rahmah',
    ownerNik: '6371014107850003',
    phone: '+6281234567890',
    address: 'Jl. Mantuil Raya No. 12',
    villageCode: '63.71.01.1002',
    kbli: { code: '10792', version: '2020' },
    products: 'Kue kering, amplang',
    sizeClass: 'mikro',
    annualSales: 96_000_000,
    cohort: 'WUB 2019',
    status: 'berkembang',
    links: [{ kind: 'instagram', value: '@renyahku' }],
    ...overrides,
  });
}

/** A photo of the business itself (not of a visit), as a pull would store it. */
function businessPhotoRow(business: Business, sha256: string, kind: 'premises' | 'product') {
  return photoSchema.parse({
    id: uuidv7(),
    organisationId: business.organisationId,
    businessId: business.id,
    visitId: null,
    sha256,
    mimeType: 'image/jpeg',
    byteSize: 6,
    width: 1600,
    height: 1200,
    kind,
    takenAt: '2026-11-01T00:00:00.000Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  });
}

async function signIn(role: 'coach' | 'coordinator' = 'coach') {
  await saveSession(localDb, makeSession(role));
}

beforeEach(async () => {
  await resetClientState();
  await saveRegions(localDb, TEST_REGIONS);
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('business page: profile', () => {
  it('shows the profile with region names, a phone and WhatsApp link, licences and the cohort', async () => {
    await signIn();
    const business = profile();
    await localDb.businesses.put(business);
    renderApp(`/usaha/${business.id}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Kue Renyah Bu Siti' })).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Profil usaha' });
    expect(within(card).getByRole('link', { name: '0812-3456-7890' })).toHaveAttribute(
      'href',
      'tel:+6281234567890',
    );
    expect(within(card).getByRole('link', { name: 'Kirim WhatsApp ke 0812-3456-7890' })).toHaveAttribute(
      'href',
      'https://wa.me/6281234567890',
    );
    expect(await within(card).findByText('Kelayan Selatan')).toBeInTheDocument();
    expect(within(card).getByText('Banjarmasin Selatan')).toBeInTheDocument();
    expect(within(card).getByText('10792')).toBeInTheDocument();
    expect(within(card).getByText('Mikro')).toBeInTheDocument();
    expect(within(card).getByText('Berkembang')).toBeInTheDocument();
    expect(within(card).getByText('WUB 2019')).toBeInTheDocument();
    expect(within(card).getByText('Rp96.000.000')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: /@renyahku/ })).toHaveAttribute(
      'href',
      'https://www.instagram.com/renyahku',
    );
    const licences = within(card).getByText('P-IRT').closest('li');
    expect(licences).toHaveTextContent('P-IRT belum ada');
  });

  it('hides the NIK until the coach asks for it', async () => {
    await signIn();
    const business = profile();
    await localDb.businesses.put(business);
    const user = userEvent.setup();
    renderApp(`/usaha/${business.id}`);

    const show = await screen.findByRole('button', { name: 'Tampilkan NIK' });
    expect(screen.queryByText('6371014107850003')).not.toBeInTheDocument();
    await user.click(show);
    expect(screen.getByText('6371014107850003')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sembunyikan NIK' }));
    expect(screen.queryByText('6371014107850003')).not.toBeInTheDocument();
  });

  it('gives the coach "Mulai kunjungan" and "Ubah profil"; a coordinator sees neither', async () => {
    await signIn('coach');
    const business = profile();
    await localDb.businesses.put(business);
    const { unmount } = renderApp(`/usaha/${business.id}`);
    expect(await screen.findByRole('link', { name: 'Mulai kunjungan' })).toHaveAttribute(
      'href',
      `/kunjungan/baru?usaha=${business.id}`,
    );
    expect(screen.getByRole('link', { name: 'Ubah profil' })).toHaveAttribute(
      'href',
      `/usaha/${business.id}/ubah`,
    );
    unmount();

    await signIn('coordinator');
    renderApp(`/usaha/${business.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Kue Renyah Bu Siti' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Tampilkan NIK' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ubah profil' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Mulai kunjungan' })).not.toBeInTheDocument();
  });

  it('says "Usaha tidak ditemukan" for an unknown or deleted business', async () => {
    await signIn();
    const deleted = profile({ deletedAt: '2026-03-01T00:00:00.000Z' });
    await localDb.businesses.put(deleted);
    const { unmount } = renderApp(`/usaha/${deleted.id}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Usaha tidak ditemukan' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Cari usaha' })).toHaveAttribute('href', '/usaha');
    unmount();

    renderApp(`/usaha/${uuidv7()}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Usaha tidak ditemukan' }),
    ).toBeInTheDocument();
  });
});

describe('business page: licensing hints', () => {
  it('shows the hints as cards: NIB first, food permit, halal self-declare conditions', async () => {
    await signIn();
    const business = profile();
    await localDb.businesses.put(business);
    renderApp(`/usaha/${business.id}`);

    const hints = await screen.findByRole('region', { name: 'Petunjuk perizinan' });
    const titles = within(hints)
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.textContent);
    expect(titles).toEqual([
      'Daftar NIB lewat OSS-RBA dulu',
      'Perlu izin edar pangan',
      'Belum memenuhi syarat halal self-declare (SEHATI)',
    ]);
    expect(within(hints).getByText('Belum punya NIB.')).toBeInTheDocument();
  });

  it('formats the sales limit as rupiah in a "not yet" reason', async () => {
    await signIn();
    const business = profile({
      annualSales: 750_000_000,
      licences: { nib: '9120001234567', pirt: '2066371010123456', halal: null, bpom: null, trademark: null },
    });
    await localDb.businesses.put(business);
    renderApp(`/usaha/${business.id}`);
    expect(
      await screen.findByText('Omzet tahunan Rp750.000.000 melebihi batas Rp500.000.000.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Sudah punya izin edar P-IRT')).toBeInTheDocument();
  });
});

describe('business page: history', () => {
  async function seedHistory() {
    const business = profile();
    const january = makeVisit({
      businessId: business.id,
      visitedAt: '2026-01-10T02:00:00.000Z',
      kind: 'first_assessment',
      topics: ['profile', 'packaging'],
      notes: 'Asesmen awal.\nKemasan masih plastik biasa.',
      monthlySales: 8_000_000,
      reviewState: 'approved',
    });
    const march = makeVisit({
      businessId: business.id,
      visitedAt: '2026-03-12T02:00:00.000Z',
      kind: 'follow_up',
      topics: ['digital_marketing'],
      notes: 'QRIS sudah aktif.',
      monthlySales: 12_000_000,
      reviewState: 'returned',
      reviewComment: 'Lampirkan foto QRIS.',
    });
    await localDb.businesses.put(business);
    await localDb.visits.bulkPut([january, march]);
    await localDb.checklistStates.bulkPut([
      makeChecklistState({ businessId: business.id, visitId: january.id, items: ticked('product_name') }),
      makeChecklistState({
        businessId: business.id,
        visitId: march.id,
        items: ticked('product_name', 'halal_logo'),
      }),
      makeChecklistState({
        businessId: business.id,
        visitId: january.id,
        kind: 'digital_marketing',
        items: {},
      }),
      makeChecklistState({
        businessId: business.id,
        visitId: march.id,
        kind: 'digital_marketing',
        items: ticked('qris'),
      }),
    ]);
    await localDb.followUps.bulkPut([
      makeFollowUp({ businessId: business.id, what: 'Pasang stiker QRIS', dueOn: '2026-03-20' }),
      makeFollowUp({ businessId: business.id, what: 'Sudah beres', doneAt: '2026-03-13T00:00:00.000Z' }),
    ]);
    return { business, january, march };
  }

  it('shows the visit timeline newest first, each linking to its visit', async () => {
    await signIn();
    const { business, january, march } = await seedHistory();
    renderApp(`/usaha/${business.id}`);

    const timeline = await screen.findByRole('region', { name: 'Riwayat kunjungan' });
    const links = await within(timeline).findAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['12 Mar 2026 · Tindak lanjut', `/kunjungan/${march.id}`],
      ['10 Jan 2026 · Asesmen awal', `/kunjungan/${january.id}`],
    ]);
    expect(within(timeline).getByText('Asesmen awal.')).toBeInTheDocument();
    expect(within(timeline).queryByText(/plastik biasa/)).not.toBeInTheDocument();
    expect(within(timeline).getByText('Topik: Profil usaha, Kemasan')).toBeInTheDocument();
    expect(within(timeline).getByText('Dikembalikan')).toBeInTheDocument();
    expect(within(timeline).getByText('Komentar koordinator: Lampirkan foto QRIS.')).toBeInTheDocument();
  });

  it('draws the 20 latest of a long history and the older ones on request', async () => {
    await signIn();
    const business = profile();
    await localDb.businesses.put(business);
    // 75 weekly visits, the newest first in the expected order.
    const visits = Array.from({ length: 75 }, (_, week) =>
      makeVisit({
        businessId: business.id,
        visitedAt: new Date(Date.UTC(2026, 10, 16) - week * 7 * 86_400_000).toISOString(),
        notes: `Kunjungan minggu ke-${75 - week}.`,
      }),
    );
    await localDb.visits.bulkPut(visits);
    const user = userEvent.setup();
    renderApp(`/usaha/${business.id}`);

    const timeline = await screen.findByRole('region', { name: 'Riwayat kunjungan' });
    expect(
      await within(timeline).findByText('Menampilkan 20 kunjungan terbaru dari 75.'),
    ).toBeInTheDocument();
    const notes = () => [...timeline.querySelectorAll('.bp-timeline-note')].map((note) => note.textContent);
    expect(notes()).toHaveLength(20);
    expect(notes()[0]).toBe('Kunjungan minggu ke-75.');
    expect(notes()[19]).toBe('Kunjungan minggu ke-56.');

    await user.click(within(timeline).getByRole('button', { name: 'Tampilkan 50 lagi' }));
    expect(notes()).toHaveLength(70);
    await user.click(within(timeline).getByRole('button', { name: 'Tampilkan 5 lagi' }));
    expect(notes()).toHaveLength(75);
    expect(notes()[74]).toBe('Kunjungan minggu ke-1.');
    expect(within(timeline).getByText('75 kunjungan')).toBeInTheDocument();
    expect(within(timeline).queryByRole('button', { name: /Tampilkan/ })).not.toBeInTheDocument();
  });

  it('shows checklist progress per visit and which items became true when', async () => {
    await signIn();
    const { business } = await seedHistory();
    renderApp(`/usaha/${business.id}`);

    const progress = await screen.findByRole('region', { name: 'Kemajuan checklist' });
    const halal = await within(progress).findByText('Logo halal nasional (bila wajib)');
    expect(halal.closest('li')).toHaveTextContent(
      'Logo halal nasional (bila wajib): tercentang sejak 12 Mar 2026',
    );
    expect(within(progress).getByText('Nama produk (jenis + merek)').closest('li')).toHaveTextContent(
      'tercentang sejak 10 Jan 2026 (kunjungan pertama yang dicatat)',
    );
    expect(within(progress).getAllByText(/dari 17 butir/)).toHaveLength(2);
  });

  it('summarises the sales trend in words next to the sparkline', async () => {
    await signIn();
    const { business } = await seedHistory();
    renderApp(`/usaha/${business.id}`);
    const sales = await screen.findByRole('region', { name: 'Omzet bulanan' });
    expect(
      await within(sales).findByText(
        'Omzet naik dari Rp8.000.000 (Jan 2026) menjadi Rp12.000.000 (Mar 2026), +50%. Terendah Rp8.000.000, tertinggi Rp12.000.000.',
      ),
    ).toBeInTheDocument();
  });

  it('lists open follow-ups and the naik-kelas signals with their dates', async () => {
    await signIn();
    const { business } = await seedHistory();
    renderApp(`/usaha/${business.id}`);

    const followUps = await screen.findByRole('region', { name: 'Tindak lanjut terbuka' });
    expect(await within(followUps).findByText('Pasang stiker QRIS')).toBeInTheDocument();
    expect(within(followUps).queryByText('Sudah beres')).not.toBeInTheDocument();

    const signals = await screen.findByRole('region', { name: 'Tanda naik kelas' });
    const qris = await within(signals).findByText('Mulai menerima QRIS');
    expect(qris.closest('li')).toHaveTextContent('12 Mar 2026');
  });

  it('names the history sections in English when the coach chose English', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    await signIn();
    const { business } = await seedHistory();
    renderApp(`/usaha/${business.id}`);
    expect(await screen.findByRole('region', { name: 'Visit history' })).toBeInTheDocument();
    expect(await screen.findByText('Started accepting QRIS')).toBeInTheDocument();
  });
});

describe('business page: photos of the business', () => {
  it('lets the coach add a photo from the gallery, relabel and remove it, each saved with its outbox entry', async () => {
    stubImageDecoding();
    await signIn('coach');
    const business = profile();
    await localDb.businesses.put(business);
    const user = userEvent.setup();
    renderApp(`/usaha/${business.id}`);

    const card = await screen.findByRole('region', { name: 'Foto usaha' });
    expect(await within(card).findByText('Belum ada foto.')).toBeInTheDocument();
    await user.upload(await within(card).findByLabelText('Pilih dari galeri'), jpegFile('warung.jpg'));

    expect(await within(card).findByText('Foto tersimpan di ponsel.')).toBeInTheDocument();
    expect(await within(card).findByRole('img', { name: 'Foto 1: Tempat usaha' })).toBeInTheDocument();
    const [photo] = await localDb.photos.toArray();
    expect(photo).toMatchObject({ businessId: business.id, visitId: null, kind: 'premises', width: 1600 });
    expect(await localDb.blobs.count()).toBe(1);
    expect((await localDb.outbox.toArray()).map((entry) => [entry.table, entry.op])).toEqual([
      ['photos', 'upsert'],
    ]);

    await user.selectOptions(within(card).getByLabelText('Isi foto 1'), 'Produk');
    expect(await within(card).findByRole('img', { name: 'Foto 1: Produk' })).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Hapus foto 1' }));
    expect(await within(card).findByText('Foto dihapus.')).toBeInTheDocument();
    expect(await within(card).findByText('Belum ada foto.')).toBeInTheDocument();
    expect((await localDb.outbox.orderBy('mutationId').toArray()).map((entry) => entry.op)).toEqual([
      'upsert',
      'upsert',
      'delete',
    ]);
  });

  it('refuses a file that is not a photo, in Indonesian, and stores nothing', async () => {
    stubImageDecoding();
    await signIn('coach');
    const business = profile();
    await localDb.businesses.put(business);
    const user = userEvent.setup({ applyAccept: false });
    renderApp(`/usaha/${business.id}`);

    const card = await screen.findByRole('region', { name: 'Foto usaha' });
    const pdf = new File([new TextEncoder().encode('%PDF-1.7 surat izin')], 'izin.pdf', {
      type: 'image/jpeg',
    });
    await user.upload(await within(card).findByLabelText('Pilih dari galeri'), pdf);
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'izin.pdf: Berkas ini bukan foto. Pilih foto (JPEG, PNG, WebP atau HEIC).',
    );
    expect([await localDb.photos.count(), await localDb.outbox.count()]).toEqual([0, 0]);
  });

  it('shows a coordinator the photos without the buttons to change them', async () => {
    await signIn('coordinator');
    const business = profile();
    await localDb.businesses.put(business);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1]).buffer;
    const sha256 = 'ab'.repeat(32);
    await localDb.blobs.put({ sha256, bytes, type: 'image/jpeg', createdAt: '2026-11-01T00:00:00.000Z' });
    await localDb.photos.put(businessPhotoRow(business, sha256, 'product'));
    renderApp(`/usaha/${business.id}`);

    const card = await screen.findByRole('region', { name: 'Foto usaha' });
    expect(await within(card).findByRole('img', { name: 'Foto 1: Produk' })).toBeInTheDocument();
    expect(within(card).queryByLabelText('Pilih dari galeri')).not.toBeInTheDocument();
    expect(within(card).queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('business page: photos from another device', () => {
  it('fetches the bytes of a photo taken on another device when the page shows it', async () => {
    await signIn('coordinator');
    const business = profile();
    await localDb.businesses.put(business);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 9, 8, 7]).buffer;
    const sha256 = await sha256Hex(bytes);
    await localDb.photos.put(businessPhotoRow(business, sha256, 'premises'));
    // The server answers the photo's address only; everything else is offline.
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async (input, init) => {
        const url = String(input);
        if (url === `/api/blobs/${sha256}` && (init?.method ?? 'GET') === 'GET') {
          asked.push(url);
          return new Response(bytes.slice(0), { status: 200, headers: { 'Content-Type': 'image/jpeg' } });
        }
        throw new TypeError('offline');
      }),
    );
    renderApp(`/usaha/${business.id}`);
    const card = await screen.findByRole('region', { name: 'Foto usaha' });
    expect(
      await within(card).findByRole('img', { name: 'Foto 1: Tempat usaha' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(asked).toEqual([`/api/blobs/${sha256}`]);
    expect(new Uint8Array((await localDb.blobs.get(sha256))?.bytes ?? new ArrayBuffer(0))).toEqual(
      new Uint8Array(bytes),
    );
  });
});

describe('business page: what sync kept or is taking away', () => {
  it('shows a text that lost a merge with where it was, copies it, and hides it once read', async () => {
    await signIn('coordinator');
    const business = profile();
    const visit = makeVisit({ businessId: business.id, visitedAt: '2026-11-18T03:00:00.000Z' });
    await localDb.businesses.put(business);
    await localDb.visits.put(visit);
    await localDb.syncConflicts.bulkPut([
      {
        id: uuidv7(),
        table: 'visits',
        rowId: visit.id,
        businessId: business.id,
        field: 'notes',
        losingValue: 'Pemilik minta dibantu daftar halal gratis (SEHATI).',
        losingClock: '0000000000001:0000:x',
        losingUserId: makeSession().user.id,
        createdAt: '2026-11-20T04:00:00.000Z',
      },
      {
        id: uuidv7(),
        table: 'businesses',
        rowId: business.id,
        businessId: business.id,
        field: 'products',
        losingValue: 'Amplang, kue bingka',
        losingClock: '0000000000001:0000:y',
        losingUserId: null,
        createdAt: '2026-11-19T04:00:00.000Z',
      },
    ]);
    const writeText = vi.fn<(text: string) => Promise<void>>(async () => undefined);
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp(`/usaha/${business.id}`);

    const card = await screen.findByRole('region', { name: 'Teks yang tertimpa' }, { timeout: 5_000 });
    const items = within(card).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Catatan · Kunjungan 18 Nov 2026');
    expect(items[0]).toHaveTextContent('Pemilik minta dibantu daftar halal gratis (SEHATI).');
    expect(items[0]).toHaveTextContent('Ditulis dari akun Anda');
    expect(within(items[0] as HTMLElement).getByRole('link', { name: 'Buka kunjungan' })).toHaveAttribute(
      'href',
      `/kunjungan/${visit.id}`,
    );
    expect(items[1]).toHaveTextContent('Produk · Profil usaha');
    expect(items[1]).toHaveTextContent('Ditulis oleh pengguna lain');

    await user.click(within(items[1] as HTMLElement).getByRole('button', { name: 'Salin teks' }));
    expect(writeText).toHaveBeenCalledWith('Amplang, kue bingka');
    expect(await within(card).findByText('Teks disalin.')).toBeInTheDocument();

    await user.click(within(items[1] as HTMLElement).getByRole('button', { name: 'Sudah dibaca' }));
    await vi.waitFor(() => expect(within(card).getAllByRole('listitem')).toHaveLength(1));
    await user.click(within(card).getByRole('button', { name: 'Sudah dibaca' }));
    await vi.waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Teks yang tertimpa' })).not.toBeInTheDocument(),
    );
  });

  it('tells the coach when the business has moved to another coach and is leaving the phone', async () => {
    await signIn('coach');
    const business = profile();
    await localDb.businesses.put(business);
    await localDb.meta.put({ key: 'pendingRemovals', value: [business.id] });
    renderApp(`/usaha/${business.id}`);
    expect(await screen.findByText(/sudah dipindahkan ke pendamping lain/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Mulai kunjungan' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ubah profil' })).not.toBeInTheDocument();
  });
});
