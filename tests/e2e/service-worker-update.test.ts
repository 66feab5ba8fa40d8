/**
 * A new version is deployed while coaches' phones hold unsent work (issue 7, "Chaos and
 * durability"). Build A is installed on two phones; each coach edits a business, records a visit
 * and leaves a second visit half-written, offline. Then build B (a real second build: a new entry
 * chunk, so new names for the chunks that import it, and a new precache manifest) replaces A on the
 * server, and the phones come back online with sync still failing, so the outbox stays full.
 * - Phone 1 keeps the tab that installed the app, never reloaded: the new worker waits for the
 *   coach; a screen of A never opened before still loads, though the server no longer has its chunk
 *   (the old worker's precache serves it); accepting reloads the tab onto B.
 * - Phone 2 says "Nanti" and reloads later: the tab still runs A, whole, from the old precache, and
 *   the offer is back; accepting then reloads onto B.
 * On both, the outbox and the draft come through untouched, and once sync gets through the server
 * holds each visit and each edit exactly once.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { apiToken, PHONE, serverRows, signIn } from '../helpers/e2e-journey';

const ROOT = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const VERSION_B = `${version}+uji-pembaruan`;
const UPDATE_OFFER = 'Versi baru binaan tersedia.';

type OutboxRow = { mutationId: number; table: string; rowId: string };
type DraftRow = { kind: string; data: { values?: { notes?: unknown } } };

/**
 * Build B: the same sources built again by Vite with another app version (the `define` the config
 * sets), so the entry chunk changes and with it every chunk that imports it, and sw.js's precache
 * manifest. In a child process, as `vite build` runs: vitest's NODE_ENV=test must not reach it.
 */
function buildVersion(outDir: string, appVersion: string): Promise<void> {
  const script = `
    import { build } from 'vite';
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'warn',
      define: { 'import.meta.env.VITE_APP_VERSION': ${JSON.stringify(JSON.stringify(appVersion))} },
      build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true },
    });`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`build B failed (${code}):\n${output}`)),
    );
  });
}

/** The /assets/ files this document has loaded so far, by file name. */
async function loadedAssets(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls
    .map((url) => new URL(url).pathname)
    .filter((path) => path.startsWith('/assets/'))
    .map((path) => basename(path));
}

/** The entry chunk the document started from (index-<hash>.js): which build the tab runs. */
async function entryChunk(page: Page): Promise<string> {
  const src = await page.evaluate(
    () => document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src ?? '',
  );
  return src === '' ? '' : basename(new URL(src).pathname);
}

const draftsWith = async (page: Page, notes: string) =>
  (await readStore<DraftRow>(page, 'drafts')).filter((draft) => draft.data.values?.notes === notes);

/** One coach's phone: a persistent Chromium profile and what the test learns about it on the way. */
type Phone = {
  username: string;
  note: string;
  products: string;
  draftNote: string;
  context: BrowserContext;
  page: Page;
  coach: { token: string; userId: string };
  business: { id: string; name: string };
  visitId: string;
  entryA: string;
  outbox: OutboxRow[];
};

