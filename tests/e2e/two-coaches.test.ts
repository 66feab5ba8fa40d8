import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '@/shared/sync/hlc';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { apiToken, LAPTOP, PHONE, serverRows, shot, signIn, syncFromSettings } from '../helpers/e2e-journey';

type BusinessRow = {
  id: string;
  products: string | null;
  address: string | null;
  assignedCoachId: string | null;
};

const PRODUCTS = 'Kerupuk haruan, amplang ikan pipih';
const ADDRESS = 'Jl. Kelayan B Gg. Sepakat RT 07 No. 12';
const NOTE = 'Ibu Ijah sudah pindah ke rumah produksi baru di Kelayan B; dapur lebih bersih.';

/**
 * Issue 4 in the browser: two coaches have the same business on their phones, both edit it
 * offline (different fields) and one records a visit; when they come back online, nothing is
 * lost: both edits are on both phones and on the server, and the coordinator sees the visit.
 */
describe('two coaches edit one business offline', () => {
  let app: AppProcess;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let coachA: Page; // pendamping1, Ahmad Fauzi: the business is assigned to him
  let coachB: Page; // pendamping2, Siti Nurhaliza: she created it
  let desk: Page; // koordinator, Rahmawati, on a laptop
  let businessId = '';
  let coordinator: { token: string; userId: string };
  let coachAId = '';

  async function open(size: { width: number; height: number }): Promise<Page> {
    const profile = mkdtempSync(join(tmpdir(), 'binaan-two-'));
    profiles.push(profile);
    const context = await launchPersistent(profile, { viewport: size, locale: 'id-ID' });
    contexts.push(context);
    return context.pages()[0] ?? (await context.newPage());
  }

  const businessOn = async (page: Page) =>
    (await readStore<BusinessRow>(page, 'businesses')).find((row) => row.id === businessId) ?? null;

  /** The coach's way to a business: the Usaha tab, the search box, the result. */
  async function openFromList(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
    await page.getByRole('searchbox').fill(name);
    await page
      .getByRole('link', { name: new RegExp(name) })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  beforeAll(async () => {
    app = await startAppProcess();
    coachA = await open(PHONE);
    coachB = await open(PHONE);
    desk = await open(LAPTOP);
    coordinator = await apiToken(app.url, 'koordinator');
    coachAId = (await apiToken(app.url, 'pendamping1')).userId;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await app?.stop();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
  });

  it('both coaches sign in on their phones, the coordinator on her laptop', async () => {
    await Promise.all([
      signIn(coachA, app.url, 'pendamping1'),
      signIn(coachB, app.url, 'pendamping2'),
      signIn(desk, app.url, 'koordinator'),
    ]);
    await coachA.getByText('Halo, Ahmad Fauzi').waitFor();
    await coachB.getByText('Halo, Siti Nurhaliza').waitFor();
    expect(await countStore(coachA, 'businesses')).toBeGreaterThan(50);
    expect(await countStore(coachB, 'businesses')).toBeGreaterThan(50);
    await shot(coachA, 'two-coaches-01-today-coach-a');
    await shot(desk, 'two-coaches-01-coordinator-home');
  });

  it('coach B registers a business; the coordinator assigns it to coach A; it reaches both phones', async () => {
    await coachB.goto(`${app.url}/usaha/baru`);
    await coachB.getByLabel('Nama usaha').fill('Kerupuk Haruan Bu Ijah');
    await coachB.getByLabel('Nama pemilik').fill('Hj. Ijah Noor');
    await coachB.getByLabel('Alamat (jalan, gang, RT/RW)').fill('Jl. Kelayan A Gg. Rahmat No. 3');
    await coachB.getByLabel('Kecamatan').selectOption({ label: 'Banjarmasin Selatan' });
    await coachB.getByLabel('Kelurahan').selectOption({ label: 'Kelayan Selatan' });
    await coachB.getByLabel('Sektor').selectOption({ label: 'Makanan olahan' });
    await coachB.getByLabel('Produk utama').fill('Kerupuk haruan');
    await shot(coachB, 'two-coaches-02-new-business-form-coach-b');
    await coachB.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expect.poll(() => coachB.url()).toMatch(/\/usaha\/[0-9a-f-]{36}$/);
    businessId = coachB.url().split('/').pop() ?? '';
    await coachB.getByRole('heading', { level: 1, name: 'Kerupuk Haruan Bu Ijah' }).waitFor();
    // Saved on the phone; 2 s later it goes up by itself.
    await expect.poll(() => countStore(coachB, 'outbox'), { timeout: 30_000, interval: 300 }).toBe(0);

    // The coordinator moves it to coach A. There is no assignment screen yet (/koordinator/penugasan
    // is a placeholder), so this is the push a coordinator's device sends: one numbered mutation.
    const clientId = randomUUID();
    const res = await fetch(`${app.url}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator.token}` },
      body: JSON.stringify({
        clientId,
        schemaVersion: 1,
        cursor: '0',
        limit: 0,
        mutations: [
          {
            mutationId: 1,
            table: 'businesses',
            rowId: businessId,
            op: 'upsert',
            fields: { assignedCoachId: coachAId },
            clocks: { assignedCoachId: formatHlc({ millis: Date.now(), counter: 0, node: clientId }) },
            schemaVersion: 1,
            createdAt: new Date().toISOString(),
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([]);

    // Both phones pull it: coach A as its coach, coach B still as the one who registered it.
    await syncFromSettings(coachA);
    await syncFromSettings(coachB);
    expect(await businessOn(coachA)).toMatchObject({ assignedCoachId: coachAId, products: 'Kerupuk haruan' });
    expect(await businessOn(coachB)).toMatchObject({ assignedCoachId: coachAId, products: 'Kerupuk haruan' });
    await shot(coachB, 'two-coaches-03-settings-coach-b');
  });

  it('offline, coach A changes the products and coach B the address, and records a visit', async () => {
    await Promise.all(contexts.slice(0, 2).map((context) => context.setOffline(true)));

    // Coach A finds the business in his list and edits its products. (No page loads while offline:
    // Chromium would then report navigator.onLine true, which a real phone does not.)
    await openFromList(coachA, 'Kerupuk Haruan Bu Ijah');
    await shot(coachA, 'two-coaches-04-business-page-coach-a-offline');
    await coachA.getByRole('link', { name: 'Ubah profil' }).click();
    await coachA.getByLabel('Produk utama').fill(PRODUCTS);
    await shot(coachA, 'two-coaches-05-edit-products-coach-a');
    await coachA.getByRole('button', { name: 'Simpan', exact: true }).click();
    await coachA.getByText('Perubahan profil tersimpan di ponsel.').waitFor();

    // Coach B edits the address from the business page she is on, then records a visit.
    await openFromList(coachB, 'Kerupuk Haruan Bu Ijah');
    await coachB.getByRole('link', { name: 'Ubah profil' }).click();
    await coachB.getByLabel('Alamat (jalan, gang, RT/RW)').fill(ADDRESS);
    await coachB.getByRole('button', { name: 'Simpan', exact: true }).click();
    await coachB.getByText('Perubahan profil tersimpan di ponsel.').waitFor();
    await coachB.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await expect.poll(() => coachB.url()).toMatch(/\/kunjungan\/baru/);
    await coachB.getByLabel('Catatan').fill(NOTE);
    await shot(coachB, 'two-coaches-06-visit-form-coach-b-offline');
    await coachB.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await coachB.getByText('Kunjungan tersimpan di ponsel').waitFor();
    await shot(coachB, 'two-coaches-07-visit-saved-coach-b-offline');

    // Each phone holds only its own edit, waiting in its outbox.
    expect(await businessOn(coachA)).toMatchObject({
      products: PRODUCTS,
      address: 'Jl. Kelayan A Gg. Rahmat No. 3',
    });
    expect(await businessOn(coachB)).toMatchObject({ products: 'Kerupuk haruan', address: ADDRESS });
    const outboxA = await readStore<{ table: string; fields: Record<string, unknown> }>(coachA, 'outbox');
    expect(outboxA.map((entry) => [entry.table, Object.keys(entry.fields)])).toEqual([
      ['businesses', ['products']],
    ]);
    const outboxB = await readStore<{ table: string; fields: Record<string, unknown> }>(coachB, 'outbox');
    expect(outboxB.filter((entry) => entry.table === 'businesses').map((e) => Object.keys(e.fields))).toEqual(
      [['address']],
    );
    expect(outboxB.filter((entry) => entry.table === 'visits')).toHaveLength(1);
  });

  it('back online, both outboxes drain and both edits are on both phones and on the server', async () => {
    const visitId =
      (await readStore<{ id: string; businessId: string }>(coachB, 'visits')).find(
        (visit) => visit.businessId === businessId,
      )?.id ?? '';
    expect(visitId).not.toBe('');
    for (const [index, page] of [coachA, coachB].entries()) {
      await contexts[index]?.setOffline(false);
      // Chromium's offline emulation does not fire `online` in a page loaded while offline.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
    }
    await expect.poll(() => countStore(coachA, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);
    await expect.poll(() => countStore(coachB, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);

    // The server merged the two edits field by field.
    const res = await fetch(`${app.url}/api/businesses/${businessId}`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(await res.json()).toMatchObject({ products: PRODUCTS, address: ADDRESS });
    const server = await serverRows(app.url, coordinator.token);
    expect(server.visits?.filter((visit) => visit.businessId === businessId).map((v) => v.id)).toEqual([
      visitId,
    ]);

    // Whichever phone pushed first learns of the other's edit on its next run ("Sinkronkan sekarang").
    await syncFromSettings(coachA);
    await syncFromSettings(coachB);
    for (const page of [coachA, coachB]) {
      expect(await businessOn(page)).toMatchObject({ products: PRODUCTS, address: ADDRESS });
      const visits = await readStore<{ id: string; businessId: string }>(page, 'visits');
      expect(visits.filter((visit) => visit.businessId === businessId).map((v) => v.id)).toEqual([visitId]);
    }
    await shot(coachA, 'two-coaches-08-settings-coach-a-after-sync');
    await coachA.goto(`${app.url}/usaha/${businessId}`);
    await coachA.getByText(ADDRESS).waitFor();
    await coachA.getByText(PRODUCTS).waitFor();
    await coachA.getByText(NOTE).waitFor();
    await shot(coachA, 'two-coaches-09-business-page-coach-a-merged', { fullPage: true });
    await coachB.goto(`${app.url}/usaha/${businessId}`);
    await coachB.getByText(PRODUCTS).waitFor();
    await shot(coachB, 'two-coaches-10-business-page-coach-b-merged', { fullPage: true });
  });

  it('the coordinator’s laptop, signed in all along, receives the new visit and shows it on the timeline', async () => {
    // Her laptop was online throughout: one run (her button, or the 45 s timer) brings the day's work.
    await syncFromSettings(desk);
    const visits = (await readStore<{ businessId: string; notes: string }>(desk, 'visits')).filter(
      (row) => row.businessId === businessId,
    );
    expect(visits.map((row) => row.notes)).toEqual([NOTE]);
    expect((await businessOn(desk)) ?? {}).toMatchObject({ products: PRODUCTS, address: ADDRESS });
    await shot(desk, 'two-coaches-11-coordinator-settings');
    await desk.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
    await desk.getByRole('searchbox').fill('Kerupuk Haruan Bu Ijah');
    await desk
      .getByRole('link', { name: /Kerupuk Haruan Bu Ijah/ })
      .first()
      .click();
    const timeline = desk.locator('section', {
      has: desk.getByRole('heading', { name: 'Riwayat kunjungan' }),
    });
    await timeline.getByText(NOTE).waitFor();
    // Two edits of different fields, each made on the value its phone showed, and an assignment:
    // nothing anyone wrote was overwritten, so no "Teks yang tertimpa" card.
    expect(
      await readStore(desk, 'syncConflicts'),
      JSON.stringify(await readStore(desk, 'syncConflicts')),
    ).toEqual([]);
    expect(await desk.getByText('Teks yang tertimpa').count()).toBe(0);
    await shot(desk, 'two-coaches-12-coordinator-business-page', { fullPage: true });
  });
});
