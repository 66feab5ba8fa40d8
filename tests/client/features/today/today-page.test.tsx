import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession } from '@/client/data/session-repository';
import { addDays, localIsoDate } from '@/client/data/today-repository';
import { LANGUAGE_STORAGE_KEY } from '@/client/app/i18n';
import { makeBusiness, makeFollowUp, makeVisit, TEST_REGIONS } from '../../../helpers/factories';
import { makeSession, renderApp, resetClientState } from '../../render-app';

const today = localIsoDate(new Date());
const instant = (date: string) => `${date}T02:00:00.000Z`;

beforeEach(async () => {
  await resetClientState();
  await saveSession(localDb, makeSession('coach'));
  await saveRegions(localDb, TEST_REGIONS);
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A Today section, found the way a person scans the page: by its heading. */
async function section(name: RegExp) {
  return screen.findByRole('region', { name });
}

describe('Today (Hari ini)', () => {
  it('greets the coach and shows every section with a zero count and what "empty" means', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Hari ini' })).toBeInTheDocument();
    expect(await screen.findByText('Halo, Siti Rahmah')).toBeInTheDocument();
    const expectations: [RegExp, string][] = [
      [/Rencana kunjungan hari ini/, 'Tidak ada kunjungan yang direncanakan hari ini.'],
      [/Rencana kunjungan terlambat/, 'Tidak ada rencana kunjungan yang terlambat.'],
      [/Tindak lanjut/, 'Tidak ada tindak lanjut yang lewat tenggat atau jatuh tempo dalam 2 hari.'],
      [/Dikembalikan koordinator/, 'Tidak ada kunjungan yang dikembalikan.'],
      [/Draf kunjungan/, 'Tidak ada draf kunjungan.'],
      [/Lama tidak dikunjungi/, 'Semua usaha Anda dikunjungi dalam 60 hari terakhir.'],
    ];
    for (const [name, empty] of expectations) {
      const region = await section(name);
      expect(await within(region).findByText(empty)).toBeInTheDocument();
      expect(within(region).getByRole('heading', { level: 2 })).toHaveTextContent(/0$/);
    }
  });

  it('lists planned and overdue visits, each with a one-tap "Mulai kunjungan" to that business', async () => {
    const planned = makeBusiness({ name: 'Amplang Haji Anang' });
    const late = makeBusiness({ name: 'Kue Renyah', villageCode: '63.71.01.1002' });
    await localDb.businesses.bulkPut([planned, late]);
    await localDb.visits.bulkPut([
      makeVisit({ businessId: planned.id, visitedAt: instant(addDays(today, -14)), nextVisitOn: today }),
      makeVisit({
        businessId: late.id,
        visitedAt: instant(addDays(today, -20)),
        nextVisitOn: addDays(today, -3),
      }),
    ]);
    renderApp('/');

    const todayRegion = await section(/Rencana kunjungan hari ini/);
    const start = await within(todayRegion).findByRole('link', {
      name: 'Mulai kunjungan: Amplang Haji Anang',
    });
    expect(start).toHaveAttribute('href', `/kunjungan/baru?usaha=${planned.id}`);
    expect(within(todayRegion).getByRole('link', { name: 'Amplang Haji Anang' })).toHaveAttribute(
      'href',
      `/usaha/${planned.id}`,
    );

    const lateRegion = await section(/Rencana kunjungan terlambat/);
    expect(await within(lateRegion).findByText(/Terlambat 3 hari/)).toBeInTheDocument();
    expect(within(lateRegion).getByText(/Kelayan Selatan/)).toBeInTheDocument();
    expect(within(lateRegion).getByRole('heading', { level: 2 })).toHaveTextContent(/1$/);
  });

  it('ticks a follow-up done with one tap through the outbox, and can undo it', async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    const followUp = makeFollowUp({
      businessId: business.id,
      what: 'Daftar NIB lewat OSS',
      dueOn: addDays(today, -2),
    });
    await localDb.businesses.put(business);
    await localDb.followUps.put(followUp);
    const user = userEvent.setup();
    renderApp('/');

    const region = await section(/Tindak lanjut/);
    expect(await within(region).findByText('Lewat 2 hari')).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'Tandai selesai: Daftar NIB lewat OSS' }));

    expect(await within(region).findByText('Ditandai selesai: Daftar NIB lewat OSS')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(region).queryByRole('button', { name: /^Tandai selesai/ })).not.toBeInTheDocument(),
    );
    const stored = await localDb.followUps.get(followUp.id);
    expect(stored?.doneAt).toEqual(expect.any(String));
    const entries = await localDb.outbox.toArray();
    expect(entries.map((entry) => [entry.table, entry.rowId, Object.keys(entry.fields)])).toEqual([
      ['followUps', followUp.id, ['doneAt']],
    ]);

    await user.click(within(region).getByRole('button', { name: 'Urungkan' }));
    expect(
      await within(region).findByRole('button', { name: 'Tandai selesai: Daftar NIB lewat OSS' }),
    ).toBeInTheDocument();
    expect((await localDb.followUps.get(followUp.id))?.doneAt).toBeNull();
    expect(await localDb.outbox.count()).toBe(2);
  });

  it("shows a returned visit with the coordinator's comment and a link to open it", async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    const visit = makeVisit({
      businessId: business.id,
      visitedAt: instant(addDays(today, -5)),
      reviewState: 'returned',
      reviewComment: 'Foto kemasan sesudah belum dilampirkan.',
    });
    await localDb.businesses.put(business);
    await localDb.visits.put(visit);
    renderApp('/');

    const region = await section(/Dikembalikan koordinator/);
    expect(
      await within(region).findByText('Komentar: Foto kemasan sesudah belum dilampirkan.'),
    ).toBeInTheDocument();
    expect(within(region).getByRole('link', { name: /^Buka kunjungan: Kue Renyah/ })).toHaveAttribute(
      'href',
      `/kunjungan/${visit.id}`,
    );
  });

  it('offers to continue a visit draft', async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    await localDb.businesses.put(business);
    await localDb.drafts.put({
      id: 'draft-visit-1',
      kind: 'visit',
      data: { businessId: business.id, updatedAt: new Date().toISOString() },
      updatedAt: new Date().toISOString(),
    });
    renderApp('/');

    const region = await section(/Draf kunjungan/);
    expect(await within(region).findByRole('link', { name: 'Lanjutkan: Kue Renyah' })).toHaveAttribute(
      'href',
      '/kunjungan/baru?draf=draft-visit-1',
    );
  });

  it('lists businesses not visited for a long time, never-visited first', async () => {
    const never = makeBusiness({ name: 'Belum Dikunjungi' });
    const old = makeBusiness({ name: 'Lama Sekali' });
    const recent = makeBusiness({ name: 'Baru Saja' });
    await localDb.businesses.bulkPut([never, old, recent]);
    await localDb.visits.bulkPut([
      makeVisit({ businessId: old.id, visitedAt: instant(addDays(today, -90)) }),
      makeVisit({ businessId: recent.id, visitedAt: instant(addDays(today, -10)) }),
    ]);
    renderApp('/');

    const region = await section(/Lama tidak dikunjungi/);
    const items = await within(region).findAllByRole('listitem');
    expect(items.map((item) => within(item).getAllByRole('link')[0]?.textContent)).toEqual([
      'Belum Dikunjungi',
      'Lama Sekali',
    ]);
    expect(within(items[0] as HTMLElement).getByText('Belum pernah dikunjungi')).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText(/\(90 hari lalu\)/)).toBeInTheDocument();
    expect(within(region).getByRole('link', { name: 'Mulai kunjungan: Lama Sekali' })).toHaveAttribute(
      'href',
      `/kunjungan/baru?usaha=${old.id}`,
    );
  });

  it('shows the first five rows of a long list and the rest on "Tampilkan semua"', async () => {
    const business = makeBusiness({ name: 'Kue Renyah' });
    await localDb.businesses.put(business);
    await localDb.followUps.bulkPut(
      Array.from({ length: 8 }, (_, index) =>
        makeFollowUp({ businessId: business.id, what: `Tugas ${index + 1}`, dueOn: addDays(today, -index) }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/');

    const region = await section(/Tindak lanjut/);
    await within(region).findByText('Tugas 8');
    expect(within(region).getByRole('heading', { level: 2 })).toHaveTextContent(/8$/);
    expect(within(region).getAllByRole('listitem')).toHaveLength(5);
    const more = within(region).getByRole('button', { name: 'Tampilkan semua (8)' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(within(region).getAllByRole('listitem')).toHaveLength(8);
    expect(within(region).getByRole('button', { name: 'Tampilkan lebih sedikit' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it("never shows another coach's businesses or deleted ones", async () => {
    await localDb.businesses.bulkPut([
      makeBusiness({
        name: 'Milik Pendamping Lain',
        assignedCoachId: '01900000-0000-7000-8000-000000000002',
      }),
      makeBusiness({ name: 'Sudah Dihapus', deletedAt: instant(addDays(today, -1)) }),
    ]);
    renderApp('/');
    const region = await section(/Lama tidak dikunjungi/);
    expect(
      await within(region).findByText('Semua usaha Anda dikunjungi dalam 60 hari terakhir.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Milik Pendamping Lain')).not.toBeInTheDocument();
    expect(screen.queryByText('Sudah Dihapus')).not.toBeInTheDocument();
  });

  it('speaks English when the coach chose it', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Today' })).toBeInTheDocument();
    expect(await section(/Overdue planned visits/)).toBeInTheDocument();
  });
});
