import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { LAPTOP, PHONE, shot, signIn, syncFromSettings } from '../helpers/e2e-journey';
import { readXlsx, type SheetCell } from '../helpers/xlsx-reader';

const BUSINESS = 'Abon Ikan Patin Sinar';
const NOTE = 'Kemasan abon sudah pakai standing pouch; label belum ada tanggal kedaluwarsa.';
const COMMENT = 'Tolong catat omzet bulan ini dan foto label barunya.';
const REPLY = 'Omzet Rp6 juta; label baru dicetak minggu depan.';
/** pendamping1 in the demo seed. */
const COACH = 'Ahmad Fauzi';

type VisitRow = { id: string; notes: string; reviewState: string; reviewComment: string | null };
type BusinessRow = { id: string; name: string; districtCode: string; villageCode: string };

/** What the coordinator reads off the dashboard's tables (figures as shown, `1.234` → 1234). */
type DashboardFigures = {
  /** The header of the visits table's last week column: this week's Monday. */
  thisWeek: string;
  /** The coach's visits this week and over the table's weeks. */
  coachThisWeek: number;
  coachTotal: number;
  /** "Semua pendamping per minggu", this week. */
  allCoachesThisWeek: number;
  /** "Ringkasan per kecamatan": the visit's kecamatan, its visits over the weeks shown. */
  districtVisits: number;
};

