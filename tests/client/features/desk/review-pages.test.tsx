/**
 * The coordinator's review screens against the real server (embedded database; `app.request`
 * stands in for the network): the queue and its filters, returning a visit with a comment,
 * a stale decision, and a decision made offline. The comment being typed is never lost.
 */
import { randomUUID } from 'node:crypto';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { eq } from 'drizzle-orm';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { ReviewQueuePage } from '@/client/features/desk/review-queue-page';
import { ReviewVisitPage } from '@/client/features/desk/review-visit-page';
import { visitReviews, visits } from '@/server/db/schema';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { type TestServer } from '../../../helpers/server';
import { device, newVisit } from '../../../helpers/sync-fixtures';
import { startDeskServer, type DeskHarness } from './desk-harness';

let s: TestServer;
let coachToken: string;
let phone = device();
let visitId: string;
let network: DeskHarness['network'];

beforeEach(async () => {
  ({ s, network } = await startDeskServer());
  coachToken = await s.login('coach-a');
  phone = device();
  visitId = randomUUID();
  await coachPush([
    phone.mutation(
      'visits',
      visitId,
      newVisit(s.fixture.businessOfCoachA, s.fixture.coachA, {
        notes: 'Label belum mencantumkan tanggal kedaluwarsa.',
      }),
    ),
  ]);
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  localStorage.clear();
  await s.dispose();
});

