/**
 * The built app under its own Content-Security-Policy (src/server/security-headers.ts) in a real
 * browser: a coach's and a coordinator's pages, including the visit form and the dashboard's map,
 * run without a single CSP violation, and index.html carries no inline script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { launchPersistent } from '../helpers/chromium';
import { LAPTOP, PHONE, signIn } from '../helpers/e2e-journey';

type Violation = { directive: string; blocked: string; source: string };

/** Records every CSP violation of the page (an init script is injected by the browser, not the page). */
async function watchViolations(context: BrowserContext): Promise<(page: Page) => Promise<Violation[]>> {
  await context.addInitScript(() => {
    const seen: Array<{ directive: string; blocked: string; source: string }> = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile });
    });
  });
  return (page) =>
    page.evaluate(() => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? []);
}

describe('the built app under its Content-Security-Policy', () => {
  let app: AppProcess;
  const profiles: string[] = [];
  beforeAll(async () => {
    app = await startAppProcess();
  });
  afterAll(async () => {
    await app.stop();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });

  async function browser(viewport: { width: number; height: number }) {
    const dir = mkdtempSync(join(tmpdir(), 'binaan-csp-'));
    profiles.push(dir);
    const context = await launchPersistent(dir, { viewport, locale: 'id-ID' });
    const violations = await watchViolations(context);
    const console: string[] = [];
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to|Permissions-Policy/i.test(message.text()))
        console.push(message.text());
    });
    return { context, page, violations, console };
  }

  it('serves index.html with the policy and no inline script', async () => {
    const res = await fetch(`${app.url}/usaha`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/assets\//);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('a coach’s day (today, businesses, a business, the visit form) runs without a violation', async () => {
    const { context, page, violations, console } = await browser(PHONE);
    try {
      await signIn(page, app.url, 'pendamping1');
      await page.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
      await page.locator('a[href^="/usaha/"]:not([href="/usaha/baru"])').first().click();
      await page.waitForURL(/\/usaha\/[0-9a-f-]{36}$/, { waitUntil: 'commit' });
      await page.getByRole('heading').first().waitFor();
      await page.goto(`${app.url}/kunjungan/baru`);
      await page.getByRole('heading').first().waitFor();
      await page.goto(`${app.url}/pengaturan`);
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).waitFor();
      expect(await violations(page)).toEqual([]);
      expect(console).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a coordinator’s desk (review, dashboard with its map, people, API guide) runs without a violation', async () => {
    const { context, page, violations, console } = await browser(LAPTOP);
    try {
      await signIn(page, app.url, 'koordinator');
      await page.getByRole('heading', { name: 'Tinjauan kunjungan' }).waitFor();
      await page.goto(`${app.url}/koordinator/dasbor`);
      await page.getByRole('button', { name: 'Tampilkan peta' }).click();
      await page.locator('.leaflet-container').waitFor({ timeout: 60_000 });
      await page.locator('.leaflet-control-attribution').waitFor();
      await page.goto(`${app.url}/koordinator/pengguna`);
      await page.getByRole('heading').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await page.goto(`${app.url}/api/docs`);
      await page.getByRole('heading', { name: 'binaan API' }).waitFor();
      const docsStyled = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
      expect(docsStyled).toBe('960px');
      expect(await violations(page)).toEqual([]);
      expect(console).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
