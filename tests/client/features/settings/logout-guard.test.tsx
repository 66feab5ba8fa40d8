import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { addBusinessPhoto } from '@/client/data/business-photo-repository';
import { localDb } from '@/client/data/local-db';
import { writeWithOutbox } from '@/client/data/outbox';
import { buildOutboxExport, OUTBOX_EXPORT_FORMAT } from '@/client/data/outbox-export';
import { SettingsPage } from '@/client/features/settings/settings-page';
import { makeBusiness, makeVisit, TEST_COACH_ID, TEST_ORGANISATION_ID } from '../../../helpers/factories';
import { resetClientState } from '../../render-app';

function renderSettings(pending: number, onLogout: () => void) {
  return render(
    <Providers language="id">
      <SettingsPage
        userId={TEST_COACH_ID}
        name="Ahmad Fauzi"
        role="coach"
        organisationName="Kota Uji"
        version="test"
        pending={pending}
        online={false}
        syncRunning={false}
        persistence="granted"
        onLogout={onLogout}
      />
    </Providers>,
  );
}

async function unsentPhoto() {
  const business = makeBusiness({});
  await localDb.businesses.put(business);
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]).buffer;
  await addBusinessPhoto(localDb, { organisationId: TEST_ORGANISATION_ID }, business.id, {
    bytes,
    sha256: 'cd'.repeat(32),
    mimeType: 'image/jpeg',
    width: 1600,
    height: 1200,
    byteSize: bytes.byteLength,
    kind: 'premises',
    takenAt: '2026-11-23T01:00:00.000Z',
  });
  return business;
}

beforeEach(async () => {
  await resetClientState();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('signing out with changes not yet sent', () => {
  it('signs out at once when nothing waits', async () => {
    const onLogout = vi.fn();
    const user = userEvent.setup();
    renderSettings(0, onLogout);
    await user.click(screen.getByRole('button', { name: 'Keluar' }));
    expect(onLogout).toHaveBeenCalledTimes(1);
  });

  it('refuses while changes wait, and offers only to save them to a file first', async () => {
    await unsentPhoto();
    const onLogout = vi.fn();
    const created: Blob[] = [];
    vi.stubGlobal('URL', {
      ...URL,
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return 'blob:ekspor';
      },
      revokeObjectURL: () => undefined,
    });
    const user = userEvent.setup();
    renderSettings(1, onLogout);

    await user.click(screen.getByRole('button', { name: 'Keluar' }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Keluar ditolak sampai semuanya terkirim');
    expect(within(alert).queryByRole('button', { name: /Tetap keluar/ })).not.toBeInTheDocument();
    expect(onLogout).not.toHaveBeenCalled();

    await user.click(within(alert).getByRole('button', { name: 'Simpan ke berkas lalu keluar' }));
    await vi.waitFor(() => expect(onLogout).toHaveBeenCalledTimes(1));
    const file = JSON.parse(await created[0]!.text()) as { format: string; outbox: unknown[] };
    expect(file.format).toBe(OUTBOX_EXPORT_FORMAT);
    expect(file.outbox).toHaveLength(1);
  });
});

describe('the export file', () => {
  it('holds the outbox entries, the rows they change and their photos’ bytes', async () => {
    const business = await unsentPhoto();
    const file = await buildOutboxExport(localDb, TEST_COACH_ID, new Date('2026-11-23T04:05:00.000Z'));
    expect(file.fileName).toBe('binaan-belum-terkirim-2026-11-23-04-05.json');
    const parsed = JSON.parse(file.json) as {
      outbox: Array<{ table: string }>;
      rows: { photos: Array<{ businessId: string }> };
      blobs: Array<{ sha256: string; base64: string }>;
    };
    expect(parsed.outbox.map((entry) => entry.table)).toEqual(['photos']);
    expect(parsed.rows.photos[0]?.businessId).toBe(business.id);
    expect(parsed.blobs).toEqual([
      { sha256: 'cd'.repeat(32), type: 'image/jpeg', base64: btoa('\xff\xd8\xff\x01\x02\x03') },
    ]);
  });

  it('holds an unsent visit as the shared schema has it, without the phone’s own index key', async () => {
    const visit = makeVisit({
      businessId: makeBusiness().id,
      reviewState: 'submitted',
      notes: 'Belum terkirim',
    });
    await writeWithOutbox(localDb, 'visits', structuredClone(visit), ['notes']);
    expect(await localDb.visits.get(visit.id)).toHaveProperty('listedAt', visit.visitedAt);
    const parsed = JSON.parse((await buildOutboxExport(localDb, TEST_COACH_ID)).json) as {
      rows: { visits: Array<Record<string, unknown>> };
    };
    expect(parsed.rows.visits).toHaveLength(1);
    expect(parsed.rows.visits[0]).not.toHaveProperty('listedAt');
    expect(parsed.rows.visits[0]).toMatchObject({ id: visit.id, notes: 'Belum terkirim' });
  });
});
