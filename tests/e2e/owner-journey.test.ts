import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import {
  apiToken,
  lastSyncAt,
  PHONE,
  serverRows,
  shot,
  signIn,
  syncFromSettings,
} from '../helpers/e2e-journey';

type BusinessRow = {
  id: string;
  name: string;
  phone: string | null;
  products: string | null;
  assignedCoachId: string | null;
  ownerInvite: { codeHash: string; usedAt: string | null } | null;
  deletedAt: string | null;
};
type OutboxRow = { table: string; rowId: string; fields: Record<string, unknown> };

const SUMMARY = 'Kemasan standing pouch sudah bagus. Minggu depan foto produk dengan latar putih.';
const ACTION = 'Foto 5 produk dengan latar putih';
const PRODUCTS = 'Amplang ikan pipih, kerupuk haruan, stik bawang';
const SECRET = '270615';

/**
 * Issue 6 in the browser: a coach invites a business owner from the business page with no signal
 * (QR code, code and WhatsApp link, all made on the phone), records a visit shared with the owner;
 * the owner's link works once the coach's phone has synced; the owner sets a PIN, sees their own
 * business and nothing else (offline too), ticks their action, asks for a correction; the coach
 * gets it as a task on Today and accepts it; the owner sees the answer and the new profile.
 */