describe('a new version is deployed while the outbox holds unsent work', () => {
  let app: AppProcess;
  let work: string;
  let buildA: string;
  let buildB: string;
  let site: string;
  const phones: Phone[] = [];
  const phone = (index: number): Phone => {
    const found = phones[index];
    if (!found) throw new Error(`phone ${index} was not opened`);
    return found;
  };

  // The signal is back for the app's files, but sync requests fail (as on a weak signal), so the
  // update meets a full outbox.
  const failSync = (route: Route) => route.abort('internetdisconnected');
  const isSync = (url: URL) => url.pathname.startsWith('/api/sync');

  /** Deploys a build as a release script does: the served directory is a symlink, swapped in one rename. */
  function deploy(build: string): void {
    const next = `${site}.next`;
    symlinkSync(build, next);
    renameSync(next, site);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'binaan-sw-update-'));
    // A is the normal dist/, copied: another build of dist/ meanwhile cannot change it under us.
    buildA = join(work, 'a');
    cpSync(join(ROOT, 'dist'), buildA, { recursive: true });
    buildB = join(work, 'b');
    await buildVersion(buildB, VERSION_B);
    site = join(work, 'site');
    deploy(buildA);
    app = await startAppProcess({ STATIC_DIR: site });
    for (const [index, username] of ['pendamping1', 'pendamping2'].entries()) {
      const context = await launchPersistent(join(work, `profile-${index}`), {
        viewport: PHONE,
        locale: 'id-ID',
      });
      // Every file a document loads stays listed (the default keeps 250 entries), so a screen's chunks
      // are found however many requests the document made before it.
      await context.addInitScript({ content: 'performance.setResourceTimingBufferSize(100000);' });
      phones.push({
        username,
        note: `Kunjungan ${username}: stok kemasan habis, pesan ulang standing pouch.`,
        products: `Amplang ikan pipih (${username})`,
        draftNote: `Belum selesai (${username}): tanya soal label halal.`,
        context,
        page: context.pages()[0] ?? (await context.newPage()),
        coach: await apiToken(app.url, username),
        business: { id: '', name: '' },
        visitId: '',
        entryA: '',
        outbox: [],
      });
    }
  });

  afterAll(async () => {
    for (const { context } of phones) await context.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('build B really differs from A: another entry chunk and another precache manifest', () => {
    const entries = (build: string) =>
      readdirSync(join(build, 'assets')).filter((name) => /^index-.*\.js$/.test(name));
    expect(entries(buildA)).toHaveLength(1);
    expect(entries(buildB)).toHaveLength(1);
    expect(entries(buildB)).not.toEqual(entries(buildA));
    expect(readFileSync(join(buildB, 'sw.js'), 'utf8')).not.toBe(readFileSync(join(buildA, 'sw.js'), 'utf8'));
  });

  it('both coaches sign in online on build A; the service worker controls each tab', async () => {
    for (const { page, username } of phones) await signIn(page, app.url, username);
    for (const one of phones) {
      await expect
        .poll(() => one.page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
        .toBe(true);
      one.entryA = await entryChunk(one.page);
      expect(existsSync(join(buildA, 'assets', one.entryA))).toBe(true);
      const mine = (
        await readStore<{ id: string; name: string; assignedCoachId: string | null }>(one.page, 'businesses')
      ).find((row) => row.assignedCoachId === one.coach.userId);
      one.business = { id: mine?.id ?? '', name: mine?.name ?? '' };
      expect(one.business.id).not.toBe('');
      expect(await countStore(one.page, 'outbox')).toBe(0);
    }
  });

  it('offline, each edits a business, records a visit and leaves a second visit half-written', async () => {
    for (const one of phones) {
      const { page, business } = one;
      await one.context.setOffline(true);
      // No page loads from here on: each tab keeps only the chunks it has opened so far.
      const openBusiness = async () => {
        await page.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
        await page.getByRole('searchbox').fill(business.name);
        await page.getByRole('link', { name: business.name }).first().click();
        await page.getByRole('heading', { level: 1, name: business.name }).waitFor();
      };
      await openBusiness();
      await page.getByRole('link', { name: 'Ubah profil' }).click();
      await page.getByLabel('Produk utama').fill(one.products);
      await page.getByRole('button', { name: 'Simpan', exact: true }).click();
      await page.getByText('Perubahan profil tersimpan di ponsel.').waitFor();

      await page.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
      await page.getByLabel('Catatan').fill(one.note);
      await page.getByRole('button', { name: 'Simpan kunjungan' }).click();
      await page.getByText('Kunjungan tersimpan di ponsel').waitFor();
      await expect.poll(() => page.url()).toMatch(/\/kunjungan\/[0-9a-f-]{36}$/);
      one.visitId = page.url().split('/').pop() ?? '';

      // The second visit is begun and left: its draft is on disk and the form is closed.
      await openBusiness();
      await page.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
      await page.getByLabel('Catatan').fill(one.draftNote);
      await expect.poll(async () => (await draftsWith(page, one.draftNote)).length).toBe(1);
      await page.getByRole('navigation').getByRole('link', { name: 'Hari ini' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();

      one.outbox = await readStore<OutboxRow>(page, 'outbox');
      expect(one.outbox.filter((e) => e.table === 'businesses').map((e) => e.rowId)).toEqual([business.id]);
      expect(one.outbox.filter((e) => e.table === 'visits').map((e) => e.rowId)).toEqual([one.visitId]);
    }
  });

  it('build B replaces A on the server: A’s chunks are gone from it', async () => {
    deploy(buildB);
    const visitsPageA = readdirSync(join(buildA, 'assets')).find((name) => name.startsWith('visits-page-'));
    expect(visitsPageA).toBeDefined();
    expect(existsSync(join(buildB, 'assets', visitsPageA ?? ''))).toBe(false);
    expect((await fetch(`${app.url}/assets/${visitsPageA}`)).status).toBe(404);
    expect(await (await fetch(`${app.url}/sw.js`)).text()).toBe(readFileSync(join(buildB, 'sw.js'), 'utf8'));
  });

  /** Opens Kunjungan, never opened in this document, and returns the asset files it loaded. */
  async function openVisitsList(one: Phone): Promise<string[]> {
    const before = new Set(await loadedAssets(one.page));
    await one.page.getByRole('navigation').getByRole('link', { name: 'Kunjungan' }).click();
    await one.page.getByRole('heading', { level: 1, name: 'Kunjungan' }).waitFor();
    // The list itself rendered (its rows come from the phone), not an error page.
    await one.page
      .getByRole('link', { name: new RegExp(one.business.name) })
      .first()
      .waitFor();
    return (await loadedAssets(one.page)).filter((name) => !before.has(name));
  }

  /**
   * The screen's own chunk (and any other file of A that B renamed) is gone from the server, so it
   * can only have come from the old worker's precache; shared chunks B left unchanged may be on both.
   */
  async function expectOnlyInA(names: string[]): Promise<void> {
    expect(names.every((name) => existsSync(join(buildA, 'assets', name)))).toBe(true);
    const gone = names.filter((name) => !existsSync(join(buildB, 'assets', name)));
    expect(
      gone.some((name) => name.startsWith('visits-page-')),
      `the visits list's chunk among the files it loaded (${names.join(', ')})`,
    ).toBe(true);
    for (const name of gone) {
      expect((await fetch(`${app.url}/assets/${name}`)).status, `${name} is still served`).toBe(404);
    }
  }

  const offer = (page: Page) => page.getByRole('status').filter({ hasText: UPDATE_OFFER });

  it('phone 1, back online in the tab that installed A: B waits for the coach, and a screen never opened still loads', async () => {
    const one = phone(0);
    await one.context.route(isSync, failSync);
    await one.context.setOffline(false);
    // Browsers look for a new worker on page loads; this tab has had none since, so the test asks
    // for the same check.
    await one.page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await offer(one.page).waitFor({ timeout: 30_000 });
    expect(
      await one.page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null,
      ),
    ).toBe(true);
    await expectOnlyInA(await openVisitsList(one));
    expect(await entryChunk(one.page)).toBe(one.entryA);
    expect(await readStore<OutboxRow>(one.page, 'outbox')).toEqual(one.outbox);
  });

  it('phone 1: accepting reloads the tab onto build B, with the outbox and the draft untouched', async () => {
    const one = phone(0);
    await offer(one.page).getByRole('button', { name: 'Perbarui sekarang' }).click();
    await expect.poll(() => entryChunk(one.page).catch(() => ''), { timeout: 30_000 }).not.toBe(one.entryA);
    expect(existsSync(join(buildB, 'assets', await entryChunk(one.page)))).toBe(true);
    await one.page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await one.page.getByText(`Versi ${VERSION_B}`).waitFor();
    expect(await offer(one.page).count()).toBe(0);
    expect(await readStore<OutboxRow>(one.page, 'outbox')).toEqual(one.outbox);
    expect(await draftsWith(one.page, one.draftNote)).toHaveLength(1);
  });

  it('phone 2 says "Nanti" and reloads later: still build A, whole, from the old precache, and B is offered again', async () => {
    const one = phone(1);
    await one.context.route(isSync, failSync);
    await one.context.setOffline(false);
    // A page load: the browser's own update check finds B.
    await one.page.reload();
    await offer(one.page).waitFor({ timeout: 30_000 });
    await offer(one.page).getByRole('button', { name: 'Nanti' }).click();
    await expect.poll(() => offer(one.page).count()).toBe(0);

    await one.page.reload();
    await one.page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
    expect(await entryChunk(one.page)).toBe(one.entryA);
    await offer(one.page).waitFor({ timeout: 30_000 });
    await expectOnlyInA(await openVisitsList(one));
    expect(await readStore<OutboxRow>(one.page, 'outbox')).toEqual(one.outbox);
    expect(await draftsWith(one.page, one.draftNote)).toHaveLength(1);
  });

  it('phone 2: accepting then reloads the tab onto build B, with the outbox and the draft untouched', async () => {
    const one = phone(1);
    await offer(one.page).getByRole('button', { name: 'Perbarui sekarang' }).click();
    await expect.poll(() => entryChunk(one.page).catch(() => ''), { timeout: 30_000 }).not.toBe(one.entryA);
    await one.page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await one.page.getByText(`Versi ${VERSION_B}`).waitFor();
    expect(await offer(one.page).count()).toBe(0);
    expect(await readStore<OutboxRow>(one.page, 'outbox')).toEqual(one.outbox);
    expect(await draftsWith(one.page, one.draftNote)).toHaveLength(1);
  });

  it('on build B both outboxes drain, and the server holds each visit and each edit exactly once', async () => {
    for (const one of phones) {
      await one.context.unroute(isSync, failSync);
      await one.page.evaluate(() => window.dispatchEvent(new Event('online')));
    }
    for (const one of phones) {
      await expect.poll(() => countStore(one.page, 'outbox'), { timeout: 60_000, interval: 500 }).toBe(0);
      const rows = await serverRows(app.url, one.coach.token);
      expect((rows.visits ?? []).filter((row) => row.id === one.visitId)).toEqual([
        expect.objectContaining({ id: one.visitId, notes: one.note }),
      ]);
      expect((rows.businesses ?? []).filter((row) => row.id === one.business.id)).toEqual([
        expect.objectContaining({ products: one.products }),
      ]);
      expect(await draftsWith(one.page, one.draftNote)).toHaveLength(1);
    }
  });
});
