import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listVisitDrafts, loadVisitDraft, saveVisitDraft } from '@/client/data/draft-repository';
import { localDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import type { FollowUpInput } from '@/client/data/visit-types';
import { localDateTimeInput } from '@/client/features/visits/visit-form-schema';
import type { Business } from '@/shared/domain/business';
import { visitFieldsSchema } from '@/shared/domain/visit';
import { makeFollowUp, makeVisit } from '../../../helpers/factories';
import { findVisitForm, renderVisits, setUpCoach, tableCounts } from './visit-helpers';

/**
 * Issue 6, the coach's side of the owner's view: sharing a visit with the business owner (a summary
 * in plain words, the notes staying internal) and saying who does each follow-up as a kind, so the
 * owner's action plan can list "their" items.
 */
let business: Business;

beforeEach(async () => {
  business = await setUpCoach();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const textbox = (name: string) => screen.getByRole('textbox', { name });
const shareBox = () => screen.getByRole('checkbox', { name: 'Bagikan kunjungan ini ke pemilik' });
const save = () => screen.getByRole('button', { name: 'Simpan kunjungan' });
const SAVED = 'Kunjungan tersimpan di ponsel';

async function savedVisitOutbox() {
  const entries = await localDb.outbox.where('table').equals('visits').toArray();
  return entries.map((entry) => entry.fields);
}

/** A draft as an earlier save or an older app version left it. */
async function startDraft(data: {
  values: Record<string, unknown>;
  followUps: FollowUpInput[];
  visitId?: string;
}): Promise<string> {
  const draftId = uuidv7();
  await saveVisitDraft(localDb, draftId, {
    businessId: business.id,
    visitId: data.visitId ?? uuidv7(),
    values: data.values,
    followUps: data.followUps,
    checklists: [],
    photos: [],
    updatedAt: '2026-03-10T02:50:00.000Z',
  });
  return draftId;
}

// user-event types one key at a time: slower than the 5 s default on a busy CI machine.
describe('sharing a visit with the owner', { timeout: 20_000 }, () => {
  it('saves the tick and the summary to the visit and its outbox entry; the summary starts from the advice', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.type(textbox('Catatan'), 'Pemilik ragu soal biaya label.');
    await user.type(textbox('Saran yang diberikan'), 'Cetak label di percetakan Banjarbaru.');
    expect(screen.queryByRole('textbox', { name: /Ringkasan untuk pemilik/ })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Ringkasan untuk pemilik usaha' })).toBeInTheDocument();
    // What sharing shows is said before ticking.
    expect(shareBox()).toHaveAccessibleDescription(
      'Pemilik melihat ringkasan ini, tanggal, jenis dan topik kunjungan. Catatan, kendala dan saran tetap internal.',
    );

    await user.click(shareBox());
    const summary = screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ });
    expect(summary).toHaveValue('Cetak label di percetakan Banjarbaru.');
    await user.clear(summary);
    await user.type(summary, 'Label bisa dicetak di Banjarbaru, sekitar Rp 300 ribu.');
    await user.click(save());

    expect(await screen.findByText(SAVED, undefined, { timeout: 5000 })).toBeInTheDocument();
    const [visit] = await localDb.visits.toArray();
    expect(visit).toMatchObject({
      sharedWithOwner: true,
      ownerSummary: 'Label bisa dicetak di Banjarbaru, sekitar Rp 300 ribu.',
      notes: 'Pemilik ragu soal biaya label.',
    });
    expect(await savedVisitOutbox()).toEqual([
      expect.objectContaining({
        sharedWithOwner: true,
        ownerSummary: 'Label bisa dicetak di Banjarbaru, sekitar Rp 300 ribu.',
      }),
    ]);
    // The visit's page says it is shared and shows what the owner reads.
    const card = screen.getByRole('heading', { name: 'Untuk pemilik usaha' }).parentElement as HTMLElement;
    expect(
      within(card).getByText('Dibagikan ke pemilik. Pemilik melihat ringkasan ini:'),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('Label bisa dicetak di Banjarbaru, sekitar Rp 300 ribu.'),
    ).toBeInTheDocument();
  });

  it('an unshared visit saves false and no summary, even when a summary was typed and then unticked', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.click(shareBox());
    await user.type(screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ }), 'Belum jadi');
    await user.click(shareBox());
    expect(screen.queryByRole('textbox', { name: /Ringkasan untuk pemilik/ })).toBeNull();
    await user.click(save());

    expect(await screen.findByText(SAVED, undefined, { timeout: 5000 })).toBeInTheDocument();
    expect((await localDb.visits.toArray())[0]).toMatchObject({ sharedWithOwner: false, ownerSummary: '' });
    expect(await savedVisitOutbox()).toEqual([
      expect.objectContaining({ sharedWithOwner: false, ownerSummary: '' }),
    ]);
    expect(screen.getByText('Tidak dibagikan ke pemilik.')).toBeInTheDocument();
  });

  it('ticked with an empty summary, refuses to save and says what to do by the summary', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    // No advice typed: nothing to start the summary from.
    await user.click(shareBox());
    const summary = screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ });
    expect(summary).toHaveValue('');
    await user.type(summary, '   ');
    await user.click(save());

    await waitFor(() =>
      expect(summary).toHaveAccessibleDescription(
        expect.stringContaining(
          'Tulis ringkasan untuk pemilik, atau hapus centang "Bagikan kunjungan ini ke pemilik".',
        ),
      ),
    );
    expect(summary).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Ada 1 isian yang perlu diperbaiki.');
    expect(await tableCounts()).toMatchObject({ visits: 0, outbox: 0 });
  });

  it('a draft keeps the tick and the summary when the form is closed and reopened', async () => {
    const user = userEvent.setup();
    const first = renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.click(shareBox());
    await user.type(screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ }), 'Label sudah bagus.');
    first.unmount();
    await waitFor(async () => expect(await listVisitDrafts(localDb)).toHaveLength(1));
    const [draft] = await listVisitDrafts(localDb);
    expect(draft?.data.values).toMatchObject({ sharedWithOwner: true, ownerSummary: 'Label sudah bagus.' });

    renderVisits(`/kunjungan/baru?draf=${draft!.id}`);
    await findVisitForm();
    expect(shareBox()).toBeChecked();
    expect(screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ })).toHaveValue(
      'Label sudah bagus.',
    );
  });

  it('reopening a saved visit’s draft shows what was shared and saves only what changed', async () => {
    const user = userEvent.setup();
    const visit = makeVisit({
      businessId: business.id,
      monthlySales: 4_500_000,
      sharedWithOwner: true,
      ownerSummary: 'Kemasan baru sudah dipakai.',
    });
    await localDb.visits.put(visit);
    // What a save on a full disk leaves: the saved fields (an ISO time, rupiah as a number), not input text.
    const draftId = await startDraft({
      visitId: visit.id,
      values: { ...visitFieldsSchema.parse(visit) },
      followUps: [],
    });
    renderVisits(`/kunjungan/baru?draf=${draftId}`);
    await findVisitForm();
    expect(shareBox()).toBeChecked();
    const summary = screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ });
    expect(summary).toHaveValue('Kemasan baru sudah dipakai.');
    expect(textbox('Omzet per bulan')).toHaveValue('4.500.000');
    expect(screen.getByLabelText(/Tanggal dan jam/)).toHaveValue(
      localDateTimeInput(new Date(visit.visitedAt)),
    );

    await user.type(summary, ' Stok laku di minimarket.');
    await user.click(save());
    expect(await screen.findByText(SAVED, undefined, { timeout: 5000 })).toBeInTheDocument();
    expect(await savedVisitOutbox()).toEqual([
      { ownerSummary: 'Kemasan baru sudah dipakai. Stok laku di minimarket.' },
    ]);
    expect(await localDb.visits.get(visit.id)).toMatchObject({
      monthlySales: 4_500_000,
      sharedWithOwner: true,
    });
  });
});

