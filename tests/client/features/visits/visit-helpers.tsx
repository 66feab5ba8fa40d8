import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb } from '@/client/data/local-db';
import { saveSession } from '@/client/data/session-repository';
import { VisitFormPage } from '@/client/features/visits/visit-form-page';
import { VisitPage } from '@/client/features/visits/visit-page';
import { VisitsPage } from '@/client/features/visits/visits-page';
import type { Business } from '@/shared/domain/business';
import { makeBusiness } from '../../../helpers/factories';
import { makeSession, resetClientState } from '../../render-app';

function BusinessStandIn() {
  const { businessId } = useParams();
  return <h1>Halaman usaha {businessId}</h1>;
}

/** The visit routes plus a stand-in business page, with the real providers. */
export function renderVisits(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/kunjungan" element={<VisitsPage />} />
          <Route path="/kunjungan/baru" element={<VisitFormPage />} />
          <Route path="/kunjungan/:visitId" element={<VisitPage />} />
          <Route path="/usaha/:businessId" element={<BusinessStandIn />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

/** A signed-in coach, offline, with one food business on the phone. */
export async function setUpCoach(overrides: Partial<Business> = {}): Promise<Business> {
  await resetClientState();
  await saveSession(localDb, makeSession('coach'));
  const business = makeBusiness({ name: 'Amplang Sungai Martapura', ownerName: 'Rusmini', ...overrides });
  await localDb.businesses.put(business);
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
  return business;
}

/**
 * jsdom cannot decode images: stands in for the browser's createImageBitmap and OffscreenCanvas, so
 * the real preparePhoto runs (sniffing, scaling to 1600 px, hashing) over a small fake encoder.
 * Each encoded photo's bytes carry the drawn size so two photos never share a hash by accident.
 */
export function stubImageDecoding(size = { width: 4000, height: 3000 }) {
  let counter = 0;
  vi.stubGlobal(
    'createImageBitmap',
    vi.fn(async () => ({ width: size.width, height: size.height, close: () => undefined })),
  );
  class FakeOffscreenCanvas {
    constructor(
      readonly width: number,
      readonly height: number,
    ) {}
    getContext() {
      return {
        fillStyle: '',
        imageSmoothingQuality: 'low',
        fillRect: () => undefined,
        drawImage: () => undefined,
      };
    }
    async convertToBlob() {
      counter += 1;
      return new Blob([new Uint8Array([0xff, 0xd8, 0xff, counter, this.width % 256, this.height % 256])], {
        type: 'image/jpeg',
      });
    }
  }
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
}

export function jpegFile(name = 'produk.jpg'): File {
  return new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1])], name, {
    type: 'image/jpeg',
  });
}

export async function findVisitForm() {
  await screen.findByRole('heading', { level: 1, name: 'Catat kunjungan' });
  return screen.findByRole('textbox', { name: 'Catatan' });
}

export async function tableCounts() {
  return {
    visits: await localDb.visits.count(),
    followUps: await localDb.followUps.count(),
    checklistStates: await localDb.checklistStates.count(),
    photos: await localDb.photos.count(),
    blobs: await localDb.blobs.count(),
    outbox: await localDb.outbox.count(),
  };
}
