/**
 * A page that cannot be shown (its code not downloaded yet while offline, or a failure while
 * drawing) says why and offers a reload, while the rest of the app stays: no blank screen.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lazy, Suspense } from 'react';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { PageErrorBoundary } from '@/client/components/page-error-boundary';

// A page whose code never arrives, as a dynamic import fails without a connection.
const Unreachable = lazy(() =>
  Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/desk-x.js')),
);
function Broken(): never {
  throw new Error('boom');
}

function renderAt(path: string) {
  return render(
    <Providers language="id">
      <MemoryRouter initialEntries={[path]}>
        <nav>
          <Link to="/baik">Halaman lain</Link>
        </nav>
        <PageErrorBoundary>
          <Suspense fallback={<p>Memuat…</p>}>
            <Routes>
              <Route path="/jauh" element={<Unreachable />} />
              <Route path="/rusak" element={<Broken />} />
              <Route path="/baik" element={<h1>Halaman baik</h1>} />
            </Routes>
          </Suspense>
        </PageErrorBoundary>
      </MemoryRouter>
    </Providers>,
  );
}

afterEach(() => vi.restoreAllMocks());

describe('a page that cannot be shown', () => {
  it('offline: says the page needs a connection the first time, keeps the menu, and recovers on another page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const user = userEvent.setup();
    renderAt('/jauh');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'perlu koneksi internet untuk dibuka pertama kali',
    );
    expect(screen.getByRole('button', { name: 'Muat ulang' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Halaman lain' }));
    expect(await screen.findByRole('heading', { name: 'Halaman baik' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('online: a page that fails while drawing says so, without blaming the connection', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderAt('/rusak');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Halaman ini gagal dimuat. Data yang sudah tersimpan tidak hilang.');
    expect(alert).not.toHaveTextContent('koneksi');
  });
});
