/**
 * An owner's phone after its first sync: the owner's session (one business), the city's regions,
 * and the business with visits (shared and not), follow-ups and checklist states, all in the real
 * Dexie on fake-indexeddb. The network is off unless a test stubs fetch otherwise.
 */
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession, type StoredSession } from '@/client/data/session-repository';
import { OwnerHomePage } from '@/client/features/owner/owner-home-page';
import { OwnerPrintPage } from '@/client/features/owner/owner-print-page';
import { OwnerProgressPage } from '@/client/features/owner/owner-progress-page';
import type { Business } from '@/shared/domain/business';
import { makeBusiness, TEST_REGIONS } from '../../../helpers/factories';
import { makeSession, resetClientState } from '../../render-app';

export const OWNER_ID = '01900000-0000-7000-8000-0000000000b1';

export function ownerSession(businessId: string): StoredSession {
  const session = makeSession('owner');
  return {
    ...session,
    user: { ...session.user, id: OWNER_ID, name: 'Siti Rahmah', username: 'pemilik.siti', businessId },
  };
}

/** A complete profile, with internal fields set so a test can prove they stay hidden. */
export function ownerBusiness(overrides: Partial<Business> = {}): Business {
  return makeBusiness({
    name: 'Kue Renyah Bu Siti',
    brand: 'Renyah',
    ownerName: 'Siti Rahmah',
    ownerNik: '6371014505800001',
    phone: '+6281234567890',
    address: 'Jl. Kelayan A Gg. Sepakat No. 12',
    products: 'Kue kering amplang dan rengginang',
    yearStarted: 2019,
    capital: 15_000_000,
    annualSales: 240_000_000,
    cohort: 'WUB 2024',
    licences: { nib: '1234567890123', pirt: '206357101012325', halal: null, bpom: null, trademark: null },
    links: [
      { kind: 'instagram', value: '@kuerenyah' },
      { kind: 'shopee', value: 'https://shopee.co.id/kuerenyah' },
    ],
    ...overrides,
  });
}

/** Stores the owner's phone state; `business` is put as given. */
export async function startOwnerPhone(business: Business): Promise<void> {
  await resetClientState();
  await saveSession(localDb, ownerSession(business.id));
  await saveRegions(localDb, TEST_REGIONS);
  await localDb.businesses.put(business);
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
}

export function renderOwner(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/pemilik" element={<OwnerHomePage />} />
          <Route path="/pemilik/kemajuan" element={<OwnerProgressPage />} />
          <Route path="/pemilik/cetak" element={<OwnerPrintPage />} />
          <Route path="/usaha/:businessId/cetak" element={<CoachPrintRoute />} />
          <Route path="/usaha/:businessId" element={<p>Halaman usaha</p>} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

/** How the app mounts the print page for a coach: the business from the URL. */
function CoachPrintRoute() {
  const { businessId = '' } = useParams();
  return <OwnerPrintPage businessId={businessId} />;
}
