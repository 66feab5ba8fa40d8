import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { LAPTOP, PHONE, shot, signIn, syncFromSettings } from '../helpers/e2e-journey';

const BUSINESS = 'Abon Ikan Patin Sinar';
const NOTE = 'Kemasan abon sudah pakai standing pouch; label belum ada tanggal kedaluwarsa.';
const COMMENT = 'Tolong catat omzet bulan ini dan foto label barunya.';
const REPLY = 'Omzet Rp6 juta; label baru dicetak minggu depan.';

type VisitRow = { id: string; notes: string; reviewState: string; reviewComment: string | null };

/**
 * Issue 5 in the browser: a coach records a visit offline and syncs; the coordinator returns it
 * with a comment from the review desk; the coach finds it on Today after a sync, answers, and the
 * coordinator approves it. The coach's phone never downloads the desk's code.
 */
describe('a visit reviewed: returned with a comment, answered, approved', () => {
  let app: AppProcess;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let coach: Page;
  let desk: Page;
  let visitId = '';
  const coachScripts: string[] = [];

  async function open(size: { width: number; height: number }): Promise<Page> {
    const profile = mkdtempSync(join(tmpdir(), 'binaan-review-'));
    profiles.push(profile);
    const context = await launchPersistent(profile, { viewport: size, locale: 'id-ID' });
    contexts.push(context);
    return context.pages()[0] ?? (await context.newPage());
  }

  const visitOnPhone = async () =>
    (await readStore<VisitRow>(coach, 'visits')).find((visit) => visit.id === visitId) ?? null;

  beforeAll(async () => {
    app = await startAppProcess();
    coach = await open(PHONE);
    desk = await open(LAPTOP);
    // The page's and its service worker's downloads (Chromium reports both on the context).
    contexts[0]?.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/assets/')) coachScripts.push(path);
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await app?.stop();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
  });

  it('the coach records a visit offline; back online it syncs', async () => {
    await signIn(coach, app.url, 'pendamping1');
    await coach.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
    await coach.getByRole('searchbox').fill(BUSINESS);
    await coach
      .getByRole('link', { name: new RegExp(BUSINESS) })
      .first()
      .click();
    await coach.getByRole('heading', { level: 1, name: BUSINESS }).waitFor();

    await contexts[0]?.setOffline(true);
    await coach.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await coach.getByLabel('Catatan').fill(NOTE);
    await coach.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await coach.getByText('Kunjungan tersimpan di ponsel').waitFor();
    // Saved: no draft of it stays behind ("Draf kunjungan" on Today would offer it again).
    await coach.waitForTimeout(1_000);
    expect(await readStore(coach, 'drafts')).toEqual([]);
    visitId = (await readStore<VisitRow>(coach, 'visits')).find((visit) => visit.notes === NOTE)?.id ?? '';
    expect(visitId).not.toBe('');
    expect(await countStore(coach, 'outbox')).toBeGreaterThan(0);

    await contexts[0]?.setOffline(false);
    await coach.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => countStore(coach, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);
  });

  it('the coordinator finds it at the top of the review queue and returns it with a comment', async () => {
    await signIn(desk, app.url, 'koordinator');
    await desk.getByRole('heading', { name: 'Tinjauan kunjungan' }).waitFor();
    const first = desk.locator('.desk-row').first();
    await first.getByText(NOTE).waitFor();
    await expect.poll(() => first.textContent()).toContain('Ahmad Fauzi');
    await shot(desk, 'review-01-queue-laptop');
    await first.getByRole('link', { name: new RegExp(BUSINESS) }).click();
    await desk.getByRole('heading', { name: `Kunjungan ke ${BUSINESS}` }).waitFor();
    await desk.getByText(NOTE).waitFor();

    await desk.getByLabel('Komentar untuk pendamping').fill(COMMENT);
    await shot(desk, 'review-02-visit-laptop', { fullPage: true });
    await desk.getByRole('button', { name: 'Kembalikan ke pendamping' }).click();
    await desk.getByText(/Kunjungan dikembalikan ke pendamping/).waitFor();
  });

  it('after a sync the coach sees the returned visit on Today, answers it, and the answer goes up', async () => {
    await syncFromSettings(coach);
    expect(await visitOnPhone()).toMatchObject({ reviewState: 'returned', reviewComment: COMMENT });
    await coach.getByRole('navigation').getByRole('link', { name: 'Hari ini' }).click();
    const returned = coach.locator('section', {
      has: coach.getByRole('heading', { name: 'Dikembalikan koordinator' }),
    });
    await returned.getByText(COMMENT, { exact: false }).waitFor();
    await shot(coach, 'review-03-today-returned-phone');
    // The visit saved offline left no draft behind: Today offers none (a stale list once did).
    const drafts = coach.locator('section', { has: coach.getByRole('heading', { name: 'Draf kunjungan' }) });
    await drafts.last().getByText('Tidak ada draf kunjungan.').waitFor();
    await coach.getByRole('link', { name: new RegExp(`^Buka kunjungan.*${BUSINESS}`) }).click();
    await coach.getByLabel('Jawaban Anda').fill(REPLY);
    await shot(coach, 'review-04-reply-phone');
    await coach.getByRole('button', { name: 'Kirim ulang ke koordinator' }).click();
    await coach.getByText('Jawaban tersimpan; kunjungan menunggu tinjauan lagi.').waitFor();
    await expect.poll(() => countStore(coach, 'outbox'), { timeout: 60_000, interval: 300 }).toBe(0);
  });

  it('the coordinator sees the answer in the history and approves; the coach’s phone learns it', async () => {
    await desk.goto(`${app.url}/koordinator/kunjungan/${visitId}`);
    const history = desk.locator('section', { has: desk.getByRole('heading', { name: 'Riwayat tinjauan' }) });
    await history.getByText(REPLY).waitFor();
    await history.getByText(COMMENT).waitFor();
    await desk.getByRole('button', { name: 'Setujui' }).click();
    await desk.getByText('Kunjungan disetujui.').waitFor();
    await desk.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disetujui' });
    await desk.locator('.desk-row').first().getByText(NOTE).waitFor();
    await shot(desk, 'review-05-approved-laptop');

    await syncFromSettings(coach);
    expect(await visitOnPhone()).toMatchObject({ reviewState: 'approved' });
  });

  it('the coach’s phone never downloaded the coordinator’s desk, not even into its offline cache', () => {
    expect(coachScripts.filter((path) => path.endsWith('.js')).length).toBeGreaterThan(3);
    expect(coachScripts.filter((path) => path.startsWith('/assets/desk-'))).toEqual([]);
  });
});
