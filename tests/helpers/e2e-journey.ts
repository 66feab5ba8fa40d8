/**
 * Steps several browser journeys share: signing in through the sign-in page, syncing with the
 * "Sinkronkan sekarang" button, the server's view through its API, and screenshots for review.
 * Everything goes through the real app, the real server and the browser's real storage.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { lastSyncAt } from './browser-db';

// Journeys have long imported it from here.
export { lastSyncAt };

export const DEMO_PASSWORD = 'binaan-demo';
export const PHONE = { width: 360, height: 740 } as const;
export const LAPTOP = { width: 1280, height: 800 } as const;

const SHOTS = join(import.meta.dirname, '..', '..', '.tmp', 'shots');

/** What the screen shows (or the whole page), in .tmp/shots/ (git-ignored), for a person to look at. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** Signs in through the sign-in page and waits until the first download has finished. */
export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect.poll(() => lastSyncAt(page), { timeout: 90_000, interval: 500 }).not.toBeNull();
  // The first visit installs the service worker (the app then works offline) and says so in a toast
  // that closes itself after a few seconds; a coach who sees it closes it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const toast = page.getByRole('status').filter({ hasText: 'Aplikasi siap dipakai tanpa koneksi.' });
  if (await toast.isVisible()) {
    await toast
      .getByRole('button', { name: 'Tutup' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  }
}

/**
 * Opens Pengaturan from the menu, presses "Sinkronkan sekarang" and waits until a run that started
 * after the call has finished. The button is disabled while a run is going, so once it is enabled
 * any later change of `lastSyncAt` comes from a run that began after this call.
 */
export async function syncFromSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  const button = page.getByRole('button', { name: 'Sinkronkan sekarang' });
  await button.waitFor();
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  const before = (await lastSyncAt(page)) ?? '';
  await button.click();
  await expect
    .poll(async () => (await lastSyncAt(page)) ?? '', { timeout: 60_000, interval: 300 })
    .not.toBe(before);
}

/** A bearer token for a demo account, through the same endpoint the sign-in page uses. */
export async function apiToken(url: string, username: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

/** Every row the server holds for `token`'s user, by table, from the pull feed (GET /api/sync/changes). */
export async function serverRows(
  url: string,
  token: string,
): Promise<Record<string, Array<Record<string, unknown> & { id: string }>>> {
  const all: Record<string, Array<Record<string, unknown> & { id: string }>> = {};
  for (let cursor = '0', more = true; more;) {
    const res = await fetch(`${url}/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=2000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      changes: Record<string, Array<Record<string, unknown> & { id: string }>>;
      cursor: string;
      hasMore: boolean;
    };
    for (const [table, rows] of Object.entries(page.changes)) (all[table] ??= []).push(...rows);
    cursor = page.cursor;
    more = page.hasMore;
  }
  return all;
}
