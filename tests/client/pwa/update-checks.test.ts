/**
 * While the app stays open it looks for a new version when the connection comes back and every hour
 * online, never offline, and stops when asked.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { keepCheckingForUpdates, UPDATE_CHECK_EVERY_MS } from '@/client/pwa/update-checks';

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
}

afterEach(() => {
  vi.useRealTimers();
  setOnline(true);
});

it('checks every hour while online and when the connection returns, never offline, until stopped', () => {
  vi.useFakeTimers();
  const update = vi.fn(() => Promise.resolve());
  const stop = keepCheckingForUpdates({ update });

  vi.advanceTimersByTime(UPDATE_CHECK_EVERY_MS - 1);
  expect(update).toHaveBeenCalledTimes(0);
  vi.advanceTimersByTime(1);
  expect(update).toHaveBeenCalledTimes(1);

  setOnline(false);
  vi.advanceTimersByTime(UPDATE_CHECK_EVERY_MS);
  expect(update).toHaveBeenCalledTimes(1);

  setOnline(true);
  window.dispatchEvent(new Event('online'));
  expect(update).toHaveBeenCalledTimes(2);

  stop();
  vi.advanceTimersByTime(UPDATE_CHECK_EVERY_MS * 3);
  window.dispatchEvent(new Event('online'));
  expect(update).toHaveBeenCalledTimes(2);
});

it('a failed check is quiet and the next one still runs', async () => {
  vi.useFakeTimers();
  const update = vi.fn(() => Promise.reject(new Error('offline after all')));
  const stop = keepCheckingForUpdates({ update }, 1_000);
  vi.advanceTimersByTime(2_000);
  await Promise.resolve();
  expect(update).toHaveBeenCalledTimes(2);
  stop();
});
