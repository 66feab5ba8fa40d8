import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveVisitDraft } from '@/client/data/draft-repository';
import { localDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import type { Business } from '@/shared/domain/business';
import { makeChecklistState, makeFollowUp, makeVisit } from '../../../helpers/factories';
import { renderVisits, setUpCoach } from './visit-helpers';

let business: Business;

beforeEach(async () => {
  business = await setUpCoach();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a saved visit’s page', () => {
  it('shows what was recorded: follow-ups, checklist ticks, figures, and that it is not sent yet', async () => {
    const visit = makeVisit({
      businessId: business.id,
      notes: 'Kemasan sudah standing pouch.',
      monthlySales: 1_500_000,
      topics: ['packaging', 'licensing'],
    });
    await localDb.visits.put(visit);
    await localDb.followUps.put(
      makeFollowUp({ businessId: business.id, visitId: visit.id, what: 'Urus P-IRT' }),
    );
    await localDb.checklistStates.put(
      makeChecklistState({
        businessId: business.id,
        visitId: visit.id,
        items: {
          product_name: { done: true, evidence: null, note: 'Merek jelas' },
          halal_logo: { done: false, evidence: null, note: null },
        },
      }),
    );
    await localDb.outbox.add({
      mutationId: 1,
      table: 'visits',
      rowId: visit.id,
      op: 'upsert',
      fields: {},
      clocks: {},
      schemaVersion: 1,
      createdAt: visit.createdAt,
    });
    renderVisits(`/kunjungan/${visit.id}`);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Kunjungan 10 Mar 2026' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Amplang Sungai Martapura' })).toBeInTheDocument();
    expect(screen.getByText('Kemasan sudah standing pouch.')).toBeInTheDocument();
    expect(screen.getByText('Kemasan, Perizinan')).toBeInTheDocument();
    expect(screen.getByText('Rp1.500.000')).toBeInTheDocument();
    expect(screen.getByText('Urus P-IRT')).toBeInTheDocument();
    const item = (text: string) =>
      screen.getByText((_, el) => el?.tagName === 'P' && el.textContent === text);
    expect(item('Nama produk (jenis + merek): terpenuhi')).toBeInTheDocument();
    expect(item('Logo halal nasional (bila wajib): belum')).toBeInTheDocument();
    expect(screen.getByText('Merek jelas')).toBeInTheDocument();
    expect(screen.getByText('Belum terkirim ke server')).toBeInTheDocument();
    expect(screen.getByText('Menunggu tinjauan')).toBeInTheDocument();
  });

  it('a returned visit shows the coordinator’s comment; the coach answers and sends it back for review', async () => {
    const user = userEvent.setup();
    const visit = makeVisit({
      businessId: business.id,
      reviewState: 'returned',
      reviewComment: 'Foto kemasan sesudah belum ada.',
    });
    await localDb.visits.put(visit);
    renderVisits(`/kunjungan/${visit.id}`);

    expect(await screen.findByText('Foto kemasan sesudah belum ada.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kirim ulang ke koordinator' }));
    expect(screen.getByRole('textbox', { name: 'Jawaban Anda' })).toHaveAccessibleDescription('Wajib diisi.');
    expect(await localDb.outbox.count()).toBe(0);

    await user.type(screen.getByRole('textbox', { name: 'Jawaban Anda' }), 'Foto sesudah sudah ditambahkan.');
    await user.click(screen.getByRole('button', { name: 'Kirim ulang ke koordinator' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Jawaban tersimpan; kunjungan menunggu tinjauan lagi.',
    );
    expect(await localDb.visits.get(visit.id)).toMatchObject({
      reviewState: 'submitted',
      coachReply: 'Foto sesudah sudah ditambahkan.',
    });
    const [entry] = await localDb.outbox.toArray();
    expect(entry).toMatchObject({ table: 'visits', rowId: visit.id });
    expect(entry?.fields).toEqual({
      coachReply: 'Foto sesudah sudah ditambahkan.',
      reviewState: 'submitted',
    });
  });

  it('an approved visit can no longer be edited', async () => {
    const visit = makeVisit({ businessId: business.id, reviewState: 'approved' });
    await localDb.visits.put(visit);
    renderVisits(`/kunjungan/${visit.id}`);
    expect(await screen.findByText('Disetujui')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ubah kunjungan' })).not.toBeInTheDocument();
  });

  it('says so when the visit is not on this phone', async () => {
    renderVisits(`/kunjungan/${uuidv7()}`);
    expect(await screen.findByText('Kunjungan ini tidak ada di ponsel ini.')).toBeInTheDocument();
  });
});

describe('the visits page', () => {
  it('lists drafts to resume, returned visits and the latest visits, each linking to its page', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    // Returned long ago: still to fix, but not among the visits of the last 90 days.
    const returned = makeVisit({ businessId: business.id, reviewState: 'returned', visitedAt: daysAgo(200) });
    const recent = makeVisit({ businessId: business.id, reviewState: 'submitted', visitedAt: daysAgo(3) });
    const approved = makeVisit({ businessId: business.id, reviewState: 'approved', visitedAt: daysAgo(10) });
    const history = makeVisit({ businessId: business.id, reviewState: 'approved', visitedAt: daysAgo(200) });
    await localDb.visits.bulkPut([returned, recent, approved, history]);
    await saveVisitDraft(localDb, 'draft-a', {
      businessId: business.id,
      visitId: uuidv7(),
      values: { notes: 'setengah' },
      followUps: [],
      checklists: [],
      photos: [],
      updatedAt: '2026-03-10T03:00:00.000Z',
    });
    renderVisits('/kunjungan');

    const draft = await screen.findByRole('link', {
      name: /Amplang Sungai Martapura.*Kunjungan baru.*Lanjutkan/,
    });
    expect(draft).toHaveAttribute('href', '/kunjungan/baru?draf=draft-a');
    const returnedSection = screen.getByRole('region', { name: /Dikembalikan koordinator/ });
    expect(returnedSection.querySelector(`a[href="/kunjungan/${returned.id}"]`)).not.toBeNull();
    const recentSection = screen.getByRole('region', { name: /Kunjungan 90 hari terakhir/ });
    const links = [...recentSection.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([`/kunjungan/${recent.id}`, `/kunjungan/${approved.id}`]);
    expect(screen.getByRole('link', { name: 'Catat kunjungan baru' })).toHaveAttribute(
      'href',
      '/kunjungan/baru',
    );
  });
});
