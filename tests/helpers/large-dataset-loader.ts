/**
 * Puts the seeded city-sized data set (large-dataset.ts) on a signed-in phone: the generator is
 * bundled with esbuild and evaluated in the page, which generates and writes the rows itself.
 * Only the seed and the ids cross the DevTools protocol.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { InPageLoadResult, InPageOptions, LargeDatasetInPage } from './large-dataset-page';

let script: Promise<string> | null = null;

function pageScript(): Promise<string> {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./large-dataset-page.ts', import.meta.url))],
    tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const text = result.outputFiles[0]?.text;
    if (!text) throw new Error('esbuild produced no bundle for the large data set');
    return text;
  });
  return script;
}

/** Visits end today unless the caller fixed a day, so Today's lists look like a working phone's. */
function withUntil(options: InPageOptions): InPageOptions {
  return { ...options, until: options.until ?? new Date().toISOString().slice(0, 10) };
}

type WithApi = { binaanLargeDataset?: LargeDatasetInPage };

/** Evaluates the bundle in the page unless this document already has it (a reload drops it). */
async function install(page: Page): Promise<void> {
  const present = await page.evaluate(() => (globalThis as WithApi).binaanLargeDataset !== undefined);
  if (!present) await page.evaluate(await pageScript());
}

/** Generates and writes the data set in the page's IndexedDB (the app must have signed in and pulled). */
export async function loadLargeDatasetInPage(page: Page, options: InPageOptions): Promise<InPageLoadResult> {
  await install(page);
  return page.evaluate((o) => {
    const api = (globalThis as WithApi).binaanLargeDataset;
    if (!api) throw new Error('large data set bundle missing');
    return api.load(o);
  }, withUntil(options));
}

/** Per store, how many rows of the data set are not in the page's IndexedDB. */
export async function missingLargeDatasetRows(page: Page, options: InPageOptions) {
  await install(page);
  return page.evaluate((o) => {
    const api = (globalThis as WithApi).binaanLargeDataset;
    if (!api) throw new Error('large data set bundle missing');
    return api.missing(o);
  }, withUntil(options));
}
