import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { countStore, readStore } from '../helpers/browser-db';
import { launchPersistent } from '../helpers/chromium';
import { apiToken, PHONE, serverRows, shot, signIn, syncFromSettings } from '../helpers/e2e-journey';

/** One POST /api/sync as the browser sent it: from which tab, with which numbered entries. */
type Push = { tab: number; mutationIds: number[]; lastMutationId?: number; rejected?: unknown[] };

const LEADER_LOCK = 'binaan-sync-leader';

/**
 * sync.md test 6, in Chromium: one phone profile (one IndexedDB, one set of Web Locks) with the app
 * open in three tabs. Exactly one tab holds the leader lock and only that tab talks to POST
 * /api/sync; saves made in the other tabs go up through it; when the leader tab dies, the next
 * tab takes the lock and carries on; every numbered entry reaches the server exactly once.
 */
describe('several tabs of the app on one phone', () => {
  let app: AppProcess;
  let profile: string;
  let context: BrowserContext;
  const tabs: Page[] = [];
  const pushes: Push[] = [];
  let coordinatorToken = '';
  let leader = -1;

  const tabOf = (request: Request): number => {
    try {
      return tabs.indexOf(request.frame().page());
    } catch {
      return -2; // not from a page (a service worker)
    }
  };
  const isPush = (request: Request) =>
    request.method() === 'POST' && new URL(request.url()).pathname === '/api/sync';

  /** The leader lock as the browser sees it: how many tabs hold it, how many wait for it. */
  const lockState = async (page: Page) =>
    page.evaluate(async (name) => {
      const state = await navigator.locks.query();
      return {
        held: (state.held ?? []).filter((lock) => lock.name === name).length,
        waiting: (state.pending ?? []).filter((lock) => lock.name === name).length,
      };
    }, LEADER_LOCK);

  async function openTab(): Promise<Page> {
    const page = await context.newPage();
    tabs.push(page);
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: 'Hari ini' }).waitFor();
    return page;
  }

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

  type NewBusiness = { name: string; owner: string; kecamatan: string; kelurahan: string };
  const FIRST_NEW: NewBusiness = {
    name: 'Pentol Mandau Jingah',
    owner: 'Rusmini',
    kecamatan: 'Banjarmasin Utara',
    kelurahan: 'Sungai Jingah',
  };
  const SECOND_NEW: NewBusiness = {
    name: 'Wadai Tiga Saudara',
    owner: 'Mahdalena',
    kecamatan: 'Banjarmasin Tengah',
    kelurahan: 'Kertak Baru Ilir',
  };

  /** Registers a business through Usaha → Tambah usaha; returns its id. */
  async function createBusiness(page: Page, business: NewBusiness): Promise<string> {
    const { name } = business;
    await page.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
    await page.getByRole('link', { name: 'Tambah usaha' }).click();
    await page.getByLabel('Nama usaha').fill(name);
    await page.getByLabel('Nama pemilik').fill(business.owner);
    await page.getByLabel('Kecamatan').selectOption({ label: business.kecamatan });
    await page.getByLabel('Kelurahan').selectOption({ label: business.kelurahan });
    await page.getByLabel('Sektor').selectOption({ label: 'Makanan olahan' });
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    return page.url().split('/').pop() ?? '';
  }

  /** Back online, as a phone's browser says when the signal returns (see coach-day-offline). */
  async function comeOnline(): Promise<void> {
    await context.setOffline(false);
    for (const page of tabs)
      if (!page.isClosed()) await page.evaluate(() => dispatchEvent(new Event('online')));
  }

  beforeAll(async () => {
    app = await startAppProcess();
    profile = mkdtempSync(join(tmpdir(), 'binaan-tabs-'));
    context = await launchPersistent(profile, { viewport: PHONE, locale: 'id-ID' });
    const first = context.pages()[0] ?? (await context.newPage());
    tabs.push(first);
    // Every attempt counts, answered or not (an offline attempt fails without an answer).
    context.on('request', (request) => {
      if (!isPush(request)) return;
      const body = request.postDataJSON() as { mutations: Array<{ mutationId: number }> };
      const push: Push = { tab: tabOf(request), mutationIds: body.mutations.map((m) => m.mutationId) };
      pushes.push(push);
      void request
        .response()
        .then((response) => response?.json() as Promise<{ lastMutationId: number; rejected: unknown[] }>)
        .then((answer) => {
          push.lastMutationId = answer.lastMutationId;
          push.rejected = answer.rejected;
        })
        .catch(() => undefined);
    });
    coordinatorToken = (await apiToken(app.url, 'koordinator')).token;
  });

  afterAll(async () => {
    await context?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('with three tabs open, exactly one holds the leader lock and the others wait in line', async () => {
    const first = tabs[0];
    if (!first) throw new Error('no first tab');
    await signIn(first, app.url, 'pendamping1');
    await openTab();
    await openTab();
    for (const page of tabs) {
      await expect.poll(() => lockState(page), { timeout: 15_000 }).toEqual({ held: 1, waiting: 2 });
    }
    // The first tab signed in and synced alone: it took the lock first, and it alone has pushed.
    leader = 0;
    expect(new Set(pushes.map((push) => push.tab))).toEqual(new Set([0]));
    await shot(tabs[1] as Page, 'multi-tab-01-second-tab-today');
  });

  it('saves made offline in the other tabs go up through the leader once the phone is online', async () => {
    const [, second, third] = tabs as [Page, Page, Page];
    const before = pushes.length;
    await context.setOffline(true);
    const businessId = await createBusiness(second, FIRST_NEW);
    await openFromList(third, FIRST_NEW.name);
    await third.getByRole('link', { name: 'Mulai kunjungan' }).first().click();
    await third.getByLabel('Catatan').fill('Kunjungan dicatat di tab ketiga.');
    await third.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await third.getByText('Kunjungan tersimpan di ponsel').waitFor();
    await shot(third, 'multi-tab-02-visit-saved-offline-in-third-tab');
    const waiting = await readStore<{ mutationId: number; table: string; rowId: string }>(third, 'outbox');
    expect(waiting.map((entry) => entry.table).sort()).toEqual(['businesses', 'visits']);

    // Every tab hears `online`; the non-leaders only ask the leader, and "Sinkronkan sekarang" in
    // a non-leader tab is relayed the same way.
    await comeOnline();
    await syncFromSettings(second);
    await expect.poll(() => countStore(second, 'outbox'), { timeout: 30_000, interval: 300 }).toBe(0);
    const sent = pushes.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((push) => push.tab)).toEqual(sent.map(() => leader));
    // Each numbered entry left the phone in exactly one request, and the server took it.
    const ids = sent.flatMap((push) => push.mutationIds);
    expect(ids.sort((a, b) => a - b)).toEqual(waiting.map((entry) => entry.mutationId).sort((a, b) => a - b));
    await expect
      .poll(() => sent.map((push) => push.rejected), { timeout: 10_000 })
      .toEqual(sent.map(() => []));

    const server = await serverRows(app.url, coordinatorToken);
    expect(server.businesses?.filter((row) => row.name === FIRST_NEW.name).map((row) => row.id)).toEqual([
      businessId,
    ]);
    const visits = server.visits?.filter((row) => row.businessId === businessId) ?? [];
    expect(visits.map((row) => row.notes)).toEqual(['Kunjungan dicatat di tab ketiga.']);
    await shot(second, 'multi-tab-03-settings-in-non-leader-tab');
  });

  it('when the leader tab dies mid-push, the next tab takes the lock and resends the unanswered entry; the server applies it once', async () => {
    const old = tabs[leader] as Page;
    const [second] = tabs.filter((_, index) => index !== leader) as [Page];
    const firstId = (await readStore<{ id: string; name: string }>(second, 'businesses')).find(
      (row) => row.name === FIRST_NEW.name,
    )?.id;
    // The leader's next push reaches the server and commits, but its answer never comes back: the
    // tab dies waiting, as when Android kills the app right after sending.
    let committed: (status: number) => void = () => undefined;
    const serverCommitted = new Promise<number>((resolve) => (committed = resolve));
    await old.route('**/api/sync', async (route) => {
      const body = route.request().postDataJSON() as { mutations: unknown[] };
      // A timer's run with nothing to send passes; the push carrying the edit is the one that dies.
      if (body.mutations.length === 0) return route.continue();
      try {
        const response = await route.fetch();
        committed(response.status());
      } catch {
        // The tab closed under the request: nothing to answer.
      }
    });
    const before = pushes.length;
    await openFromList(second, FIRST_NEW.name);
    await second.getByRole('link', { name: 'Ubah profil' }).click();
    await second.getByLabel('Produk utama').fill('Pentol, tahu bakso');
    await second.getByRole('button', { name: 'Simpan', exact: true }).click();
    await second.getByText('Perubahan profil tersimpan di ponsel.').waitFor();
    const [edit] = await readStore<{ mutationId: number; fields: Record<string, unknown> }>(second, 'outbox');
    expect(edit?.fields).toEqual({ products: 'Pentol, tahu bakso' });
    expect(await serverCommitted).toBe(200);
    const carrying = pushes.slice(before).filter((push) => push.mutationIds.length > 0);
    expect(carrying.map((push) => [push.tab, push.mutationIds])).toEqual([[leader, [edit?.mutationId]]]);
    const heldAt = pushes.indexOf(carrying[0] as Push);
    expect(await countStore(second, 'outbox')).toBe(1); // no answer, so the entry stays

    await old.close({ runBeforeUnload: false });
    const survivors = tabs.filter((page) => !page.isClosed());
    await expect
      .poll(() => lockState(survivors[0] as Page), { timeout: 15_000 })
      .toEqual({ held: 1, waiting: 1 });
    // The new leader syncs as soon as it takes over: the entry goes again, and the server, which
    // has applied it already, only acknowledges it.
    await expect.poll(() => countStore(second, 'outbox'), { timeout: 30_000, interval: 300 }).toBe(0);
    const resent = pushes.slice(heldAt + 1);
    const newLeader = resent[0]?.tab ?? -1;
    expect(newLeader).not.toBe(leader);
    expect(tabs[newLeader]?.isClosed()).toBe(false);
    expect(resent.map((push) => push.tab)).toEqual(resent.map(() => newLeader));
    expect(resent[0]?.mutationIds).toEqual([edit?.mutationId]);
    await expect.poll(() => resent[0]?.lastMutationId, { timeout: 10_000 }).toBe(edit?.mutationId);
    expect(resent[0]?.rejected).toEqual([]);
    leader = newLeader;

    const res = await fetch(`${app.url}/api/businesses/${firstId}`, {
      headers: { authorization: `Bearer ${coordinatorToken}` },
    });
    expect(await res.json()).toMatchObject({ products: 'Pentol, tahu bakso' });
  });

  it('the new leader sends what the other tab saves, and over the whole test each entry was applied once', async () => {
    const other = tabs.find((page, index) => index !== leader && !page.isClosed()) as Page;
    // A save in the tab that is not the leader, online: the leader sees the outbox grow (Dexie
    // tells every tab) and sends it shortly after, with no button pressed.
    const before = pushes.length;
    const businessId = await createBusiness(other, SECOND_NEW);
    const waiting = await readStore<{ mutationId: number }>(other, 'outbox');
    expect(waiting).toHaveLength(1);
    await expect.poll(() => countStore(other, 'outbox'), { timeout: 30_000, interval: 300 }).toBe(0);
    const sent = pushes.slice(before);
    expect(sent.map((push) => push.tab)).toEqual(sent.map(() => leader));
    expect(sent.flatMap((push) => push.mutationIds)).toEqual(waiting.map((entry) => entry.mutationId));

    // Every entry numbered on this phone went up once, but for the one whose answer died with its
    // tab (sent twice, applied once); every numbered entry from 1 on was sent.
    const counts = new Map<number, number>();
    for (const id of pushes.flatMap((push) => push.mutationIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const numbers = [...counts.keys()].sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect([...counts.values()].filter((n) => n > 1)).toEqual([2]);

    const server = await serverRows(app.url, coordinatorToken);
    const named = (name: string) =>
      (server.businesses ?? []).filter((row) => row.name === name).map((row) => row.id);
    expect(named(FIRST_NEW.name)).toHaveLength(1);
    expect(named(SECOND_NEW.name)).toEqual([businessId]);
    expect((server.visits ?? []).filter((row) => row.businessId === named(FIRST_NEW.name)[0])).toHaveLength(
      1,
    );
    await shot(other, 'multi-tab-04-business-saved-after-failover');
  });
});
