import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listVisitDrafts, loadVisitDraft } from '@/client/data/draft-repository';
import { localDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { hasUnsavedWork } from '@/client/pwa/unsaved-work';
import type { Business } from '@/shared/domain/business';
import { visitSchema } from '@/shared/domain/visit';
import { makeChecklistState, makeVisit, TEST_COACH_ID } from '../../../helpers/factories';
import {
  findVisitForm,
  jpegFile,
  renderVisits,
  setUpCoach,
  stubImageDecoding,
  tableCounts,
} from './visit-helpers';
import { slowDraftWrites } from '../../../helpers/slow-drafts';

let business: Business;

beforeEach(async () => {
  business = await setUpCoach();
  stubImageDecoding();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** The visit drafts on the phone, in the shape the assertions read. */
async function listDrafts(db: typeof localDb) {
  return (await listVisitDrafts(db)).map((draft) => ({
    draftId: draft.id,
    businessId: draft.data.businessId,
    photoCount: draft.data.photos.length,
  }));
}

const NOTHING = { visits: 0, followUps: 0, checklistStates: 0, photos: 0, blobs: 0, outbox: 0 };
const textbox = (name: string) => screen.getByRole('textbox', { name });

describe('recording a visit', () => {
  // Many typed characters: user-event types one key at a time, slower than the 5 s default in CI.
  it(
    'saves the visit with a follow-up, checklist ticks and a photo in one go, then says so',
    { timeout: 20_000 },
    async () => {
      const user = userEvent.setup();
      renderVisits(`/kunjungan/baru?usaha=${business.id}`);
      await findVisitForm();
      expect(screen.getByRole('link', { name: 'Amplang Sungai Martapura' })).toBeInTheDocument();

      await user.type(textbox('Catatan'), 'Kemasan masih plastik polos.');
      await user.type(textbox('Kendala yang ditemukan'), 'Belum ada label.');
      await user.click(screen.getByRole('checkbox', { name: 'Kemasan' }));
      await user.click(screen.getByRole('checkbox', { name: 'Nama produk (jenis + merek)' }));
      await user.click(screen.getByRole('button', { name: 'Tambah tindak lanjut' }));
      await user.type(textbox('Apa yang dilakukan'), 'Daftar NIB lewat OSS');
      await user.selectOptions(screen.getByRole('combobox', { name: 'Dikerjakan oleh' }), 'Pemilik usaha');
      await user.type(textbox('Omzet per bulan'), '1,5 juta');
      expect(screen.getByText('Terbaca: Rp1.500.000')).toBeInTheDocument();
      await user.upload(screen.getByLabelText('Pilih dari galeri'), jpegFile());
      expect(await screen.findByRole('img', { name: 'Foto 1: Produk' })).toBeInTheDocument();
      await user.selectOptions(screen.getByRole('combobox', { name: 'Isi foto 1' }), 'Kemasan sebelum');

      await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));

      expect(
        await screen.findByText('Kunjungan tersimpan di ponsel', undefined, { timeout: 5000 }),
      ).toHaveAttribute('role', 'status');
      expect(await tableCounts()).toEqual({
        visits: 1,
        followUps: 1,
        checklistStates: 1,
        photos: 1,
        blobs: 1,
        outbox: 4,
      });
      const visit = visitSchema.parse((await localDb.visits.toArray())[0]);
      expect(visit).toMatchObject({
        businessId: business.id,
        coachId: TEST_COACH_ID,
        kind: 'first_assessment',
        topics: ['packaging'],
        notes: 'Kemasan masih plastik polos.',
        problems: 'Belum ada label.',
        monthlySales: 1_500_000,
        reviewState: 'submitted',
      });
      const [followUp] = await localDb.followUps.toArray();
      expect(followUp).toMatchObject({
        visitId: visit.id,
        what: 'Daftar NIB lewat OSS',
        who: 'Pemilik',
        assignee: 'owner',
      });
      const [state] = await localDb.checklistStates.toArray();
      expect(state).toMatchObject({ visitId: visit.id, kind: 'packaging', templateVersion: 1 });
      expect(state?.items.product_name?.done).toBe(true);
      expect(state?.items.net_content?.done).toBe(false);
      const [photo] = await localDb.photos.toArray();
      // Resized from 4000×3000 to the 1600 px long side, with its kind.
      expect(photo).toMatchObject({ visitId: visit.id, kind: 'packaging_before', width: 1600, height: 1200 });
      expect(await listDrafts(localDb)).toEqual([]);
      expect(hasUnsavedWork()).toBe(false);
      // The saved visit's page shows what was saved.
      expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(/^Kunjungan \d/);
      expect(screen.getByText('Daftar NIB lewat OSS')).toBeInTheDocument();
    },
  );

  it(
    'explains wrong input in Indonesian by each field, saves nothing and keeps every typed character',
    { timeout: 20_000 },
    async () => {
      const user = userEvent.setup();
      renderVisits(`/kunjungan/baru?usaha=${business.id}`);
      await findVisitForm();

      await user.type(textbox('Catatan'), 'Catatan yang tidak boleh hilang');
      await user.type(textbox('Omzet per bulan'), 'lumayan banyak');
      await user.type(textbox('Jumlah pekerja'), 'dua');
      fireEvent.change(screen.getByLabelText(/Tanggal dan jam/), { target: { value: '2099-01-01T10:00' } });
      await user.click(screen.getByRole('button', { name: 'Tambah tindak lanjut' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Dikerjakan oleh' }), 'Pemilik usaha');
      await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));

      const what = await screen.findByRole('textbox', { name: 'Apa yang dilakukan' });
      await waitFor(() => expect(what).toHaveAccessibleDescription('Wajib diisi.'));
      expect(textbox('Omzet per bulan')).toHaveAccessibleDescription(
        expect.stringContaining('Masukkan jumlah rupiah.'),
      );
      expect(textbox('Jumlah pekerja')).toHaveAccessibleDescription(
        'Jumlah pekerja harus bilangan bulat, misalnya 3.',
      );
      expect(screen.getByLabelText(/Tanggal dan jam/)).toHaveAccessibleDescription(
        'Tanggal kunjungan tidak boleh di masa depan.',
      );
      expect(screen.getByRole('alert')).toHaveTextContent('Ada 4 isian yang perlu diperbaiki.');
      expect(await tableCounts()).toEqual(NOTHING);
      expect(textbox('Catatan')).toHaveValue('Catatan yang tidak boleh hilang');
      expect(textbox('Omzet per bulan')).toHaveValue('lumayan banyak');
      // The first wrong field on screen has the focus.
      expect(screen.getByLabelText(/Tanggal dan jam/)).toHaveFocus();

      // Fixing the fields saves it.
      fireEvent.change(screen.getByLabelText(/Tanggal dan jam/), { target: { value: '2026-03-10T09:30' } });
      await user.clear(textbox('Omzet per bulan'));
      await user.type(textbox('Omzet per bulan'), 'Rp 2.500.000');
      await user.clear(textbox('Jumlah pekerja'));
      await user.type(textbox('Jumlah pekerja'), '2');
      await user.type(what, 'Urus P-IRT');
      await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));
      expect(
        await screen.findByText('Kunjungan tersimpan di ponsel', undefined, { timeout: 5000 }),
      ).toBeInTheDocument();
      expect((await localDb.visits.toArray())[0]).toMatchObject({ monthlySales: 2_500_000, employees: 2 });
    },
  );

  it('refuses a next visit planned before this one', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    fireEvent.change(screen.getByLabelText(/Tanggal dan jam/), { target: { value: '2026-03-10T09:30' } });
    fireEvent.change(screen.getByLabelText('Rencana kunjungan berikutnya'), {
      target: { value: '2026-03-01' },
    });
    await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Rencana kunjungan berikutnya')).toHaveAccessibleDescription(
        expect.stringContaining('Kunjungan berikutnya harus setelah tanggal kunjungan ini.'),
      ),
    );
    expect(await tableCounts()).toEqual(NOTHING);
  });

  it('refuses a file that is not an image, saying so', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    const pdf = new File([new TextEncoder().encode('%PDF-1.7 surat izin')], 'izin.pdf', {
      type: 'image/jpeg',
    });
    await user.upload(screen.getByLabelText('Pilih dari galeri'), pdf);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'izin.pdf: Berkas ini bukan foto. Pilih foto (JPEG, PNG, WebP atau HEIC).',
    );
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByText('Belum ada foto.')).toBeInTheDocument();
  });

  it('tells the coach clearly when the location permission is denied', async () => {
    const user = userEvent.setup();
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) =>
          fail({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' }),
      },
    });
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.click(screen.getByRole('button', { name: 'Ambil lokasi' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Izin lokasi ditolak/);
  });

  it('starts the checklists from the business’s latest state, so only changes need ticking', async () => {
    const older = makeVisit({ businessId: business.id, visitedAt: '2026-01-10T02:00:00.000Z' });
    const newer = makeVisit({ businessId: business.id, visitedAt: '2026-02-10T02:00:00.000Z' });
    await localDb.visits.bulkPut([older, newer]);
    await localDb.checklistStates.bulkPut([
      makeChecklistState({
        businessId: business.id,
        visitId: newer.id,
        items: { product_name: { done: true, evidence: null, note: null } },
      }),
      makeChecklistState({
        businessId: business.id,
        visitId: older.id,
        items: { halal_logo: { done: true, evidence: null, note: null } },
      }),
    ]);
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    expect(screen.getByRole('checkbox', { name: 'Nama produk (jenis + merek)' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Logo halal nasional (bila wajib)' })).not.toBeChecked();
    // A business with earlier visits gets a follow-up visit by default.
    expect(screen.getByRole('combobox', { name: 'Jenis kunjungan' })).toHaveValue('follow_up');
  });
});

describe('drafts', () => {
  it('a half-written visit, photo included, comes back after the form is closed and reopened', async () => {
    const user = userEvent.setup();
    const first = renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Catatan'), 'Setengah jalan');
    await user.click(screen.getByRole('button', { name: 'Tambah tindak lanjut' }));
    await user.type(textbox('Apa yang dilakukan'), 'Foto produk ulang');
    await user.upload(screen.getByLabelText('Pilih dari galeri'), jpegFile());
    await screen.findByRole('img', { name: 'Foto 1: Produk' });
    expect(hasUnsavedWork()).toBe(true);

    // The app is closed before the autosave pause ends: unmounting writes the draft at once.
    first.unmount();
    await waitFor(async () => expect(await listDrafts(localDb)).toHaveLength(1));
    const [summary] = await listDrafts(localDb);
    expect(summary).toMatchObject({ businessId: business.id, photoCount: 1 });

    renderVisits(`/kunjungan/baru?draf=${summary!.draftId}`);
    expect(await findVisitForm()).toHaveValue('Setengah jalan');
    expect(textbox('Apa yang dilakukan')).toHaveValue('Foto produk ulang');
    expect(screen.getByRole('img', { name: 'Foto 1: Produk' })).toBeInTheDocument();
    expect(screen.getByText(/^Draf dari .* dibuka lagi/)).toBeInTheDocument();
    expect(await tableCounts()).toEqual(NOTHING);
  });

  it('is written after a pause in typing, without leaving the form', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Saran yang diberikan'), 'Pakai label');
    await waitFor(
      async () => {
        const [summary] = await listDrafts(localDb);
        expect(summary).toBeDefined();
        expect((await loadVisitDraft(localDb, summary!.draftId))?.values.advice).toBe('Pakai label');
      },
      { timeout: 3000 },
    );
  });

  it('is written at once when the app goes to the background, without waiting for the pause', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Catatan'), 'Ditinggal sebentar');
    window.dispatchEvent(new Event('pagehide'));
    // Well inside the 400 ms autosave pause: only the pagehide flush can have written it.
    await waitFor(async () => expect(await listDrafts(localDb)).toHaveLength(1), { timeout: 250 });
  });

  it('leaves no draft behind when the visit is saved while a draft is still being written (a slow disk)', async () => {
    const user = userEvent.setup();
    const drafts = slowDraftWrites(localDb);
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Catatan'), 'Kemasan masih plastik polos.');
    // The pause in typing has started a draft write; the coach saves before it lands.
    await waitFor(() => expect(drafts.started()).toBeGreaterThan(0), { timeout: 3000 });
    await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));
    expect(
      await screen.findByText('Kunjungan tersimpan di ponsel', undefined, { timeout: 5000 }),
    ).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await listDrafts(localDb)).toEqual([]);
    expect(screen.queryByText('Lanjutkan draf')).toBeNull();
  });

  it('can be thrown away on purpose', async () => {
    const user = userEvent.setup();
    const first = renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Catatan'), 'Salah usaha');
    first.unmount();
    await waitFor(async () => expect(await listDrafts(localDb)).toHaveLength(1));
    const [summary] = await listDrafts(localDb);

    renderVisits(`/kunjungan/baru?draf=${summary!.draftId}`);
    await findVisitForm();
    await user.click(screen.getByRole('button', { name: 'Buang draf' }));
    await user.click(screen.getByRole('button', { name: 'Ya, buang' }));
    expect(await screen.findByRole('heading', { name: `Halaman usaha ${business.id}` })).toBeInTheDocument();
    expect(await listDrafts(localDb)).toEqual([]);
  });
});

