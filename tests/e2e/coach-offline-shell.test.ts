import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { lastSyncAt } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { LAPTOP, PHONE } from '../helpers/e2e-journey';

/**
 * The foundation's promise to a coach: after one online sign-in the app opens with no connection
 * (reload and deep link), still signed in, and Chromium considers the page installable.
 */
describe('a coach signs in once and keeps working offline', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    app = await startAppProcess();
    profile = mkdtempSync(join(tmpdir(), 'binaan-chromium-'));
    context = await launchPersistent(profile, { viewport: { width: 360, height: 740 }, locale: 'id-ID' });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the demo banner and signs pendamping1 in, in Indonesian', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByText('Data demo — bukan data UMKM sebenarnya').isVisible()).toBe(true);
    await page.getByLabel('Nama pengguna').fill('pendamping1');
    await page.getByLabel('Kata sandi').fill('binaan-demo');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hari ini');
  });

  it('the sign-in and home screens have no serious accessibility violations', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('is controlled by the service worker after the first visit (app shell precached)', async () => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true);
  });

  it('Chromium reports the page installable', async () => {
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
  });

  it('online, Today reopens while the phone syncs, and nothing on the screen moves (phone and laptop)', async () => {
    // The first sync after signing in has finished: its rows arriving would rightly change the lists.
    await expect.poll(() => lastSyncAt(page), { timeout: 30_000 }).not.toBeNull();
    // Every text the header's last sync slot shows, in order, from the page's first moment.
    await page.addInitScript(() => {
      const words: string[] = [];
      (globalThis as { __syncWords?: string[] }).__syncWords = words;
      new MutationObserver(() => {
        const word = document.querySelector('.sync-pending')?.textContent;
        if (word && words.at(-1) !== word) words.push(word);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await page.reload();
      await page.getByText('Halo, Ahmad Fauzi').waitFor();
      const words = () => page.evaluate(() => (globalThis as { __syncWords?: string[] }).__syncWords ?? []);
      // The sync ran (its word came and went): nothing beside it may have moved meanwhile.
      await expect
        .poll(words, { timeout: 30_000 })
        .toEqual(['Semua perubahan sudah terkirim', 'Mengunduh data…', 'Semua perubahan sudah terkirim']);
      await page.getByRole('heading', { name: 'Dikembalikan koordinator' }).waitFor();
      // Layout shifts are only handed to an observer (buffered: those since the page began).
      const shifts = await page.evaluate(
        () =>
          new Promise<{ value: number; moved: string[] }[]>((resolve) => {
            const seen: { value: number; moved: string[] }[] = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as Array<
                PerformanceEntry & { value: number; sources?: { node?: Node | null }[] }
              >)
                seen.push({
                  value: entry.value,
                  moved: (entry.sources ?? []).map((source) =>
                    source.node instanceof Element ? source.node.className : String(source.node?.nodeName),
                  ),
                });
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(seen), 300);
          }),
      );
      expect({ size, shifts }).toEqual({ size, shifts: [] });
    }
    await page.setViewportSize(PHONE);
  });

  it('offline: a reload still shows the signed-in shell', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    // The request really failed: the shell came from the service worker's precache.
    expect(
      await page.evaluate(() =>
        fetch('/api/health').then(
          () => 'reached',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
  });

  it('offline: a deep link opens its page, still signed in', async () => {
    await page.goto(`${app.url}/pengaturan`);
    await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
    expect(await page.getByText('Ahmad Fauzi').first().isVisible()).toBe(true);
    await page.goto(`${app.url}/usaha`);
    await page.getByRole('heading', { level: 1, name: 'Usaha' }).waitFor();
  });

  it('offline: a coach opening a coordinator page is told it is not allowed', async () => {
    await page.goto(`${app.url}/koordinator/pengguna`);
    await page.getByText('Anda tidak berhak mengakses halaman ini.').waitFor();
  });

  it('back online, the session is still valid on the server', async () => {
    await context.setOffline(false);
    await page.goto(app.url);
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    expect(await page.getByLabel('Nama pengguna').count()).toBe(0);
  });
});
