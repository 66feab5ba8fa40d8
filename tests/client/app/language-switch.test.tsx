import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '@/client/app/i18n';
import { renderApp, resetClientState } from '../render-app';

beforeEach(async () => {
  await resetClientState();
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

it('switching to English changes the visible text, <html lang> and is remembered', async () => {
  const user = userEvent.setup();
  renderApp('/');
  expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
  expect(document.documentElement.lang).toBe('id');

  await user.selectOptions(screen.getByLabelText('Bahasa'), 'en');

  expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  expect(screen.getByLabelText('Username')).toBeInTheDocument();
  expect(document.documentElement.lang).toBe('en');
  expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
});

it('a remembered English choice is used on the next start', async () => {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  renderApp('/');
  expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
});
