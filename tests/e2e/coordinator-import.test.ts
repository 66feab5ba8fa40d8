import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { launchPersistent } from '../helpers/chromium';
import { apiToken, LAPTOP, PHONE, serverRows, shot, signIn } from '../helpers/e2e-journey';
import { readXlsx } from '../helpers/xlsx-reader';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'import', 'umkm-1252-semicolon.csv');

/**
 * Issue 6's import in the browser, as a coordinator does it with the kind of file the city keeps: a
 * Windows-1252, semicolon-separated register with a title, blank and totals rows, typos in kecamatan
 * names and phones Excel mangled. Upload → the detected layout and guessed columns → the preview with
 * each row's problems → rows with errors skipped → commit → the report; the businesses are then on
 * the server, and nothing of the refused rows is.
 */
describe('a coordinator imports a register', () => {
  let app: AppProcess;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let desk: Page;
  let phone: Page;

  async function open(size: { width: number; height: number }): Promise<Page> {
    const profile = mkdtempSync(join(tmpdir(), 'binaan-import-'));
    profiles.push(profile);
    const context = await launchPersistent(profile, {
      viewport: size,
      locale: 'id-ID',
      acceptDownloads: true,
    });
    contexts.push(context);
    return context.pages()[0] ?? (await context.newPage());
  }

  beforeAll(async () => {
    app = await startAppProcess();
    desk = await open(LAPTOP);
    phone = await open(PHONE);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await app?.stop();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
  });

  it('reads the file, guesses the columns and shows every row’s problems', async () => {
    await signIn(desk, app.url, 'koordinator');
    await desk.getByRole('navigation').getByRole('link', { name: 'Impor' }).click();
    await desk.getByLabel(/Pilih berkas/).setInputFiles(FIXTURE);
    await desk.getByRole('button', { name: 'Unggah dan baca' }).click();
    await desk.getByText('Yang terbaca dari berkas').waitFor();
    await desk.getByText(/CSV, Windows-1252, pemisah titik koma/i).waitFor();
    // The guessed mapping: "No HP/WA" is the phone, "Jenis Usaha" the sector.
    await expect.poll(() => desk.getByLabel('Isian untuk kolom No HP/WA').inputValue()).toBe('phone');
    await shot(desk, 'import-01-mapping-laptop', { fullPage: true });
    await desk.getByRole('button', { name: 'Simpan pemetaan dan periksa baris' }).click();
    await desk.getByRole('heading', { name: 'Periksa baris' }).waitFor();
    // Row 3's phone came out of Excel as 8.12346E+11: flagged, never guessed.
    await desk
      .getByText(/8\.12346E\+11/)
      .first()
      .waitFor();
    await shot(desk, 'import-02-preview-laptop', { fullPage: true });
  });

  it('commits all or nothing once the rows with errors are skipped, and leaves a report', async () => {
    const commit = desk.getByRole('button', { name: /^Impor \d+ usaha$/ });
    await desk.getByRole('button', { name: 'Lewati semua baris yang berisi kesalahan' }).click();
    await expect.poll(() => commit.isEnabled(), { timeout: 30_000 }).toBe(true);
    const label = (await commit.textContent()) ?? '';
    const count = Number(/\d+/.exec(label)?.[0]);
    expect(count).toBeGreaterThan(0);
    await commit.click();
    await desk.getByRole('button', { name: `Ya, impor ${count} usaha` }).click();
    await desk.getByRole('heading', { name: 'Impor selesai' }).waitFor({ timeout: 60_000 });
    await shot(desk, 'import-03-done-laptop');

    const download = desk.waitForEvent('download');
    await desk.getByRole('button', { name: 'Unduh laporan impor (XLSX)' }).click();
    const file = await (await download).path();
    const sheet = readXlsx(readFileSync(file));
    expect(sheet.rows.length).toBeGreaterThan(count);

    const { token } = await apiToken(app.url, 'koordinator');
    const rows = await serverRows(app.url, token);
    const names = new Set((rows.businesses ?? []).map((business) => business.name));
    expect(names.has('Kue “Nenek” Salmah')).toBe(true); // Windows-1252 curly quotes read right
    expect(names.has('Jamu Gendong Bu Yati')).toBe(false); // an unknown kelurahan: skipped
  });

  it('the import page works on a phone-sized screen too', async () => {
    await signIn(phone, app.url, 'koordinator');
    await phone.goto(`${app.url}/koordinator/impor`);
    await phone.getByLabel(/Pilih berkas/).setInputFiles(FIXTURE);
    await phone.getByRole('button', { name: 'Unggah dan baca' }).click();
    await phone.getByText('Yang terbaca dari berkas').waitFor();
    await shot(phone, 'import-04-mapping-phone', { fullPage: true });
    // The mapping is remembered from the laptop's import of the same layout.
    await phone.getByText(/Pemetaan ini diingat/).waitFor();
  });
});
