import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { businessDraftId } from '@/client/data/business-repository';
import { hasUnsavedWork } from '@/client/pwa/unsaved-work';
import { businessSchema } from '@/shared/domain/business';
import { makeBusiness, TEST_COACH_ID, TEST_ORGANISATION_ID } from '../../../helpers/factories';
import { renderApp } from '../../render-app';
import { findForm, renderBusinessForm, setUpCoach } from './business-form-helpers';
import { slowDraftWrites } from '../../../helpers/slow-drafts';

beforeEach(async () => {
  await setUpCoach();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const field = (name: string) => screen.getByRole('textbox', { name });
const choice = (name: string) => screen.getByRole('combobox', { name });

/** The five required fields, filled the way a coach would. */
async function fillRequired(user: UserEvent, name = 'Kue Bingka Hj. Masnah') {
  await user.type(field('Nama usaha'), name);
  await user.selectOptions(choice('Sektor'), 'Makanan olahan');
  await user.type(field('Nama pemilik'), 'Masnah');
  await user.selectOptions(choice('Kecamatan'), 'Banjarmasin Selatan');
  await user.selectOptions(choice('Kelurahan'), 'Kelayan Selatan');
}

async function save(user: UserEvent) {
  await user.click(screen.getByRole('button', { name: 'Simpan' }));
}

describe('creating a business', () => {
  it('a valid new business lands in `businesses` with exactly one outbox entry, then opens with a confirmation', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();

    await fillRequired(user);
    await user.type(field('Telepon/WhatsApp'), '0812-3456-7890');
    await user.type(field('NIB'), '1234567890123');
    await user.type(field('Modal usaha (tanpa tanah dan bangunan)'), '1,5 juta');
    await user.type(field('Omzet per tahun'), 'Rp 120.000.000');
    await user.click(screen.getByRole('button', { name: 'Tambah tautan' }));
    await user.selectOptions(choice('Jenis tautan 1'), 'Instagram');
    await user.type(field('Tautan atau akun 1'), '@bingkamasnah');
    await save(user);

    const heading = await screen.findByRole('heading', { name: /^Halaman usaha / });
    expect(screen.getByTestId('flash')).toHaveTextContent('Usaha baru tersimpan di ponsel.');
    const rows = await localDb.businesses.toArray();
    expect(rows).toHaveLength(1);
    const row = businessSchema.parse(rows[0]);
    expect(heading).toHaveTextContent(row.id);
    expect(row).toMatchObject({
      name: 'Kue Bingka Hj. Masnah',
      ownerName: 'Masnah',
      sector: 'makanan_olahan',
      isFood: true,
      districtCode: '63.71.01',
      villageCode: '63.71.01.1002',
      phone: '+6281234567890',
      capital: 1_500_000,
      annualSales: 120_000_000,
      sizeClass: 'mikro',
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
      links: [{ kind: 'instagram', value: '@bingkamasnah' }],
      organisationId: TEST_ORGANISATION_ID,
      assignedCoachId: TEST_COACH_ID,
      createdBy: TEST_COACH_ID,
    });
    const outbox = await localDb.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'businesses', rowId: row.id, op: 'upsert' });
    expect(outbox[0]?.fields).toMatchObject({ name: row.name, phone: row.phone, capital: 1_500_000 });
    // The draft went with the save, and the update prompt no longer waits for this form.
    expect(await localDb.drafts.get(businessDraftId(null))).toBeUndefined();
    expect(hasUnsavedWork()).toBe(false);
  });

  it('reads rupiah as typed and shows the size class computed from capital and sales', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();
    expect(screen.getByText('Isi modal atau omzet, kelas usaha dihitung otomatis.')).toBeInTheDocument();

    const capital = field('Modal usaha (tanpa tanah dan bangunan)');
    await user.type(capital, '1,5 juta');
    expect(capital).toHaveAccessibleDescription(/^Terbaca: Rp1\.500\.000$/);
    expect(screen.getByText('Mikro')).toBeInTheDocument();

    await user.type(field('Omzet per tahun'), '3 M');
    expect(field('Omzet per tahun')).toHaveAccessibleDescription(/^Terbaca: Rp3\.000\.000\.000$/);
    expect(screen.getByText('Kecil')).toBeInTheDocument();
    expect(screen.queryByText('Mikro')).not.toBeInTheDocument();

    await user.clear(capital);
    await user.type(capital, 'sejuta');
    expect(capital).toHaveAccessibleDescription('Belum terbaca sebagai jumlah rupiah.');
  });

  it('invalid input is explained in Indonesian next to each field, focus goes to the first, nothing is saved and nothing typed is lost', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();

    await user.type(field('Nama usaha'), 'Amplang Galuh');
    await user.type(field('NIK pemilik'), '1234');
    await user.type(field('Telepon/WhatsApp'), '12345');
    await user.type(field('Modal usaha (tanpa tanah dan bangunan)'), 'banyak sekali');
    await user.type(field('Tahun mulai usaha'), '19');
    await user.type(field('NIB'), '12345');
    await user.type(field('P-IRT'), '2063');
    await save(user);

    // The first invalid field in the form (Sektor: not chosen) gets the focus.
    await waitFor(() => expect(choice('Sektor')).toHaveFocus());
    expect(choice('Sektor')).toHaveAccessibleDescription('Wajib diisi.');
    expect(field('Nama pemilik')).toHaveAccessibleDescription('Wajib diisi.');
    expect(choice('Kecamatan')).toHaveAccessibleDescription('Wajib diisi.');
    expect(choice('Kelurahan')).toHaveAccessibleDescription('Wajib diisi.');
    expect(field('NIK pemilik')).toHaveAccessibleDescription(
      expect.stringContaining('NIK harus 16 digit dengan kode wilayah dan tanggal lahir yang sah.'),
    );
    expect(field('Telepon/WhatsApp')).toHaveAccessibleDescription(
      expect.stringContaining('Nomor telepon Indonesia tidak sah (contoh: 0812-3456-7890).'),
    );
    expect(field('Modal usaha (tanpa tanah dan bangunan)')).toHaveAccessibleDescription(
      expect.stringContaining('Masukkan jumlah rupiah.'),
    );
    expect(field('Tahun mulai usaha')).toHaveAccessibleDescription(
      'Tulis tahun dengan 4 angka, misalnya 2019.',
    );
    expect(field('NIB')).toHaveAccessibleDescription(expect.stringContaining('NIB harus 13 digit angka.'));
    expect(field('P-IRT')).toHaveAccessibleDescription(
      expect.stringContaining('Nomor P-IRT minimal 15 digit angka.'),
    );
    expect(field('NIB')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Ada 10 isian yang perlu diperbaiki.');

    expect(field('Nama usaha')).toHaveValue('Amplang Galuh');
    expect(field('NIK pemilik')).toHaveValue('1234');
    expect(field('Telepon/WhatsApp')).toHaveValue('12345');
    expect(field('Modal usaha (tanpa tanah dan bangunan)')).toHaveValue('banyak sekali');
    expect(field('NIB')).toHaveValue('12345');
    expect(await localDb.businesses.count()).toBe(0);
    expect(await localDb.outbox.count()).toBe(0);

    // Fixing one field clears its message while the others stay.
    await user.clear(field('NIB'));
    await user.type(field('NIB'), '1234567890123');
    await waitFor(() => expect(field('NIB')).not.toHaveAttribute('aria-invalid'));
    expect(field('NIK pemilik')).toHaveAttribute('aria-invalid', 'true');
  });

  it('a failed save (the outbox write throws inside the transaction) stores nothing, says so and keeps the input', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();
    await fillRequired(user);
    vi.spyOn(localDb.outbox, 'add').mockImplementation(() => {
      throw new Error('disk penuh');
    });

    await save(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Gagal menyimpan (disk penuh). Isian Anda tetap ada; coba simpan lagi.',
    );
    expect(await localDb.businesses.count()).toBe(0);
    expect(await localDb.outbox.count()).toBe(0);
    expect(field('Nama usaha')).toHaveValue('Kue Bingka Hj. Masnah');

    // Once the disk is back, the same typed values save.
    vi.restoreAllMocks();
    await save(user);
    await screen.findByRole('heading', { name: /^Halaman usaha / });
    expect(await localDb.businesses.count()).toBe(1);
    expect(await localDb.outbox.count()).toBe(1);
  });

  it('says clearly when the kecamatan and kelurahan lists are not on the phone yet', async () => {
    await setUpCoach({ regions: false });
    renderBusinessForm('/usaha/baru');
    await findForm();
    expect(
      await screen.findByText(/Daftar kecamatan dan kelurahan belum terunduh ke ponsel ini/),
    ).toBeInTheDocument();
  });

  it('opens from the app router for a coach', async () => {
    renderApp('/usaha/baru');
    expect(await screen.findByRole('heading', { level: 1, name: 'Usaha baru' })).toBeInTheDocument();
  });
});

