import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { makeJpeg } from '../helpers/jpeg';

/**
 * The coach's whole day with no connection, in Chromium with its real IndexedDB and service worker:
 * sign in once online, then offline create a business, record a visit with two photos, checklist
 * ticks and a follow-up, lose the page mid-draft (tab closed without unload), pick the draft up from Today, save,
 * reload — and find exactly the expected rows and outbox entries.
 */
describe('a coach’s day offline', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let businessId = '';

  beforeAll(async () => {
    app = await startAppProcess();
    profile = mkdtempSync(join(tmpdir(), 'binaan-day-'));
    context = await launchPersistent(profile, { viewport: { width: 360, height: 740 }, locale: 'id-ID' });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in online; the service worker and the coach’s businesses and regions reach the phone', async () => {
    await page.goto(app.url);
    await page.getByLabel('Nama pengguna').fill('pendamping1');
    await page.getByLabel('Kata sandi').fill('binaan-demo');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true);
    await expect.poll(() => countStore(page, 'businesses'), { timeout: 30_000 }).toBeGreaterThan(50);
    await expect
      .poll(async () => (await readStore<{ key: string }>(page, 'meta')).some((row) => row.key === 'regions'))
      .toBe(true);
    expect(await countStore(page, 'outbox')).toBe(0);
  });

  it('offline: creates a business with the region pickers, and adds a photo of its premises', async () => {
    await context.setOffline(true);
    await page.goto(`${app.url}/usaha/baru`);
    await page.getByLabel('Nama usaha').fill('Amplang Sungai Martapura');
    await page.getByLabel('Nama pemilik').fill('Rusmini');
    await page.getByLabel('Kecamatan').selectOption({ label: 'Banjarmasin Selatan' });
    await page.getByLabel('Kelurahan').selectOption({ label: 'Mantuil' });
    await page.getByLabel('Sektor').selectOption({ label: 'Makanan olahan' });
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/\/usaha\/[0-9a-f-]{36}$/);
    businessId = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { level: 1, name: 'Amplang Sungai Martapura' }).waitFor();

    // A photo of the premises, resized in the page and saved at once with its outbox entry.
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Foto usaha' }) });
    await card
      .locator('input[type=file]:not([capture])')
      .setInputFiles([await makeJpeg(page, 2400, 1800, 90)]);
    await card.getByText('Foto tersimpan di ponsel.').waitFor({ timeout: 30_000 });
    await card.getByRole('img', { name: 'Foto 1: Tempat usaha' }).waitFor();
  });

  it('offline: a half-written visit with two photos survives the page being killed, and is finished from Today', async () => {
    await page.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await expect.poll(() => page.url()).toMatch(/\/kunjungan\/baru/);
    await page.getByLabel('Catatan').fill('Kemasan masih plastik polos; sarankan standing pouch dan label.');
    const first = await makeJpeg(page, 3000, 4000, 20);
    const second = await makeJpeg(page, 4000, 3000, 200);
    await page.locator('input[type=file]:not([capture])').setInputFiles([first, second]);
    await expect.poll(() => page.locator('.photo-picker img').count(), { timeout: 20_000 }).toBe(2);
    await page.getByRole('button', { name: 'Tambah tindak lanjut' }).click();
    await page.getByLabel('Apa yang dilakukan').first().fill('Daftar NIB lewat OSS');
    await page.getByLabel('Dikerjakan oleh').first().selectOption('owner');
    await page.getByText('Kemasan', { exact: true }).first().click();
    await page.getByLabel('Nama produk (jenis + merek)').check();
    await page.getByLabel('Berat bersih atau isi bersih').check();

    // The draft (with its photo bytes) is on disk before the page dies.
    await expect
      .poll(
        async () => {
          const drafts = await readStore<{ data: { photos?: unknown[]; followUps?: unknown[] } }>(
            page,
            'drafts',
          );
          const visit = drafts.find((d) => Array.isArray(d.data.photos));
          return visit ? `${visit.data.photos?.length}/${visit.data.followUps?.length}` : 'none';
        },
        { timeout: 10_000 },
      )
      .toBe('2/1');

    // The tab goes away with no unload handlers run, as when Android kills a backgrounded app.
    // (Headless Chromium cannot open a tab again after Page.crash, so the tab is closed instead.)
    const fresh = await context.newPage();
    await page.close({ runBeforeUnload: false });
    page = fresh;
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
    // Today fills in section by section; a dispatched click cannot land on a row that just moved.
    const resume = page
      .getByRole('link')
      .filter({ hasText: 'Lanjutkan' })
      .filter({ hasText: 'Amplang Sungai Martapura' });
    await expect.poll(() => resume.getAttribute('href')).toContain('draf=');
    await resume.dispatchEvent('click');
    await expect.poll(() => page.url()).toMatch(/draf=/);
    await expect
      .poll(() => page.getByLabel('Catatan').inputValue())
      .toBe('Kemasan masih plastik polos; sarankan standing pouch dan label.');
    await expect.poll(() => page.locator('.photo-picker img').count()).toBe(2);

    await page.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await page.getByText('Kunjungan tersimpan di ponsel').waitFor();
  });

  it('offline: after a reload it is all there, and the outbox holds exactly one entry per saved row', async () => {
    await page.reload();
    await page.goto(`${app.url}/usaha/${businessId}`);
    await page.getByRole('heading', { name: 'Riwayat kunjungan' }).waitFor();

    const outbox = await readStore<{ mutationId: number; table: string; rowId: string }>(page, 'outbox');
    const byTable = (table: string) => outbox.filter((entry) => entry.table === table).length;
    const visits = (await readStore<{ id: string; businessId: string }>(page, 'visits')).filter(
      (visit) => visit.businessId === businessId,
    );
    const checklists = (await readStore<{ businessId: string }>(page, 'checklistStates')).filter(
      (state) => state.businessId === businessId,
    );
    expect(visits).toHaveLength(1);
    expect({
      businesses: byTable('businesses'),
      visits: byTable('visits'),
      followUps: byTable('followUps'),
      photos: byTable('photos'),
      checklistStates: byTable('checklistStates'),
    }).toEqual({ businesses: 1, visits: 1, followUps: 1, photos: 3, checklistStates: checklists.length });
    expect(checklists.length).toBeGreaterThan(0);
    // Gap-free numbering from 1: the server will apply each exactly once.
    expect(outbox.map((entry) => entry.mutationId).sort((a, b) => a - b)).toEqual(
      outbox.map((_, i) => i + 1),
    );
    expect(await countStore(page, 'blobs')).toBe(3);
    const premises = (
      await readStore<{ businessId: string; visitId: string | null; width: number }>(page, 'photos')
    ).filter((photo) => photo.businessId === businessId && photo.visitId === null);
    expect(premises.map((photo) => photo.width)).toEqual([1600]);
    await page.getByRole('img', { name: 'Foto 1: Tempat usaha' }).waitFor();
    expect(
      (await readStore<{ kind: string }>(page, 'drafts')).filter((d) => d.kind === 'visit'),
    ).toHaveLength(0);
  });

  it('back online: the outbox goes up by itself, and the coordinator’s pull has each row once', async () => {
    const before = await readStore<{ table: string; rowId: string }>(page, 'outbox');
    await context.setOffline(false);
    // The app syncs on the online event (and every 45 s); nothing is clicked. Chromium's offline
    // emulation does not fire `online` in a page loaded while offline, so the test fires it, as a
    // phone's browser does when the signal returns.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => countStore(page, 'outbox'), { timeout: 60_000, interval: 500 }).toBe(0);

    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'koordinator', password: 'binaan-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const seen = new Map<string, number>();
    for (let cursor = '0', more = true; more;) {
      const res = await fetch(`${app.url}/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=2000`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await res.json()) as {
        changes: Record<string, Array<{ id: string }>>;
        cursor: string;
        hasMore: boolean;
      };
      for (const rows of Object.values(page.changes)) {
        for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
      }
      cursor = page.cursor;
      more = page.hasMore;
    }
    const sent = [...new Set(before.map((entry) => entry.rowId))];
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.map((id) => [id, seen.get(id)])).toEqual(sent.map((id) => [id, 1]));
    // The status line says so too.
    await page.getByText('Semua perubahan sudah terkirim').waitFor({ timeout: 10_000 });

    // The photos' bytes follow the text: all three (two of the visit, one of the premises) arrive.
    const hashes = (await readStore<{ sha256: string }>(page, 'blobs')).map((blob) => blob.sha256);
    expect(hashes).toHaveLength(3);
    const arrived = async () => {
      const answers = await Promise.all(
        hashes.map((hash) =>
          fetch(`${app.url}/api/blobs/${hash}`, {
            method: 'HEAD',
            headers: { authorization: `Bearer ${token}` },
          }),
        ),
      );
      return answers.filter((answer) => answer.status === 200).length;
    };
    await expect.poll(arrived, { timeout: 30_000, interval: 500 }).toBe(3);
  });
});
