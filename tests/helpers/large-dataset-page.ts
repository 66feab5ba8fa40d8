/**
 * Runs inside the app's page (bundled by large-dataset-loader.ts): generates the seeded data set
 * there and writes it into the app's own IndexedDB with plain IndexedDB calls, one relaxed-durability
 * transaction per store. The kelurahan come from what the phone downloaded (meta 'regions'), so the
 * rows point at regions the app can name.
 */
import { generateLargeDataset, type LargeDatasetOptions } from './large-dataset';

export type InPageOptions = Omit<LargeDatasetOptions, 'villages' | 'until'> & { until?: string };
export type InPageLoadResult = {
  counts: Record<(typeof STORES)[number], number>;
  busiestBusinessId: string;
  /** Names of businesses in the set, for the bench to type. */
  sampleNames: string[];
  /** Businesses with hundreds of visits each: the heaviest timelines to open. */
  heavyBusinessIds: string[];
  generateMs: number;
  writeMs: number;
};

const STORES = ['businesses', 'visits', 'followUps', 'checklistStates'] as const;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The app has already created 'binaan'; open it at whatever version the app made. */
async function openAppDb(): Promise<IDBDatabase> {
  const db = await request(indexedDB.open('binaan'));
  for (const store of [...STORES, 'meta']) {
    if (!db.objectStoreNames.contains(store)) {
      db.close();
      throw new Error(`the app's database has no '${store}' store: sign in before loading the data set`);
    }
  }
  return db;
}

async function villagesOnPhone(db: IDBDatabase) {
  const row = (await request(db.transaction('meta').objectStore('meta').get('regions'))) as
    { value?: { districts?: Array<{ code: string; villages: Array<{ code: string }> }> } } | undefined;
  const villages = (row?.value?.districts ?? []).flatMap((d) =>
    d.villages.map((v) => ({ districtCode: d.code, villageCode: v.code })),
  );
  if (villages.length === 0) throw new Error('no regions on the phone yet: wait for the first pull');
  return villages;
}

function writeAll(db: IDBDatabase, store: string, rows: readonly unknown[]): Promise<void> {
  const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
  const target = tx.objectStore(store);
  for (const row of rows) target.put(row);
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error(`writing ${store} failed`));
    tx.onabort = () => reject(tx.error ?? new Error(`writing ${store} aborted`));
  });
}

function generate(db: IDBDatabase, options: InPageOptions) {
  return villagesOnPhone(db).then((villages) =>
    generateLargeDataset({
      ...options,
      villages,
      until: options.until ? new Date(options.until) : undefined,
    }),
  );
}

async function load(options: InPageOptions): Promise<InPageLoadResult> {
  const db = await openAppDb();
  try {
    const started = performance.now();
    const data = await generate(db, options);
    const generated = performance.now();
    // One relaxed transaction per store, all four in flight at once (their scopes do not overlap).
    await Promise.all(STORES.map((store) => writeAll(db, store, data[store])));
    return {
      counts: {
        businesses: data.businesses.length,
        visits: data.visits.length,
        followUps: data.followUps.length,
        checklistStates: data.checklistStates.length,
      },
      busiestBusinessId: data.busiestBusinessId,
      sampleNames: data.businesses.slice(0, 50).map((b) => b.name),
      heavyBusinessIds: data.businesses.slice(0, 10).map((b) => b.id),
      generateMs: Math.round(generated - started),
      writeMs: Math.round(performance.now() - generated),
    };
  } finally {
    db.close();
  }
}

/** Regenerates the same set and counts, per store, the rows whose key is not in the database. */
async function missing(options: InPageOptions): Promise<Record<(typeof STORES)[number], number>> {
  const db = await openAppDb();
  try {
    const data = await generate(db, options);
    const result = { businesses: 0, visits: 0, followUps: 0, checklistStates: 0 };
    for (const store of STORES) {
      const keys = new Set(
        (await request(db.transaction(store).objectStore(store).getAllKeys())).map(String),
      );
      result[store] = data[store].filter((row) => !keys.has(row.id)).length;
    }
    return result;
  } finally {
    db.close();
  }
}

const api = { load, missing };
export type LargeDatasetInPage = typeof api;
(globalThis as unknown as { binaanLargeDataset: LargeDatasetInPage }).binaanLargeDataset = api;
