import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityRegions } from '@/server/reference/regions';
import { businessSchema } from '@/shared/domain/business';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpSchema } from '@/shared/domain/follow-up';
import { visitSchema } from '@/shared/domain/visit';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { generateLargeDataset } from '../helpers/large-dataset';
import { loadLargeDatasetInPage, missingLargeDatasetRows } from '../helpers/large-dataset-loader';

type SessionRow = { key: string; value?: { user?: { id?: string; organisationId?: string } } };

/**
 * A city-sized phone (22,000 businesses, 100,000 visits): the data set the bench measures is valid,
 * lands whole in the app's IndexedDB, survives a reload, and the app works on top of it.
 */
describe('a city-sized data set on the phone', () => {
  let app: AppProcess;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    app = await startAppProcess();
    // A profile on disk, as on a phone: Chromium's in-memory IndexedDB (incognito) writes indexed
    // rows about six times slower and would make this test measure the wrong thing.
    profile = mkdtempSync(join(tmpdir(), 'binaan-large-'));
    context = await launchPersistent(profile, { viewport: { width: 360, height: 740 }, locale: 'id-ID' });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('is deterministic, and its rows pass the shared schemas unchanged', () => {
    const regions = cityRegions('63.71');
    if (!regions) throw new Error('region data for Banjarmasin (63.71) is missing');
    const villages = regions.districts.flatMap((d) =>
      d.villages.map((v) => ({ districtCode: d.code, villageCode: v.code })),
    );
    const options = {
      organisationId: '01900000-0000-7000-8000-0000000000aa',
      coachId: '01900000-0000-7000-8000-000000000001',
      villages,
    };
    const data = generateLargeDataset(options);
    expect([data.businesses.length, data.visits.length]).toEqual([22_000, 100_000]);
    expect([data.followUps.length, data.checklistStates.length]).toEqual([10_000, 10_000]);
    // Same seed, same rows: the bench compares runs on identical data.
    expect(generateLargeDataset({ ...options, visits: 0 }).businesses[4]).toEqual(data.businesses[4]);
    expect(generateLargeDataset({ ...options, seed: 4, visits: 0 }).businesses[4]).not.toEqual(
      data.businesses[4],
    );
    // parse() strips unknown keys and normalises, so equality means the row is exactly schema-shaped.
    for (let i = 0; i < data.businesses.length; i += 211) {
      expect(businessSchema.parse(data.businesses[i])).toEqual(data.businesses[i]);
    }
    for (let i = 0; i < data.visits.length; i += 997) {
      expect(visitSchema.parse(data.visits[i])).toEqual(data.visits[i]);
    }
    for (let i = 0; i < data.followUps.length; i += 97) {
      expect(followUpSchema.parse(data.followUps[i])).toEqual(data.followUps[i]);
    }
    for (let i = 0; i < data.checklistStates.length; i += 97) {
      expect(checklistStateSchema.parse(data.checklistStates[i])).toEqual(data.checklistStates[i]);
    }
    expect(new Set(data.businesses.map((b) => b.id)).size).toBe(22_000);
    expect(data.businesses.filter((b) => b.assignedCoachId === options.coachId).length).toBe(550);
    expect(
      generateLargeDataset({ ...options, caseload: 0, visits: 0 }).businesses.some(
        (b) => b.assignedCoachId === options.coachId,
      ),
    ).toBe(false);
    expect(new Set(data.visits.map((v) => v.id)).size).toBe(100_000);
    expect(data.visits.filter((v) => v.businessId === data.busiestBusinessId).length).toBeGreaterThan(100);
  });

  it('loads into the signed-in coach’s IndexedDB, survives a reload, and Find and a timeline work on it', async () => {
    await page.goto(app.url);
    await page.getByLabel('Nama pengguna').fill('pendamping1');
    await page.getByLabel('Kata sandi').fill('binaan-demo');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    // The first sync after sign-in has finished (regions and the coach's businesses are on the phone).
    await expect
      .poll(
        async () => {
          const keys = (await readStore<{ key: string }>(page, 'meta')).map((row) => row.key);
          return keys.includes('regions') && keys.includes('lastSyncAt');
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const before = await countStore(page, 'businesses');

    const session = (await readStore<SessionRow>(page, 'meta')).find((row) => row.key === 'session');
    const coachId = session?.value?.user?.id;
    const organisationId = session?.value?.user?.organisationId;
    if (!coachId || !organisationId) throw new Error('no signed-in session in IndexedDB meta');

    const options = { organisationId, coachId };
    const loaded = await loadLargeDatasetInPage(page, options);
    expect(loaded.counts).toEqual({
      businesses: 22_000,
      visits: 100_000,
      followUps: 10_000,
      checklistStates: 10_000,
    });

    await page.reload();
    await page.getByText('Halo, Ahmad Fauzi').waitFor();
    // Today over a 550-business caseload draws its lists at once (today-page.tsx): nothing the coach
    // is looking at moves while the later lists are read. Layout shifts as the browser scores them.
    await page
      .getByText(/Terakhir dikunjungi|Belum pernah dikunjungi|Semua usaha Anda dikunjungi/)
      .first()
      .waitFor({ timeout: 30_000 });
    const shifted = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Array<
              PerformanceEntry & { value: number; hadRecentInput: boolean }
            >)
              if (!entry.hadRecentInput) total += entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 500);
        }),
    );
    expect(shifted).toBeLessThan(0.01);
    expect(await countStore(page, 'businesses')).toBe(before + 22_000);
    expect(await missingLargeDatasetRows(page, options)).toEqual({
      businesses: 0,
      visits: 0,
      followUps: 0,
      checklistStates: 0,
    });

    await page.goto(`${app.url}/usaha`);
    // Indonesian grouping: 22,000 and the seeded businesses read "22.0xx usaha".
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'usaha' }).first().textContent(), {
        timeout: 30_000,
      })
      .toMatch(/22\.\d{3} usaha/);
    const name = loaded.sampleNames[0] ?? '';
    await page.getByLabel('Cari usaha').fill(name);
    await page.getByRole('list', { name: 'Hasil pencarian' }).getByText(name).first().waitFor();

    await page.goto(`${app.url}/usaha/${loaded.busiestBusinessId}`);
    await page.getByRole('heading', { name: 'Riwayat kunjungan' }).waitFor({ timeout: 30_000 });
  });
});
