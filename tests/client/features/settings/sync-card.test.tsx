import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb, readMeta, writeMeta } from '@/client/data/local-db';
import { SyncCard } from '@/client/features/settings/sync-card';
import { SYNC_NOW_EVENT } from '@/client/sync/sync-events';
import { META_LAST_SYNC_AT, META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import { resetClientState } from '../../render-app';

function renderCard(props: { pending: number; online: boolean; running: boolean }) {
  return render(
    <Providers language="id">
      <SyncCard {...props} />
    </Providers>,
  );
}

beforeEach(async () => {
  await resetClientState();
});

describe('the sync card in Pengaturan', () => {
  it('says the phone never synced yet, what waits, and starts a sync on request', async () => {
    const heard = vi.fn();
    window.addEventListener(SYNC_NOW_EVENT, heard);
    const user = userEvent.setup();
    renderCard({ pending: 3, online: true, running: false });

    expect(await screen.findByText('Belum pernah berhasil sinkron dari perangkat ini.')).toBeInTheDocument();
    expect(screen.getByText('3 perubahan belum terkirim')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sinkronkan sekarang' }));
    expect(heard).toHaveBeenCalledTimes(1);
    window.removeEventListener(SYNC_NOW_EVENT, heard);
  });

  it('shows the last successful sync in Indonesian, and no button while offline', async () => {
    await writeMeta(localDb, META_LAST_SYNC_AT, '2026-11-23T03:15:00.000Z');
    renderCard({ pending: 0, online: false, running: false });
    expect(await screen.findByText(/^Terakhir berhasil: 23 Nov 2026/)).toBeInTheDocument();
    expect(screen.getByText('Semua perubahan sudah terkirim')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sinkronkan sekarang' })).not.toBeInTheDocument();
    expect(screen.getByText(/Tidak ada koneksi/)).toBeInTheDocument();
  });

  it('lists refused changes with the server’s reason until the coach clears them', async () => {
    const rejection: StoredRejection = {
      mutationId: 7,
      table: 'businesses',
      rowId: '01a2b3c4-0000-7000-8000-000000000001',
      reason: 'forbiddenField',
      message: 'Anda tidak berhak mengubah isian ini (assignedCoachId).',
      at: '2026-11-23T03:15:00.000Z',
    };
    await writeMeta(localDb, META_REJECTIONS, [rejection]);
    const user = userEvent.setup();
    renderCard({ pending: 0, online: true, running: true });

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Perubahan yang ditolak server')).toBeInTheDocument();
    expect(alert).toHaveTextContent('Profil usaha, 23 Nov 2026');
    expect(alert).toHaveTextContent('Anda tidak berhak mengubah isian ini (assignedCoachId).');
    expect(screen.getByRole('button', { name: 'Sedang sinkron…' })).toBeDisabled();

    await user.click(within(alert).getByRole('button', { name: 'Sudah saya baca, hapus daftar' }));
    await vi.waitFor(async () => expect(await readMeta(localDb, META_REJECTIONS)).toEqual([]));
    await vi.waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });
});