describe('an older draft of a shared visit', () => {
  it('keeps the saved tick and summary when the draft was written before sharing existed', async () => {
    const visit = makeVisit({
      businessId: business.id,
      sharedWithOwner: true,
      ownerSummary: 'Kemasan baru sudah dipakai.',
    });
    await localDb.visits.put(visit);
    const draftId = await startDraft({
      visitId: visit.id,
      values: { notes: 'Catatan diubah' },
      followUps: [],
    });
    renderVisits(`/kunjungan/baru?draf=${draftId}`);
    expect(await findVisitForm()).toHaveValue('Catatan diubah');
    expect(shareBox()).toBeChecked();
    expect(screen.getByRole('textbox', { name: /Ringkasan untuk pemilik/ })).toHaveValue(
      'Kemasan baru sudah dipakai.',
    );
  });
});

describe('who does a follow-up', { timeout: 20_000 }, () => {
  it('saves the kind chosen, with `who` as the Indonesian label or the other party’s name', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    const add = screen.getByRole('button', { name: 'Tambah tindak lanjut' });
    for (let count = 0; count < 3; count++) await user.click(add);
    const rows = screen.getAllByRole('listitem').filter((item) => item.classList.contains('vf-follow-up'));
    expect(rows).toHaveLength(3);
    const plan: Array<[string, string]> = [
      ['Daftar NIB lewat OSS', 'Pemilik usaha'],
      ['Kirim contoh label', 'Pendamping'],
      ['Uji laboratorium produk', 'Pihak lain'],
    ];
    for (const [index, [what, by]] of plan.entries()) {
      const row = within(rows[index]!);
      await user.type(row.getByRole('textbox', { name: /Apa yang dilakukan/ }), what);
      await user.selectOptions(row.getByRole('combobox', { name: /Dikerjakan oleh/ }), by);
    }
    // The name box is there only for another party; the owner's row says where it shows.
    expect(within(rows[0]!).queryByRole('textbox', { name: /Nama pihak lain/ })).toBeNull();
    expect(within(rows[0]!).getByRole('combobox', { name: /Dikerjakan oleh/ })).toHaveAccessibleDescription(
      'Muncul di rencana aksi pemilik.',
    );
    expect(within(rows[1]!).queryByRole('textbox', { name: /Nama pihak lain/ })).toBeNull();
    await user.type(within(rows[2]!).getByRole('textbox', { name: /Nama pihak lain/ }), ' Dinas Kesehatan ');
    await user.click(save());

    expect(await screen.findByText(SAVED, undefined, { timeout: 5000 })).toBeInTheDocument();
    const saved = await localDb.followUps.toArray();
    const byWhat = (what: string) => saved.find((row) => row.what === what);
    expect(byWhat('Daftar NIB lewat OSS')).toMatchObject({ assignee: 'owner', who: 'Pemilik' });
    expect(byWhat('Kirim contoh label')).toMatchObject({ assignee: 'coach', who: 'Pendamping' });
    expect(byWhat('Uji laboratorium produk')).toMatchObject({ assignee: 'other', who: 'Dinas Kesehatan' });
    const queued = await localDb.outbox.where('table').equals('followUps').toArray();
    expect(queued.map((entry) => entry.fields.assignee).sort()).toEqual(['coach', 'other', 'owner']);
    // The visit's page says who does each.
    expect(screen.getByText(/^dikerjakan pemilik usaha · /)).toBeInTheDocument();
    expect(screen.getByText(/^dikerjakan pendamping · /)).toBeInTheDocument();
    expect(screen.getByText(/^dikerjakan Dinas Kesehatan · /)).toBeInTheDocument();
  });

  it('refuses a follow-up whose doer is not chosen, or another party without a name, by those fields', async () => {
    const user = userEvent.setup();
    renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    await user.click(screen.getByRole('button', { name: 'Tambah tindak lanjut' }));
    await user.type(textbox('Apa yang dilakukan'), 'Urus P-IRT');
    const doneBy = screen.getByRole('combobox', { name: /Dikerjakan oleh/ });
    expect(doneBy).toHaveValue('');
    await user.click(save());
    await waitFor(() => expect(doneBy).toHaveAccessibleDescription('Wajib diisi.'));
    expect(screen.getByRole('alert')).toHaveTextContent('Ada 1 isian yang perlu diperbaiki.');

    await user.selectOptions(doneBy, 'Pihak lain');
    await user.click(save());
    const name = screen.getByRole('textbox', { name: /Nama pihak lain/ });
    await waitFor(() => expect(name).toHaveAccessibleDescription(expect.stringContaining('Wajib diisi.')));
    expect(await tableCounts()).toMatchObject({ visits: 0, followUps: 0, outbox: 0 });
  });

  it('a draft keeps the choice, and one not made yet stays unmade', async () => {
    const user = userEvent.setup();
    const first = renderVisits(`/kunjungan/baru?usaha=${business.id}`);
    await findVisitForm();
    const add = screen.getByRole('button', { name: 'Tambah tindak lanjut' });
    await user.click(add);
    await user.click(add);
    const doneBy = screen.getAllByRole('combobox', { name: /Dikerjakan oleh/ });
    await user.selectOptions(doneBy[0]!, 'Pihak lain');
    await user.type(screen.getByRole('textbox', { name: /Nama pihak lain/ }), 'Dinas Perindustrian');
    first.unmount();
    await waitFor(async () => expect(await listVisitDrafts(localDb)).toHaveLength(1));
    const [draft] = await listVisitDrafts(localDb);
    expect((await loadVisitDraft(localDb, draft!.id))?.followUps).toMatchObject([
      { assignee: 'other', who: 'Dinas Perindustrian' },
      { assignee: null, who: '' },
    ]);

    renderVisits(`/kunjungan/baru?draf=${draft!.id}`);
    await findVisitForm();
    const reopened = screen.getAllByRole('combobox', { name: /Dikerjakan oleh/ });
    expect(reopened.map((select) => (select as HTMLSelectElement).value)).toEqual(['other', '']);
    expect(screen.getByRole('textbox', { name: /Nama pihak lain/ })).toHaveValue('Dinas Perindustrian');
  });

  it('an older draft with only `who` gets its doer from it: "Pemilik" is the owner', async () => {
    const user = userEvent.setup();
    const draftId = await startDraft({
      values: {},
      followUps: [
        { id: uuidv7(), what: 'Daftar NIB lewat OSS', who: 'Pemilik', dueOn: null },
        { id: uuidv7(), what: 'Kirim contoh label', who: 'Pendamping', dueOn: null },
        { id: uuidv7(), what: 'Uji laboratorium', who: 'Dinas Kesehatan', dueOn: null },
      ],
    });
    renderVisits(`/kunjungan/baru?draf=${draftId}`);
    await findVisitForm();
    const doneBy = screen.getAllByRole('combobox', { name: /Dikerjakan oleh/ });
    expect(doneBy.map((select) => (select as HTMLSelectElement).value)).toEqual(['owner', 'coach', 'other']);
    expect(screen.getByRole('textbox', { name: /Nama pihak lain/ })).toHaveValue('Dinas Kesehatan');
    // The share box of a draft from before it existed starts unticked.
    expect(shareBox()).not.toBeChecked();

    await user.click(save());
    expect(await screen.findByText(SAVED, undefined, { timeout: 5000 })).toBeInTheDocument();
    const saved = await localDb.followUps.toArray();
    expect(saved.find((row) => row.what === 'Daftar NIB lewat OSS')).toMatchObject({
      assignee: 'owner',
      who: 'Pemilik',
    });
    expect(saved.find((row) => row.what === 'Uji laboratorium')).toMatchObject({
      assignee: 'other',
      who: 'Dinas Kesehatan',
    });
  });
});

describe('a saved visit’s page', () => {
  it('reads the doer of a row stored before `assignee` existed from its `who`', async () => {
    const visit = makeVisit({ businessId: business.id });
    await localDb.visits.put(visit);
    const { assignee: _dropped, ...older } = makeFollowUp({
      businessId: business.id,
      visitId: visit.id,
      what: 'Daftar NIB lewat OSS',
      who: 'Pemilik',
    });
    await localDb.followUps.put(older as Parameters<typeof localDb.followUps.put>[0]);
    renderVisits(`/kunjungan/${visit.id}`);
    expect(await screen.findByText('Daftar NIB lewat OSS')).toBeInTheDocument();
    expect(screen.getByText(/^dikerjakan pemilik usaha · /)).toBeInTheDocument();
    expect(screen.getByText('Tidak dibagikan ke pemilik.')).toBeInTheDocument();
  });
});
