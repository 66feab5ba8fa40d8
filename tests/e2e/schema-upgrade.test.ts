import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { apiToken, LAPTOP, PHONE, serverRows, shot, signIn } from '../helpers/e2e-journey';

type Row = Record<string, unknown> & { id: string };
type Dump = Record<string, unknown[]>;

const NOTE = 'Dicatat sebelum pembaruan aplikasi: label kemasan belum ada komposisi.';
const DRAFT_NOTE = 'Setengah ditulis sebelum pembaruan';
const LISTED_DAYS = 90;

/**
 * Puts the phone's database back to the schema the previous release shipped (Dexie version 6,
 * IndexedDB version 60), with every row it holds now: read whole with plain IndexedDB calls,
 * deleted, created again with version 6's stores and indexes (copied here on purpose: they must
 * not change) and filled. The phone-only `listedAt` key did not exist then and is left out.
 */
async function backToVersion6(page: Page): Promise<Dump> {
  return page.evaluate(async () => {
    const done = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      });
    const current = await done(indexedDB.open('binaan'));
    const dump: Record<string, unknown[]> = {};
    for (const name of Array.from(current.objectStoreNames))
      dump[name] = await done(current.transaction(name).objectStore(name).getAll());
    current.close();
    await done(indexedDB.deleteDatabase('binaan'));

    const STORES: Array<[string, string, Array<[string, string | string[]]>]> = [
      [
        'businesses',
        'id',
        ['villageCode', 'assignedCoachId', 'updatedAt', 'licences.nib', 'ownerNik', 'phone'].map((k) => [
          k,
          k,
        ]),
      ],
      [
        'visits',
        'id',
        [
          ['[businessId+visitedAt]', ['businessId', 'visitedAt']],
          ['[reviewState+visitedAt]', ['reviewState', 'visitedAt']],
        ],
      ],
      [
        'followUps',
        'id',
        [
          ['businessId', 'businessId'],
          ['visitId', 'visitId'],
          ['dueOn', 'dueOn'],
          ['[businessId+dueOn]', ['businessId', 'dueOn']],
          ['correction.field', 'correction.field'],
        ],
      ],
      [
        'checklistStates',
        'id',
        [
          ['businessId', 'businessId'],
          ['visitId', 'visitId'],
          ['[businessId+kind]', ['businessId', 'kind']],
        ],
      ],
      [
        'photos',
        'id',
        [
          ['businessId', 'businessId'],
          ['visitId', 'visitId'],
          ['sha256', 'sha256'],
        ],
      ],
      ['blobs', 'sha256', []],
      [
        'outbox',
        'mutationId',
        [
          ['table', 'table'],
          ['rowId', 'rowId'],
        ],
      ],
      ['meta', 'key', []],
      [
        'drafts',
        'id',
        [
          ['kind', 'kind'],
          ['updatedAt', 'updatedAt'],
        ],
      ],
      [
        'syncConflicts',
        'id',
        [
          ['businessId', 'businessId'],
          ['rowId', 'rowId'],
        ],
      ],
    ];
    const opening = indexedDB.open('binaan', 60);
    opening.onupgradeneeded = () => {
      for (const [name, keyPath, indexes] of STORES) {
        const store = opening.result.createObjectStore(name, { keyPath });
        for (const [index, path] of indexes) store.createIndex(index, path);
      }
    };
    const old = await done(opening);
    for (const [name, rows] of Object.entries(dump)) {
      const tx = old.transaction(name, 'readwrite');
      for (const row of rows) {
        const copy = { ...(row as Record<string, unknown>) };
        delete copy.listedAt;
        tx.objectStore(name).put(copy);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      });
    }
    old.close();
    return dump;
  });
}

/** The database's version and the visits the listed-visits index holds, as the browser has them. */
async function upgradedState(page: Page): Promise<{ version: number; indexes: string[]; listed: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ version: number; indexes: string[]; listed: string[] }>((resolve, reject) => {
        const opening = indexedDB.open('binaan');
        opening.onerror = () => reject(opening.error ?? new Error('open failed'));
        opening.onsuccess = () => {
          const db = opening.result;
          const visits = db.transaction('visits').objectStore('visits');
          const indexes = Array.from(visits.indexNames).sort();
          const keys = visits.index('[reviewState+listedAt]').getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve({ version: db.version, indexes, listed: (keys.result as string[]).sort() });
          };
          keys.onerror = () => reject(keys.error ?? new Error('read failed'));
        };
      }),
  );
}

/** The visit links in Today's "returned by the coordinator" section. */
async function returnedOnToday(page: Page): Promise<string[]> {
  const section = page.getByRole('region', { name: 'Dikembalikan koordinator' });
  await section.waitFor();
  const links = await section
    .getByRole('link')
    .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
  return links.sort();
}