describe('a full disk', () => {
  it('keeps the text of the visit, leaves the photos in the draft, and says what to do', async () => {
    const user = userEvent.setup();
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    localDb.blobs.hook('creating', full);
    try {
      renderVisits(`/kunjungan/baru?usaha=${business.id}`);
      await findVisitForm();
      await user.type(textbox('Catatan'), 'Teks yang harus selamat');
      await user.upload(screen.getByLabelText('Pilih dari galeri'), jpegFile());
      await screen.findByRole('img', { name: 'Foto 1: Produk' });
      await user.click(screen.getByRole('button', { name: 'Simpan kunjungan' }));

      expect(await screen.findByText('Teks kunjungan tersimpan di ponsel, fotonya belum')).toHaveAttribute(
        'role',
        'status',
      );
      const alert = screen.getByRole('alert');
      expect(alert).toHaveTextContent(/Penyimpanan ponsel penuh/);
      expect(alert).toHaveTextContent(/Kosongkan ruang/);
      expect(alert).toHaveTextContent(/lebih sedikit foto/);
      expect(await tableCounts()).toMatchObject({ visits: 1, photos: 0, blobs: 0, outbox: 1 });
      expect((await localDb.visits.toArray())[0]?.notes).toBe('Teks yang harus selamat');
      const drafts = await listDrafts(localDb);
      expect(drafts).toHaveLength(1);
      expect(drafts[0]?.photoCount).toBe(1);
      expect(within(alert).getByRole('link', { name: 'Buka draf foto' })).toBeInTheDocument();
    } finally {
      localDb.blobs.hook('creating').unsubscribe(full);
    }
  });
});

describe('the business picker', () => {
  it('lets the coach pick the business by name when the visit was started without one', async () => {
    const user = userEvent.setup();
    await localDb.businesses.put({ ...business, id: uuidv7(), name: 'Kue Bingka Hj. Masnah' });
    renderVisits('/kunjungan/baru');
    await screen.findByRole('heading', { level: 1, name: 'Catat kunjungan' });
    await user.type(await screen.findByRole('searchbox', { name: 'Cari usaha yang dikunjungi' }), 'amplang');
    await user.click(await screen.findByRole('button', { name: /Amplang Sungai Martapura/ }));
    await findVisitForm();
    expect(screen.getByRole('link', { name: 'Amplang Sungai Martapura' })).toBeInTheDocument();
  });
});
