import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { saveSession } from '@/client/data/session-repository';
import { mutationSchema } from '@/shared/sync/protocol';
import { makeFollowUp, makeVisit } from '../../../helpers/factories';
import { ownerBusiness, ownerSession, renderOwner, startOwnerPhone } from './owner-harness';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const section = (name: RegExp | string) => screen.findByRole('region', { name });

describe("the owner's home (/pemilik)", () => {
  it('shows the profile the owner may see, with region names, licences and channels, and no internal field', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    renderOwner('/pemilik');

    expect(await screen.findByRole('heading', { level: 1, name: 'Kue Renyah Bu Siti' })).toBeInTheDocument();
    expect(screen.getByText('Halo, Siti Rahmah')).toBeInTheDocument();
    const profile = await section('Profil usaha');
    expect(within(profile).getByText('Kue kering amplang dan rengginang')).toBeInTheDocument();
    expect(within(profile).getByText('Jl. Kelayan A Gg. Sepakat No. 12')).toBeInTheDocument();
    expect(within(profile).getByText('Kel. Mantuil, Kec. Banjarmasin Selatan')).toBeInTheDocument();
    expect(within(profile).getByText('0812-3456-7890')).toBeInTheDocument();
    expect(within(profile).getByRole('link', { name: 'Kirim WhatsApp ke 0812-3456-7890' })).toHaveAttribute(
      'href',
      'https://wa.me/6281234567890',
    );
    expect(within(profile).getByText('1234567890123')).toBeInTheDocument();
    expect(within(profile).getByText('206357101012325')).toBeInTheDocument();
    expect(within(profile).getByRole('link', { name: /@kuerenyah/ })).toHaveAttribute(
      'href',
      'https://www.instagram.com/kuerenyah',
    );
    // Internal fields: the NIK, capital and sales, the cohort, the coaching status.
    const page = document.body.textContent ?? '';
    expect(page).not.toContain('6371014505800001');
    expect(page).not.toContain('15.000.000');
    expect(page).not.toContain('240.000.000');
    expect(page).not.toContain('WUB 2024');
    expect(page).not.toMatch(/Modal|Omzet|Status pendampingan/);
  });

  it('shows only the visits the coach shared, as the summary for the owner, never the notes', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    await localDb.visits.bulkPut([
      makeVisit({
        businessId: business.id,
        visitedAt: '2026-03-10T02:30:00.000Z',
        kind: 'follow_up',
        topics: ['packaging', 'licensing'],
        notes: 'Catatan internal: pemilik ragu soal biaya.',
        problems: 'Kendala internal',
        sharedWithOwner: true,
        ownerSummary: 'Label sudah lengkap. Langkah berikutnya: daftar halal.',
        nextVisitOn: '2026-04-14',
      }),
      makeVisit({
        businessId: business.id,
        visitedAt: '2026-02-03T02:30:00.000Z',
        notes: 'Kunjungan yang tidak dibagikan.',
        sharedWithOwner: false,
        ownerSummary: 'Ringkasan yang belum dibagikan.',
      }),
    ]);
    renderOwner('/pemilik');

    const visits = await section('Ringkasan kunjungan');
    expect(
      await within(visits).findByText('Label sudah lengkap. Langkah berikutnya: daftar halal.'),
    ).toBeInTheDocument();
    expect(within(visits).getByRole('heading', { name: 'Kunjungan 10 Mar 2026' })).toBeInTheDocument();
    expect(within(visits).getByText('Tindak lanjut · Topik: Kemasan, Perizinan')).toBeInTheDocument();
    expect(within(visits).getByText('Kunjungan berikutnya direncanakan 14 Apr 2026.')).toBeInTheDocument();
    expect(within(visits).getAllByRole('listitem')).toHaveLength(1);
    const page = document.body.textContent ?? '';
    expect(page).not.toContain('Catatan internal');
    expect(page).not.toContain('Kendala internal');
    expect(page).not.toContain('Ringkasan yang belum dibagikan.');
    expect(page).not.toContain('3 Feb 2026');
  });

  it('shows the next licensing steps for the business', async () => {
    await startOwnerPhone(
      ownerBusiness({ licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null } }),
    );
    renderOwner('/pemilik');
    const hints = await section('Langkah izin berikutnya');
    expect(within(hints).getByRole('heading', { name: 'Daftar NIB lewat OSS-RBA dulu' })).toBeInTheDocument();
    expect(within(hints).getByRole('heading', { name: 'Perlu izin edar pangan' })).toBeInTheDocument();
  });

  it("ticks the owner's own action through the outbox; others' actions are read-only", async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const mine = makeFollowUp({
      businessId: business.id,
      assignee: 'owner',
      what: 'Foto produk dengan latar putih',
      dueOn: '2026-03-20',
    });
    const coach = makeFollowUp({
      businessId: business.id,
      assignee: 'other',
      who: 'Dinas Kesehatan',
      what: 'Jadwalkan penyuluhan keamanan pangan',
      dueOn: null,
    });
    await localDb.followUps.bulkPut([mine, coach]);
    const user = userEvent.setup();
    renderOwner('/pemilik');

    const plan = await section('Rencana aksi saya');
    const box = await within(plan).findByRole('checkbox', { name: 'Foto produk dengan latar putih' });
    expect(box).not.toBeChecked();
    expect(within(plan).getByText(/20 Mar 2026/)).toBeInTheDocument();
    expect(within(plan).getAllByRole('checkbox')).toHaveLength(1);
    expect(within(plan).getByText('Jadwalkan penyuluhan keamanan pangan')).toBeInTheDocument();
    expect(within(plan).getByText('Dikerjakan pendamping/dinas')).toBeInTheDocument();
    expect(within(plan).getByText('Oleh: Dinas Kesehatan · Sedang dikerjakan')).toBeInTheDocument();

    await user.click(box);
    expect(await within(plan).findByText('Tersimpan: Foto produk dengan latar putih')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(plan).getByRole('checkbox', { name: 'Foto produk dengan latar putih' })).toBeChecked(),
    );
    expect((await localDb.followUps.get(mine.id))?.doneAt).toEqual(expect.any(String));
    const entries = (await localDb.outbox.toArray()).map((entry) => mutationSchema.parse(entry));
    expect(entries.map((entry) => [entry.table, entry.rowId, Object.keys(entry.fields)])).toEqual([
      ['followUps', mine.id, ['doneAt']],
    ]);
    expect((await localDb.followUps.get(coach.id))?.doneAt).toBeNull();
  });

  it('sends a correction request through the outbox and lists it as waiting', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const user = userEvent.setup();
    renderOwner('/pemilik');

    const card = await section('Minta koreksi data');
    const field = within(card).getByRole('combobox', { name: 'Data yang salah' });
    expect(field).toHaveValue('phone');
    expect(within(card).getByText('Tercatat sekarang: 0812-3456-7890')).toBeInTheDocument();

    await user.selectOptions(field, 'NIB');
    expect(within(card).getByText('Tercatat sekarang: 1234567890123')).toBeInTheDocument();
    const value = within(card).getByRole('textbox', { name: 'Data yang benar' });
    await user.type(value, '12345');
    await user.click(within(card).getByRole('button', { name: 'Kirim permintaan' }));
    expect(await within(card).findByText('NIB harus 13 digit angka.')).toBeInTheDocument();
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(await localDb.outbox.count()).toBe(0);

    await user.clear(value);
    await user.type(value, '9876543210123');
    await user.type(
      within(card).getByRole('textbox', { name: 'Keterangan (boleh dikosongkan)' }),
      'NIB baru dari OSS',
    );
    await user.click(within(card).getByRole('button', { name: 'Kirim permintaan' }));

    expect(
      await within(card).findByText(
        'Permintaan tersimpan dan akan sampai ke pendamping saat ponsel tersinkron.',
      ),
    ).toBeInTheDocument();
    const requests = await within(card).findByRole('list', { name: 'Permintaan saya' });
    expect(await within(requests).findByText('9876543210123')).toBeInTheDocument();
    expect(within(requests).getByText('Menunggu')).toBeInTheDocument();
    expect(within(requests).getByText('Keterangan: NIB baru dari OSS')).toBeInTheDocument();

    const [entry] = (await localDb.outbox.toArray()).map((row) => mutationSchema.parse(row));
    expect(entry).toMatchObject({
      table: 'followUps',
      op: 'upsert',
      fields: {
        businessId: business.id,
        assignee: 'coach',
        what: 'Koreksi NIB: 9876543210123',
        who: 'Pemilik (permintaan koreksi)',
        correction: { field: 'licences.nib', value: '9876543210123', reason: 'NIB baru dari OSS' },
        resolution: null,
      },
    });
    expect(value).toHaveValue('');
  });

  it('refuses a correction that repeats what is recorded', async () => {
    await startOwnerPhone(ownerBusiness());
    const user = userEvent.setup();
    renderOwner('/pemilik');
    const card = await section('Minta koreksi data');
    await user.type(within(card).getByRole('textbox', { name: 'Data yang benar' }), '0812 3456 7890');
    await user.click(within(card).getByRole('button', { name: 'Kirim permintaan' }));
    expect(
      await within(card).findByText('Isinya sama dengan data yang tercatat sekarang.'),
    ).toBeInTheDocument();
    expect(await localDb.outbox.count()).toBe(0);
  });

  it("shows the coach's answer to earlier requests", async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    await localDb.followUps.bulkPut([
      makeFollowUp({
        businessId: business.id,
        assignee: 'coach',
        what: 'Koreksi alamat: Jl. Kelayan B',
        correction: { field: 'address', value: 'Jl. Kelayan B', reason: '' },
        resolution: 'declined',
        resolutionNote: 'Alamat di KTP masih Kelayan A.',
        createdAt: '2026-03-01T02:00:00.000Z',
      }),
      makeFollowUp({
        businessId: business.id,
        assignee: 'coach',
        what: 'Koreksi merek: Renyah',
        correction: { field: 'brand', value: 'Renyah', reason: '' },
        resolution: 'accepted',
        createdAt: '2026-02-01T02:00:00.000Z',
      }),
    ]);
    renderOwner('/pemilik');
    const requests = await screen.findByRole('list', { name: 'Permintaan saya' });
    const [declined, accepted] = await within(requests).findAllByRole('listitem');
    expect(declined).toHaveTextContent('Alamat');
    expect(declined).toHaveTextContent('Ditolak');
    expect(declined).toHaveTextContent('Catatan pendamping: Alamat di KTP masih Kelayan A.');
    expect(accepted).toHaveTextContent('Merek');
    expect(accepted).toHaveTextContent('Diterima');
    // A request is the coach's task, not an action of the owner's plan.
    const plan = await section('Rencana aksi saya');
    expect(within(plan).queryByText(/Koreksi/)).not.toBeInTheDocument();
  });

  it('shows business photos, and a placeholder for one not downloaded yet', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const base = {
      mimeType: 'image/jpeg' as const,
      byteSize: 3,
      width: 4,
      height: 3,
      businessId: business.id,
      visitId: null,
      caption: null,
      takenAt: '2026-03-01T02:00:00.000Z',
      organisationId: business.organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: '2026-03-01T02:00:00.000Z',
      updatedAt: '2026-03-01T02:00:00.000Z',
    };
    await localDb.photos.bulkPut([
      { ...base, id: '01900000-0000-7000-8000-0000000000f1', sha256: 'a'.repeat(64), kind: 'product' },
      { ...base, id: '01900000-0000-7000-8000-0000000000f2', sha256: 'b'.repeat(64), kind: 'premises' },
    ]);
    await localDb.blobs.put({
      sha256: 'a'.repeat(64),
      bytes: new Uint8Array([1, 2, 3]).buffer,
      type: 'image/jpeg',
      createdAt: '2026-03-01T02:00:00.000Z',
    });
    renderOwner('/pemilik');
    const profile = await section('Profil usaha');
    expect(await within(profile).findByRole('img', { name: 'Foto 1: Produk' })).toBeInTheDocument();
    const missing = within(profile).getByRole('img', { name: 'Foto 2: Tempat usaha' });
    expect(missing).toHaveTextContent('Foto belum terunggah ke ponsel ini');
  });

  it('says when the phone is offline and that a change waits to be sent', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    const mine = makeFollowUp({ businessId: business.id, what: 'Daftar halal' });
    await localDb.followUps.put(mine);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const user = userEvent.setup();
    renderOwner('/pemilik');
    expect(
      await screen.findByText(
        'Anda sedang tidak tersambung. Yang tampil di sini adalah data terakhir di ponsel.',
      ),
    ).toBeInTheDocument();
    await user.click(await screen.findByRole('checkbox', { name: 'Daftar halal' }));
    expect(await screen.findByText(/1 perubahan Anda menunggu dikirim\./)).toBeInTheDocument();
  });

  it('explains that the business is not on the phone before the first sync', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    await localDb.businesses.clear();
    renderOwner('/pemilik');
    expect(
      await screen.findByRole('heading', { name: 'Data usaha belum ada di ponsel ini' }),
    ).toBeInTheDocument();
  });

  it('never shows another business, even one on the phone, to an owner whose business is elsewhere', async () => {
    const business = ownerBusiness();
    await startOwnerPhone(business);
    await saveSession(localDb, ownerSession('01900000-0000-7000-8000-0000000000c9'));
    renderOwner('/pemilik');
    expect(
      await screen.findByRole('heading', { name: 'Data usaha belum ada di ponsel ini' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Kue Renyah Bu Siti')).not.toBeInTheDocument();
  });
});