describe('regions', () => {
  it('lists only the chosen kecamatan’s kelurahan and clears a kelurahan outside a newly chosen kecamatan', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();
    expect(
      within(choice('Kelurahan'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Pilih kecamatan dulu']);

    await user.selectOptions(choice('Kecamatan'), 'Banjarmasin Selatan');
    await user.selectOptions(choice('Kelurahan'), 'Pekauman');
    expect(choice('Kelurahan')).toHaveValue('63.71.01.1003');

    await user.selectOptions(choice('Kecamatan'), 'Banjarmasin Timur');
    expect(choice('Kelurahan')).toHaveValue('');
    expect(
      within(choice('Kelurahan'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Pilih kelurahan', 'Kuripan', 'Kebun Bunga']);
  });

  it('refuses a kelurahan outside the kecamatan (a stored record with mismatched codes)', async () => {
    const user = userEvent.setup();
    const business = makeBusiness({ districtCode: '63.71.02', villageCode: '63.71.01.1001' });
    await localDb.businesses.put(business);
    renderBusinessForm(`/usaha/${business.id}/ubah`);
    await findForm('Ubah profil usaha');

    await save(user);

    expect(await screen.findByText('Kelurahan tidak berada di kecamatan yang dipilih.')).toBeInTheDocument();
    expect(await localDb.outbox.count()).toBe(0);
  });
});

describe('editing a business', () => {
  it('editing one field queues an outbox entry with only that field', async () => {
    const user = userEvent.setup();
    const business = makeBusiness({
      phone: '+6281234567890',
      capital: 5_000_000,
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
      links: [{ kind: 'shopee', value: 'shopee.co.id/kuesiti' }],
      kbli: { code: '10792', version: '2020' },
    });
    await localDb.businesses.put(business);
    renderBusinessForm(`/usaha/${business.id}/ubah`);
    const name = await findForm('Ubah profil usaha');
    expect(name).toHaveValue('Kue Renyah Bu Siti');
    expect(field('Modal usaha (tanpa tanah dan bangunan)')).toHaveValue('5.000.000');
    expect(await screen.findByText('Industri Kue Basah')).toBeInTheDocument();

    await user.clear(field('Produk utama'));
    await user.type(field('Produk utama'), 'Kue bingka, amparan tatak');
    await save(user);

    await screen.findByRole('heading', { name: `Halaman usaha ${business.id}` });
    expect(screen.getByTestId('flash')).toHaveTextContent('Perubahan profil tersimpan di ponsel.');
    const outbox = await localDb.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      rowId: business.id,
      fields: { products: 'Kue bingka, amparan tatak' },
    });
    expect(Object.keys(outbox[0]?.fields ?? {})).toEqual(['products']);
    expect((await localDb.businesses.get(business.id))?.capital).toBe(5_000_000);
  });

  it('leaves no draft behind when saved while a draft is still being written (a slow disk)', async () => {
    const user = userEvent.setup();
    const business = makeBusiness();
    await localDb.businesses.put(business);
    const drafts = slowDraftWrites(localDb);
    renderBusinessForm(`/usaha/${business.id}/ubah`);
    await findForm('Ubah profil usaha');
    await user.type(field('Produk utama'), 'Kue bingka');
    // The pause in typing has started a draft write; the coach saves before it lands.
    await waitFor(() => expect(drafts.started()).toBeGreaterThan(0), { timeout: 3000 });
    await save(user);
    await screen.findByRole('heading', { name: `Halaman usaha ${business.id}` });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await localDb.drafts.count()).toBe(0);
  });

  it('saving without changes writes nothing and says so', async () => {
    const user = userEvent.setup();
    const business = makeBusiness();
    await localDb.businesses.put(business);
    renderBusinessForm(`/usaha/${business.id}/ubah`);
    await findForm('Ubah profil usaha');
    await save(user);
    await screen.findByRole('heading', { name: `Halaman usaha ${business.id}` });
    expect(screen.getByTestId('flash')).toHaveTextContent('Tidak ada perubahan untuk disimpan.');
    expect(await localDb.outbox.count()).toBe(0);
  });

  it('says so when the business is not on the phone', async () => {
    renderBusinessForm('/usaha/01900000-0000-7000-8000-00000000beef/ubah');
    expect(await screen.findByText('Usaha ini tidak ada di ponsel ini.')).toBeInTheDocument();
  });
});

describe('likely duplicates', () => {
  it('same NIB: shows the existing business and saves only after "Tetap simpan sebagai usaha baru"', async () => {
    const user = userEvent.setup();
    const existing = makeBusiness({
      name: 'Sasirangan Galuh',
      ownerName: 'Galuh Permata',
      villageCode: '63.71.01.1003',
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
    });
    await localDb.businesses.put(existing);
    renderBusinessForm('/usaha/baru');
    await findForm();
    await fillRequired(user, 'Kain Sasirangan Baru');
    await user.type(field('NIB'), '1234567890123');

    await save(user);

    const warning = await screen.findByRole('region', { name: 'Mungkin usaha ini sudah terdaftar' });
    await waitFor(() =>
      expect(
        within(warning).getByRole('heading', { name: 'Mungkin usaha ini sudah terdaftar' }),
      ).toHaveFocus(),
    );
    expect(warning).toHaveTextContent('Sasirangan Galuh');
    expect(warning).toHaveTextContent('Pemilik: Galuh Permata');
    expect(warning).toHaveTextContent('Kelurahan: Pekauman');
    expect(warning).toHaveTextContent('Alasan: NIB sama');
    expect(within(warning).getByRole('link', { name: 'Buka Sasirangan Galuh' })).toHaveAttribute(
      'href',
      `/usaha/${existing.id}`,
    );
    expect(await localDb.businesses.count()).toBe(1);
    expect(await localDb.outbox.count()).toBe(0);

    await user.click(within(warning).getByRole('button', { name: 'Tetap simpan sebagai usaha baru' }));

    await screen.findByRole('heading', { name: /^Halaman usaha / });
    expect(await localDb.businesses.count()).toBe(2);
    expect(await localDb.outbox.count()).toBe(1);
  });

  it('a very similar name in the same kelurahan is pointed out; "Periksa isian lagi" returns to the name', async () => {
    const user = userEvent.setup();
    await localDb.businesses.put(
      makeBusiness({
        name: 'Kue Bingka Haji Masnah',
        ownerName: 'Masnah binti Ali',
        villageCode: '63.71.01.1002',
      }),
    );
    await localDb.businesses.put(
      makeBusiness({
        name: 'Kue Bingka Hj. Masnah',
        ownerName: 'Masnah',
        villageCode: '63.71.02.1001',
        districtCode: '63.71.02',
      }),
    );
    renderBusinessForm('/usaha/baru');
    await findForm();
    await fillRequired(user, 'Kue Bingka Hj. Masnah');

    await save(user);

    const warning = await screen.findByRole('region', { name: 'Mungkin usaha ini sudah terdaftar' });
    // Only the one in the same kelurahan: the identical name in another kecamatan is another business.
    expect(within(warning).getAllByRole('listitem')).toHaveLength(1);
    expect(warning).toHaveTextContent('Kue Bingka Haji Masnah');
    expect(warning).toHaveTextContent('Alasan: nama mirip di kelurahan yang sama');
    expect(await localDb.outbox.count()).toBe(0);

    await user.click(within(warning).getByRole('button', { name: 'Periksa isian lagi' }));
    expect(
      screen.queryByRole('region', { name: 'Mungkin usaha ini sudah terdaftar' }),
    ).not.toBeInTheDocument();
    expect(field('Nama usaha')).toHaveFocus();
    expect(await localDb.businesses.count()).toBe(2);
  });
});

describe('KBLI picker', () => {
  it('finds a code by words despite a typo and by code, and saves code and version', async () => {
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();
    const search = screen.getByRole('searchbox', { name: 'Cari KBLI (kode atau kata)' });

    await user.type(search, 'krupuk');
    const results = await screen.findByRole('list', { name: 'Hasil pencarian KBLI' });
    await user.click(within(results).getByRole('button', { name: /^10794 Industri Kerupuk, Keripik/ }));
    expect(screen.getByText('Industri Kerupuk, Keripik, Peyek Dan Sejenisnya')).toBeInTheDocument();

    const change = screen.getByRole('searchbox', { name: 'Ganti KBLI' });
    await user.type(change, '10792');
    expect(await screen.findByRole('button', { name: '10792 Industri Kue Basah' })).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(screen.getByText('Industri Kue Basah')).toBeInTheDocument();

    await fillRequired(user);
    await save(user);
    await screen.findByRole('heading', { name: /^Halaman usaha / });
    expect((await localDb.businesses.toArray())[0]?.kbli).toEqual({ code: '10792', version: '2020' });
  });
});

describe('GPS point', () => {
  function stubGeolocation(
    answer: (success: PositionCallback, failure: PositionErrorCallback) => void,
  ): void {
    vi.stubGlobal('navigator', {
      ...navigator,
      onLine: false,
      geolocation: {
        getCurrentPosition: (success: PositionCallback, failure: PositionErrorCallback) =>
          answer(success, failure),
      },
    });
  }

  it('"Gunakan lokasi saya" takes the point with its accuracy, offline', async () => {
    stubGeolocation((success) =>
      success({
        coords: { latitude: -3.3194374, longitude: 114.5907611, accuracy: 12.4 },
        timestamp: Date.parse('2026-04-01T02:00:00.000Z'),
      } as GeolocationPosition),
    );
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();

    await user.click(screen.getByRole('button', { name: 'Gunakan lokasi saya' }));

    expect(screen.getByText('-3,319437, 114,590761 · akurasi ± 12 m')).toBeInTheDocument();
    await fillRequired(user);
    await save(user);
    await screen.findByRole('heading', { name: /^Halaman usaha / });
    expect((await localDb.businesses.toArray())[0]?.location).toEqual({
      lat: -3.319437,
      lng: 114.590761,
      accuracy: 12,
      capturedAt: '2026-04-01T02:00:00.000Z',
    });
  });

  it('explains a refused permission and a timeout', async () => {
    let code = 1;
    stubGeolocation((_, failure) =>
      failure({
        code,
        PERMISSION_DENIED: 1,
        POSITION_UNAVAILABLE: 2,
        TIMEOUT: 3,
        message: '',
      } as GeolocationPositionError),
    );
    const user = userEvent.setup();
    renderBusinessForm('/usaha/baru');
    await findForm();

    await user.click(screen.getByRole('button', { name: 'Gunakan lokasi saya' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Izin lokasi ditolak. Izinkan akses lokasi untuk binaan di pengaturan peramban, lalu coba lagi.',
    );
    code = 3;
    await user.click(screen.getByRole('button', { name: 'Gunakan lokasi saya' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Lokasi belum didapat dalam 20 detik. Coba di tempat terbuka lalu ulangi.',
    );
  });
});

describe('unsaved typing', () => {
  it('a half-typed new business is kept as a draft, marked as unsaved work, and restored when the form reopens', async () => {
    const user = userEvent.setup();
    const first = renderBusinessForm('/usaha/baru');
    await findForm();
    await user.type(field('Nama usaha'), 'Amplang Setengah');
    await user.type(field('Modal usaha (tanpa tanah dan bangunan)'), '2 jt');
    expect(hasUnsavedWork()).toBe(true);
    await waitFor(async () => {
      const draft = await localDb.drafts.get(businessDraftId(null));
      expect(draft).toMatchObject({ kind: 'business', data: { values: { name: 'Amplang Setengah' } } });
    });

    // The app is killed and opened again on the same page.
    first.unmount();
    expect(hasUnsavedWork()).toBe(false);
    renderBusinessForm('/usaha/baru');
    const name = await findForm();
    expect(name).toHaveValue('Amplang Setengah');
    expect(field('Modal usaha (tanpa tanah dan bangunan)')).toHaveValue('2 jt');
    expect(screen.getByText(/Isian yang belum disimpan dipulihkan dari draf/)).toBeInTheDocument();
    expect(hasUnsavedWork()).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Buang draf' }));
    expect(field('Nama usaha')).toHaveValue('');
    await waitFor(async () => expect(await localDb.drafts.count()).toBe(0));
    expect(hasUnsavedWork()).toBe(false);
  });

  it('the last keystrokes before leaving the form are kept too', async () => {
    const user = userEvent.setup();
    const view = renderBusinessForm('/usaha/baru');
    await findForm();
    await user.type(field('Nama usaha'), 'Soto Banjar Bang Amat');
    view.unmount();
    await waitFor(async () =>
      expect((await localDb.drafts.get(businessDraftId(null)))?.data).toMatchObject({
        values: { name: 'Soto Banjar Bang Amat' },
      }),
    );
  });
});
