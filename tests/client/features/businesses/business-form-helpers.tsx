import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation, useParams } from 'react-router';
import { vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb } from '@/client/data/local-db';
import { saveRegions } from '@/client/data/reference-repository';
import { saveSession } from '@/client/data/session-repository';
import { BusinessFormPage } from '@/client/features/businesses/business-form-page';
import { TEST_REGIONS } from '../../../helpers/factories';
import { makeSession, resetClientState } from '../../render-app';

/** Stands in for the business page: shows which business was opened and the flash it was given. */
function OpenedBusiness() {
  const { businessId } = useParams();
  const location = useLocation();
  const state = location.state as { flash?: string } | null;
  return (
    <section>
      <h1>Halaman usaha {businessId}</h1>
      <p data-testid="flash">{state?.flash ?? ''}</p>
    </section>
  );
}

/** The form's two routes plus a stand-in business page, with the real providers. */
export function renderBusinessForm(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/usaha/baru" element={<BusinessFormPage />} />
          <Route path="/usaha/:businessId/ubah" element={<BusinessFormPage />} />
          <Route path="/usaha/:businessId" element={<OpenedBusiness />} />
          <Route path="/usaha" element={<h1>Daftar usaha</h1>} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

/** A signed-in coach, offline, with the city's regions downloaded (unless told otherwise). */
export async function setUpCoach({ regions = true }: { regions?: boolean } = {}): Promise<void> {
  await resetClientState();
  await saveSession(localDb, makeSession('coach'));
  if (regions) await saveRegions(localDb, TEST_REGIONS);
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
}

/**
 * The form, ready for a coach: its heading, its first field, and the kecamatan list read from the
 * phone (a separate read that can come back after the form on a slow machine) — or the line saying
 * the list is not on the phone yet.
 */
export async function findForm(name: 'Usaha baru' | 'Ubah profil usaha' = 'Usaha baru') {
  await screen.findByRole('heading', { level: 1, name });
  const first = await screen.findByRole('textbox', { name: 'Nama usaha' });
  await waitFor(() => {
    const districts = screen.getByRole('combobox', { name: 'Kecamatan' });
    const listed = districts.querySelectorAll('option').length > 1;
    if (!listed) screen.getByText(/Daftar kecamatan dan kelurahan belum terunduh/);
  });
  return first;
}