async function coachPush(mutations: unknown[]) {
  const res = await s.json('/api/sync', {
    method: 'POST',
    token: coachToken,
    body: { schemaVersion: PROTOCOL_VERSION, clientId: phone.clientId, cursor: '0', mutations },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { changes: { visits: Array<{ id: string; clocks: Record<string, string> }> } };
}

function renderDesk(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/koordinator" element={<ReviewQueuePage />} />
          <Route path="/koordinator/kunjungan/:visitId" element={<ReviewVisitPage />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

const storedVisit = async () => (await s.database.db.select().from(visits).where(eq(visits.id, visitId)))[0];

describe('review queue', () => {
  it('lists what waits for a decision, filters by kecamatan and topic, and opens a visit', async () => {
    const user = userEvent.setup();
    renderDesk('/koordinator');
    const row = await screen.findByRole('link', { name: /Amplang Berkah/ });
    expect(row).toHaveTextContent('Menunggu tinjauan');
    expect(screen.getByText('Label belum mencantumkan tanggal kedaluwarsa.')).toBeInTheDocument();
    expect(screen.getByText(/oleh Coach A/)).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kecamatan' }), 'Banjarmasin Timur');
    expect(
      await screen.findByText('Tidak ada kunjungan yang cocok dengan saringan ini.'),
    ).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kecamatan' }), 'Banjarmasin Selatan');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Topik' }), 'Kemasan');
    await user.click(await screen.findByRole('link', { name: /Amplang Berkah/ }));
    expect(await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' })).toBeInTheDocument();
  });

  it('says politely that the list needs a connection, and loads it on "Coba lagi"', async () => {
    const user = userEvent.setup();
    network.online = false;
    renderDesk('/koordinator');
    expect(await screen.findByRole('alert')).toHaveTextContent('Daftar tinjauan perlu koneksi internet');
    network.online = true;
    await user.click(screen.getByRole('button', { name: 'Coba lagi' }));
    expect(await screen.findByRole('link', { name: /Amplang Berkah/ })).toBeInTheDocument();
  });
});

describe('deciding on a visit', () => {
  it('returning needs a comment; with one, the visit is returned and leaves the waiting list', async () => {
    const user = userEvent.setup();
    renderDesk(`/koordinator/kunjungan/${visitId}`);
    await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' });

    await user.click(screen.getByRole('button', { name: 'Kembalikan ke pendamping' }));
    expect(
      await screen.findByText('Tulis komentar untuk pendamping saat mengembalikan kunjungan.'),
    ).toBeVisible();
    expect((await storedVisit())?.reviewState).toBe('submitted');

    await user.type(
      screen.getByRole('textbox', { name: 'Komentar untuk pendamping' }),
      'Tambahkan foto kemasan.',
    );
    await user.click(screen.getByRole('button', { name: 'Kembalikan ke pendamping' }));

    expect(await screen.findByText(/Kunjungan dikembalikan ke pendamping/)).toBeInTheDocument();
    expect(
      await screen.findByText('Tidak ada kunjungan yang cocok dengan saringan ini.'),
    ).toBeInTheDocument();
    expect(await storedVisit()).toMatchObject({
      reviewState: 'returned',
      reviewComment: 'Tambahkan foto kemasan.',
    });
    expect(localStorage.length).toBe(0);
  });

  it('a visit the coach changed meanwhile is not overwritten: the new version shows, the comment stays', async () => {
    const user = userEvent.setup();
    renderDesk(`/koordinator/kunjungan/${visitId}`);
    await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' });
    await user.type(screen.getByRole('textbox', { name: 'Komentar untuk pendamping' }), 'Bagus, lanjutkan.');

    // Meanwhile the coach adds the month's sales from the phone.
    await coachPush([phone.mutation('visits', visitId, { monthlySales: 4_500_000 })]);
    await user.click(screen.getByRole('button', { name: 'Setujui' }));

    expect(await screen.findByText(/sudah berubah sejak Anda membukanya/)).toBeInTheDocument();
    expect(await screen.findByText('Rp4.500.000')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Komentar untuk pendamping' })).toHaveValue(
      'Bagus, lanjutkan.',
    );
    expect((await storedVisit())?.reviewState).toBe('submitted');

    // Having seen it, the coordinator decides again.
    await user.click(screen.getByRole('button', { name: 'Setujui' }));
    expect(await screen.findByText('Kunjungan disetujui.')).toBeInTheDocument();
    expect((await storedVisit())?.reviewState).toBe('approved');
    const history = await s.database.db.select().from(visitReviews).where(eq(visitReviews.visitId, visitId));
    expect(history.map((h) => [h.fromState, h.toState, h.comment])).toEqual([
      [null, 'submitted', null],
      ['submitted', 'approved', 'Bagus, lanjutkan.'],
    ]);
  });

  it('offline, the decision is refused politely and the comment survives closing the page', async () => {
    const user = userEvent.setup();
    const first = renderDesk(`/koordinator/kunjungan/${visitId}`);
    await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' });
    await user.type(
      screen.getByRole('textbox', { name: 'Komentar untuk pendamping' }),
      'Foto GPS kurang jelas.',
    );
    network.online = false;
    await user.click(screen.getByRole('button', { name: 'Kembalikan ke pendamping' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Tidak tersambung ke server. Komentar Anda tetap tersimpan');
    expect((await storedVisit())?.reviewState).toBe('submitted');

    first.unmount();
    network.online = true;
    renderDesk(`/koordinator/kunjungan/${visitId}`);
    await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' });
    expect(screen.getByRole('textbox', { name: 'Komentar untuk pendamping' })).toHaveValue(
      'Foto GPS kurang jelas.',
    );
    expect(screen.getByText('Komentar yang belum terkirim dipulihkan.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kembalikan ke pendamping' }));
    expect(await screen.findByText(/Kunjungan dikembalikan ke pendamping/)).toBeInTheDocument();
    expect((await storedVisit())?.reviewComment).toBe('Foto GPS kurang jelas.');
  });

  it('a visit that is not there (deleted, or another city’s) says so, without a pointless "Coba lagi"', async () => {
    renderDesk(`/koordinator/kunjungan/${randomUUID()}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('Kunjungan ini tidak ditemukan');
    expect(screen.queryByRole('button', { name: 'Coba lagi' })).toBeNull();
  });

  it('shows the follow-ups, the checklist and the review history of the visit', async () => {
    await coachPush([
      phone.mutation('followUps', randomUUID(), {
        businessId: s.fixture.businessOfCoachA,
        visitId,
        what: 'Daftar NIB lewat OSS',
        who: 'Pemilik',
        dueOn: '2026-12-01',
        doneAt: null,
      }),
    ]);
    renderDesk(`/koordinator/kunjungan/${visitId}`);
    await screen.findByRole('heading', { name: 'Kunjungan ke Amplang Berkah' });
    const followUps = screen.getByRole('heading', { name: 'Tindak lanjut' }).closest('section');
    expect(within(followUps as HTMLElement).getByText(/Daftar NIB lewat OSS \(Pemilik\)/)).toHaveTextContent(
      'tenggat 1 Des 2026',
    );
    const history = screen.getByRole('heading', { name: 'Riwayat tinjauan' }).closest('section');
    await waitFor(() => expect(within(history as HTMLElement).getAllByRole('listitem')).toHaveLength(1));
    expect(within(history as HTMLElement).getByRole('listitem')).toHaveTextContent(
      'Menunggu tinjauan — Coach A',
    );
  });
});
