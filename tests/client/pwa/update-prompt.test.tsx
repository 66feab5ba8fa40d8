import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';

const registration = vi.hoisted(() => ({ offlineReady: true, needRefresh: false }));
vi.mock('virtual:pwa-register/react', async () => {
  const { useState } = await import('react');
  return {
    useRegisterSW: () => ({
      needRefresh: useState(registration.needRefresh),
      offlineReady: useState(registration.offlineReady),
      updateServiceWorker: vi.fn(),
    }),
  };
});

const { OFFLINE_READY_MS, UpdatePrompt } = await import('@/client/pwa/update-prompt');

afterEach(() => {
  vi.useRealTimers();
});

describe('the "ready to use offline" notice', () => {
  it('goes away by itself after a few seconds, so it never stays over a form’s save button', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(
      <Providers language="id">
        <UpdatePrompt />
      </Providers>,
    );
    expect(await screen.findByText('Aplikasi siap dipakai tanpa koneksi.')).toBeVisible();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(OFFLINE_READY_MS - 500);
    });
    expect(screen.getByText('Aplikasi siap dipakai tanpa koneksi.')).toBeVisible();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000);
    });
    expect(screen.queryByText('Aplikasi siap dipakai tanpa koneksi.')).toBeNull();
  });

  it('can be closed at once', async () => {
    render(
      <Providers language="id">
        <UpdatePrompt />
      </Providers>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Tutup' }));
    expect(screen.queryByText('Aplikasi siap dipakai tanpa koneksi.')).toBeNull();
  });
});