const figure = (text: string) => {
  const value = Number(text.trim().replace(/\./g, ''));
  if (!Number.isInteger(value)) throw new Error(`not a count: ${text}`);
  return value;
};

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
  let place = { districtCode: '', villageCode: '' };
  let districtName = '';
  let before: DashboardFigures | null = null;
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

  /**
   * Opens the dashboard from the menu and reads, as tables ("Lihat sebagai tabel"), the coach's
   * row of "Kunjungan per pendamping per minggu" and the kecamatan's row of the summary.
   */
  async function readDashboard(): Promise<DashboardFigures> {
    // From another page through the menu; on the dashboard already, a reload (as a person would).
    if (new URL(desk.url()).pathname === '/koordinator/dasbor') await desk.reload();
    else await desk.getByRole('navigation').getByRole('link', { name: 'Dasbor' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Dasbor' }).waitFor();
    const visits = desk.getByRole('region', { name: 'Kunjungan per pendamping per minggu' });
    await visits.getByRole('button', { name: 'Lihat sebagai tabel' }).click();
    const headers = await visits.getByRole('columnheader').allTextContents();
    expect(headers[0]).toBe('Pendamping');
    expect(headers[headers.length - 1]).toBe('Jumlah');
    const rowOf = (region: typeof visits, name: string) =>
      region.getByRole('row').filter({ has: desk.getByRole('rowheader', { name, exact: true }) });
    const coachCells = (await rowOf(visits, COACH).getByRole('cell').allTextContents()).map(figure);
    const allCells = (
      await rowOf(visits, 'Semua pendamping per minggu').getByRole('cell').allTextContents()
    ).map(figure);
    // One cell per week column, then the total.
    expect(coachCells).toHaveLength(headers.length - 1);
    const summary = desk.getByRole('region', { name: 'Ringkasan per kecamatan' });
    const summaryHeaders = await summary.getByRole('columnheader').allTextContents();
    expect(summaryHeaders[summaryHeaders.length - 1]).toMatch(/^Kunjungan \(\d+ mgg\)$/);
    const districtCells = (await rowOf(summary, districtName).getByRole('cell').allTextContents()).map(
      figure,
    );
    // The kecamatan has a row, one cell per column.
    expect(districtCells).toHaveLength(summaryHeaders.length - 1);
    return {
      thisWeek: headers[headers.length - 2] ?? '',
      coachThisWeek: coachCells[coachCells.length - 2] ?? -1,
      coachTotal: coachCells[coachCells.length - 1] ?? -1,
      allCoachesThisWeek: allCells[allCells.length - 2] ?? -1,
      districtVisits: districtCells[districtCells.length - 1] ?? -1,
    };
  }

  /** The figures one visit more than before, this week, by this coach, in this kecamatan. */
  function oneVisitMore(): DashboardFigures {
    if (!before) throw new Error('the dashboard was not read before the visit');
    return {
      thisWeek: before.thisWeek,
      coachThisWeek: before.coachThisWeek + 1,
      coachTotal: before.coachTotal + 1,
      allCoachesThisWeek: before.allCoachesThisWeek + 1,
      districtVisits: before.districtVisits + 1,
    };
  }

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

  it('before the visit, the coordinator reads the dashboard: the coach’s visits this week, the kecamatan’s', async () => {
    await signIn(coach, app.url, 'pendamping1');
    const business = (await readStore<BusinessRow>(coach, 'businesses')).find((b) => b.name === BUSINESS);
    expect(business).toBeDefined();
    place = { districtCode: business?.districtCode ?? '', villageCode: business?.villageCode ?? '' };

    await signIn(desk, app.url, 'koordinator');
    await desk.getByRole('heading', { name: 'Tinjauan kunjungan' }).waitFor();
    await desk.getByRole('navigation').getByRole('link', { name: 'Dasbor' }).click();
    // The kecamatan's name as the dashboard's own filter names it.
    const districtOption = desk
      .getByRole('combobox', { name: /^Kecamatan/ })
      .locator(`option[value="${place.districtCode}"]`);
    districtName = ((await districtOption.textContent()) ?? '').trim();
    expect(districtName).not.toBe('');
    before = await readDashboard();
    expect(before.thisWeek).not.toBe('');
    await shot(desk, 'review-00-dashboard-before-laptop', { fullPage: true });
  });

  it('the coach records a visit offline; back online it syncs', async () => {
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

  it('the synced visit counts on the dashboard at once: one more for the coach this week and for the kecamatan', async () => {
    // The server caches the figures by the organisation's sync version: the upload must have moved it.
    expect(await readDashboard()).toEqual(oneVisitMore());
    await shot(desk, 'review-00-dashboard-after-sync-laptop', { fullPage: true });
  });

  it('the coordinator finds it at the top of the review queue and returns it with a comment', async () => {
    await desk.getByRole('navigation').getByRole('link', { name: 'Tinjauan' }).click();
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

  it('returned, answered and approved, it is still one visit on the dashboard', async () => {
    expect(await readDashboard()).toEqual(oneVisitMore());
  });

  it('the approved visit is in the XLSX the coordinator exports from the review queue', async () => {
    await desk.getByRole('navigation').getByRole('link', { name: 'Tinjauan' }).click();
    await desk.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disetujui' });
    await desk.locator('.desk-row').first().getByText(NOTE).waitFor();
    const exporter = desk.getByRole('group', { name: 'Ekspor data kunjungan' });
    await exporter.getByRole('combobox', { name: 'Format berkas' }).selectOption({ label: 'Excel (.xlsx)' });
    const [download] = await Promise.all([
      desk.waitForEvent('download', { timeout: 60_000 }),
      exporter.getByRole('button', { name: 'Ekspor', exact: true }).click(),
    ]);
    await exporter
      .getByRole('status')
      .filter({ hasText: /^Berkas .+\.xlsx tersimpan/ })
      .waitFor();
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = join(profiles[1] ?? tmpdir(), download.suggestedFilename());
    await download.saveAs(saved);
    await shot(desk, 'review-06-exported-laptop', { fullPage: true });

    const sheet = readXlsx(readFileSync(saved));
    const [header = [], ...rows] = sheet.rows;
    const column = (name: string) => {
      const index = header.indexOf(name);
      expect(index, `column ${name}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const cell = (row: SheetCell[], name: string) => row[column(name)] ?? null;
    const mine = rows.filter((row) => cell(row, 'ID kunjungan') === visitId);
    expect(mine).toHaveLength(1);
    const row = mine[0] ?? [];
    expect({
      business: cell(row, 'Nama usaha'),
      coach: cell(row, 'Pendamping'),
      districtCode: cell(row, 'Kode kecamatan'),
      district: cell(row, 'Kecamatan'),
      villageCode: cell(row, 'Kode kelurahan'),
      notes: cell(row, 'Catatan'),
      state: cell(row, 'Status tinjauan'),
      comment: cell(row, 'Komentar koordinator'),
      reply: cell(row, 'Jawaban pendamping'),
    }).toEqual({
      business: BUSINESS,
      coach: COACH,
      districtCode: place.districtCode,
      district: districtName,
      villageCode: place.villageCode,
      notes: NOTE,
      state: 'Disetujui',
      comment: COMMENT,
      reply: REPLY,
    });
    // Filtered like the screen: approved visits only.
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => cell(r, 'Status tinjauan')))).toEqual(new Set(['Disetujui']));
  });

  it('the coach’s phone never downloaded the coordinator’s desk, not even into its offline cache', () => {
    expect(coachScripts.filter((path) => path.endsWith('.js')).length).toBeGreaterThan(3);
    expect(coachScripts.filter((path) => path.startsWith('/assets/desk-'))).toEqual([]);
  });
});