describe('an owner invited from a coach’s phone', () => {
  let app: AppProcess;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let coach: Page;
  let owner: Page;
  let business: BusinessRow;
  let link = '';

  async function open(): Promise<{ page: Page; context: BrowserContext }> {
    const profile = mkdtempSync(join(tmpdir(), 'binaan-owner-'));
    profiles.push(profile);
    const context = await launchPersistent(profile, { viewport: PHONE, locale: 'id-ID' });
    contexts.push(context);
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  }

  async function goOnline(page: Page, context: BrowserContext) {
    await context.setOffline(false);
    // Chromium's offline emulation does not fire `online` in a page loaded while offline.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
  }

  beforeAll(async () => {
    app = await startAppProcess();
    coach = (await open()).page;
    owner = (await open()).page;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await app?.stop();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
  });

  it('the coach, offline, invites the owner and records a visit shared with them', async () => {
    await signIn(coach, app.url, 'pendamping1');
    const coachId = (await apiToken(app.url, 'pendamping1')).userId;
    const mine = (await readStore<BusinessRow>(coach, 'businesses')).filter(
      (row) => row.assignedCoachId === coachId && row.phone && !row.deletedAt,
    );
    const phones = new Map<string, number>();
    for (const row of mine) phones.set(row.phone ?? '', (phones.get(row.phone ?? '') ?? 0) + 1);
    const chosen = mine.find((row) => phones.get(row.phone ?? '') === 1);
    if (!chosen) throw new Error('no business of pendamping1 with its own phone number');
    business = chosen;

    await coach.goto(`${app.url}/usaha/${business.id}`);
    await coach.getByRole('heading', { level: 1, name: business.name }).waitFor();
    await contexts[0]?.setOffline(true);

    await coach.getByRole('button', { name: 'Buat undangan' }).click();
    const qr = coach.getByRole('img', { name: `Kode QR undangan untuk ${business.name}` });
    await qr.waitFor();
    const code = ((await coach.locator('.owner-invite-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    link = ((await coach.locator('.owner-invite-link').textContent()) ?? '').trim();
    expect(link).toBe(`${app.url}/undangan#kode=${code.replaceAll('-', '')}`);
    const whatsApp = await coach.getByRole('link', { name: 'Kirim lewat WhatsApp' }).getAttribute('href');
    expect(whatsApp).toContain(`https://wa.me/${(business.phone ?? '').slice(1)}?text=`);
    expect(decodeURIComponent(whatsApp ?? '')).toContain(link);
    await coach.getByText('baru bisa dipakai setelah ponsel tersinkron').waitFor();
    await qr.scrollIntoViewIfNeeded();
    await shot(coach, 'owner-01-coach-invite-offline');

    // Only the code's hash waits in the outbox; the code itself never leaves the phone.
    const outbox = await readStore<OutboxRow>(coach, 'outbox');
    expect(outbox.map((entry) => [entry.table, Object.keys(entry.fields)])).toEqual([
      ['businesses', ['ownerInvite']],
    ]);
    expect(JSON.stringify(outbox)).not.toContain(code.replaceAll('-', ''));

    // A visit the owner may read, with an action for the owner.
    await coach.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await expect.poll(() => coach.url()).toMatch(/\/kunjungan\/baru/);
    await coach.getByLabel('Catatan').fill('Catatan internal: pembukuan belum rapi, jangan dibagikan.');
    await coach.getByLabel('Bagikan kunjungan ini ke pemilik').check();
    await coach.getByLabel('Ringkasan untuk pemilik').fill(SUMMARY);
    await coach.getByRole('button', { name: 'Tambah tindak lanjut' }).click();
    await coach.getByLabel('Apa yang dilakukan').fill(ACTION);
    await coach.getByLabel('Dikerjakan oleh').selectOption({ label: 'Pemilik usaha' });
    await coach.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await coach.getByText('Kunjungan tersimpan di ponsel').waitFor();
  });

  it('the link waits for the coach’s sync, then the owner sets a PIN and sees their own business', async () => {
    await owner.goto(link);
    await owner.getByText('Kode tidak dikenal').waitFor();
    await shot(owner, 'owner-02-invite-not-synced-yet');

    await goOnline(coach, contexts[0] as BrowserContext);
    await expect.poll(() => countStore(coach, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);

    await owner.reload();
    await owner.getByText(`pemilik ${business.name}`).waitFor();
    await owner.getByLabel('Kata sandi atau PIN', { exact: true }).fill(SECRET);
    await owner.getByLabel('Ulangi kata sandi atau PIN').fill(SECRET);
    await shot(owner, 'owner-03-invite-ready');
    await owner.getByRole('button', { name: 'Aktifkan akun' }).click();
    await expect.poll(() => owner.url()).toMatch(/\/pemilik$/);
    await expect.poll(() => lastSyncAt(owner), { timeout: 60_000, interval: 500 }).not.toBeNull();
    await owner.getByRole('heading', { name: business.name }).first().waitFor();
    await owner.getByText(SUMMARY).waitFor();
    await owner.getByText(ACTION).waitFor();
    await shot(owner, 'owner-04-home', { fullPage: true });

    // Only their own business is on the phone, and the coach's internal note is not.
    const rows = await readStore<BusinessRow>(owner, 'businesses');
    expect(rows.map((row) => row.id)).toEqual([business.id]);
    expect(rows[0]?.ownerInvite).toBeNull();
    const visits = await readStore<{ notes: string }>(owner, 'visits');
    expect(JSON.stringify(visits)).not.toContain('pembukuan belum rapi');
    // The coach's phone learns the invite was used.
    await syncFromSettings(coach);
    const onCoach = (await readStore<BusinessRow>(coach, 'businesses')).find((row) => row.id === business.id);
    expect(onCoach?.ownerInvite?.usedAt).toBeTruthy();
  });

  it('offline, the owner ticks their action and asks for a correction; both reach the server', async () => {
    await contexts[1]?.setOffline(true);
    // The tick is saved to the phone's database and shown from there, a moment after the tap.
    const tick = owner.getByRole('checkbox', { name: new RegExp(ACTION) });
    await tick.click();
    await expect.poll(() => tick.isChecked()).toBe(true);
    await owner.getByLabel('Data yang salah').selectOption({ label: 'Produk' });
    await owner.getByLabel('Data yang benar').fill(PRODUCTS);
    await owner.getByLabel('Keterangan (boleh dikosongkan)').fill('Sekarang ada stik bawang juga.');
    await owner.getByRole('button', { name: 'Kirim permintaan' }).click();
    await owner.getByText('Permintaan tersimpan').waitFor();
    expect(await countStore(owner, 'outbox')).toBe(2);
    await shot(owner, 'owner-05-correction-offline', { fullPage: true });
    await goOnline(owner, contexts[1] as BrowserContext);
    await expect.poll(() => countStore(owner, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);
    const rejected = (await readStore<{ key: string; value: unknown }>(owner, 'meta')).find(
      (row) => row.key === 'rejections',
    );
    expect(rejected?.value ?? []).toEqual([]);
  });

  it('the coach gets the request on Today and accepts it; the owner sees the answer', async () => {
    await syncFromSettings(coach);
    await coach.getByRole('navigation').getByRole('link', { name: 'Hari ini' }).click();
    const section = coach.getByRole('region', { name: /Permintaan dari pemilik usaha/ });
    await section.waitFor();
    await shot(coach, 'owner-06-coach-today-request');
    await section.getByRole('link', { name: new RegExp(`Periksa.*${business.name}`) }).click();
    await coach.getByText(`Diminta: ${PRODUCTS}`).waitFor();
    await shot(coach, 'owner-07-coach-correction');
    await coach.getByRole('button', { name: 'Terima dan ubah profil' }).click();
    await coach.getByRole('status').filter({ hasText: 'Profil diubah' }).waitFor();
    await expect.poll(() => countStore(coach, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);

    const koordinator = await apiToken(app.url, 'koordinator');
    const onServer = await serverRows(app.url, koordinator.token);
    expect(onServer.businesses?.find((row) => row.id === business.id)?.products).toBe(PRODUCTS);
    const action = onServer.followUps?.find((row) => row.what === ACTION);
    expect(action?.doneAt).toBeTruthy();
    expect(
      onServer.followUps?.find((row) => row.correction !== null && row.businessId === business.id),
    ).toMatchObject({
      resolution: 'accepted',
    });

    await syncFromSettings(owner);
    await owner.getByRole('navigation').getByRole('link', { name: 'Usaha saya' }).click();
    await owner.getByText('Diterima').first().waitFor();
    await owner.getByText(PRODUCTS).first().waitFor();
    await shot(owner, 'owner-08-answered', { fullPage: true });
  });

  it('the owner signs in again with the phone number', async () => {
    await owner.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await owner.getByRole('button', { name: 'Keluar' }).click();
    await owner.getByLabel('Nama pengguna').fill((business.phone ?? '').replace('+62', '0'));
    await owner.getByLabel('Kata sandi').fill(SECRET);
    await owner.getByRole('button', { name: 'Masuk' }).click();
    // Signed out on Pengaturan, signed in there again (a deep link survives sign-in).
    await owner.getByRole('navigation').getByRole('link', { name: 'Usaha saya' }).click();
    await owner.getByRole('heading', { name: business.name }).first().waitFor();
    await shot(owner, 'owner-09-signed-in-by-phone');
  });
});