/**
 * Issue 7, "a phone's IndexedDB upgraded from the previous released schema with unsynced entries
 * and drafts: all kept", in Chromium: a coach's phone with the demo city's caseload, a visit saved
 * offline and not yet sent and a half-written one, is put back on the previous release's schema and
 * opened by this version, offline. Everything is still there, the work lists show what they showed,
 * and once online the saved visit reaches the server once.
 */
describe('a phone updated from the previous release’s database', () => {
  let app: AppProcess;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let before: Dump;
  let returnedBefore: string[];

  beforeAll(async () => {
    app = await startAppProcess();
    profile = mkdtempSync(join(tmpdir(), 'binaan-upgrade-'));
    context = await launchPersistent(profile, { viewport: PHONE, locale: 'id-ID' });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('offline on the old version: a visit saved and another half-written', async () => {
    await signIn(page, app.url, 'pendamping1');
    returnedBefore = await returnedOnToday(page);
    // The demo city has visits the coordinator returned to this coach, some older than the window.
    expect(returnedBefore.length).toBeGreaterThan(0);
    await context.setOffline(true);

    await page.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await expect.poll(() => page.url()).toMatch(/\/kunjungan\/baru/);
    await page.getByLabel('Catatan').fill(NOTE);
    await page.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await page.getByText('Kunjungan tersimpan di ponsel').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Hari ini' }).click();
    await page.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await page.getByLabel('Catatan').fill(DRAFT_NOTE);
    await expect
      .poll(async () =>
        (await readStore<{ data: { values?: { notes?: string } } }>(page, 'drafts')).some(
          (draft) => draft.data.values?.notes === DRAFT_NOTE,
        ),
      )
      .toBe(true);
    expect(await countStore(page, 'outbox')).toBeGreaterThan(0);
  });

  it('opened by this version, offline: every row, entry and draft kept, and the lists as they were', async () => {
    // Away from the app (its connection open would hold the old database), on a page of its origin.
    await page.goto('about:blank');
    await context.setOffline(false);
    await page.goto(`${app.url}/api/health`);
    before = await backToVersion6(page);
    await context.setOffline(true);

    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
    const state = await upgradedState(page);
    expect(state.version).toBe(80);
    expect(state.indexes).toEqual(['[businessId+visitedAt]', '[reviewState+listedAt]']);

    for (const store of ['outbox', 'drafts', 'businesses', 'followUps', 'checklistStates'])
      expect(await readStore(page, store), store).toEqual(before[store]);
    // What numbers and orders the phone's changes, and whose data it holds (other meta rows, such
    // as the storage answer, may be written by the app as it opens).
    const kept = (rows: unknown[]) =>
      (rows as Array<{ key: string }>).filter((row) =>
        ['clientId', 'nextMutationId', 'lastHlc', 'cursor', 'dataOwner', 'session'].includes(row.key),
      );
    expect(kept(await readStore(page, 'meta'))).toEqual(kept(before.meta ?? []));
    expect(kept(before.meta ?? []).length).toBeGreaterThanOrEqual(5);
    const visits = before.visits as Row[];
    expect(await countStore(page, 'visits')).toBe(visits.length);
    const since = new Date(Date.now() - LISTED_DAYS * 86_400_000).toISOString();
    const shown = visits.filter(
      (visit) => !visit.deletedAt && (visit.reviewState !== 'approved' || String(visit.visitedAt) >= since),
    );
    expect(shown.length).toBeLessThan(visits.length);
    expect(state.listed).toEqual(shown.map((visit) => visit.id).sort());

    expect(await returnedOnToday(page)).toEqual(returnedBefore);
    await page.getByRole('link').filter({ hasText: 'Lanjutkan' }).first().waitFor();
    await shot(page, 'upgrade-01-today-phone');
    await page.getByRole('navigation').getByRole('link', { name: 'Kunjungan' }).click();
    const latest = page.getByRole('region', { name: /Kunjungan 90 hari terakhir/ });
    await latest.getByRole('link').first().waitFor();
    await shot(page, 'upgrade-02-visits-phone', { fullPage: true });
    await page.setViewportSize(LAPTOP);
    await shot(page, 'upgrade-03-visits-laptop', { fullPage: true });
    await page.setViewportSize(PHONE);
  });

  it('back online, the visit saved before the update reaches the server once', async () => {
    await context.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(() => countStore(page, 'outbox'), { timeout: 60_000, interval: 500 }).toBe(0);
    const { token } = await apiToken(app.url, 'pendamping1');
    const rows = await serverRows(app.url, token);
    expect((rows.visits ?? []).filter((visit) => visit.notes === NOTE)).toHaveLength(1);
  });
});
