/**
 * The city API's figures (issue 6), on the embedded database and on PostgreSQL, with the city-sized
 * data set on the server (22,000 businesses, 100,000 visits: tests/helpers/large-dataset.ts).
 *
 * 1. Businesses listing, pages of 500: another department's system walks all 22,000 businesses
 *    with `next_cursor`, as the guide tells it to, five times (a fresh token each walk, so the
 *    real rate limit of 120 a minute never stops it), plus one walk with a personal-data token
 *    (each of its pages also writes an audit row). Server time per page, median and p95; target
 *    ≤ 100 ms at p95. Beside it, the bare SELECT of each of those pages run directly on the
 *    database (same rows, same order and keyset, no join, no JSON): what the API adds on top.
 * 2. For information: visits pages of 500 (the first 100 of 200) and the statistics answer.
 *
 * Every request goes through the whole app: the token lookup, the rate-limit count, the use log
 * and last-used update are part of the time, as they are in production. The server is the real
 * app served on a loopback port in this process (bench-server.ts), so each page's time is taken
 * around the app's fetch.
 *
 * Run alone with `npx tsx tests/bench/city-api-bench.ts`, or from run.ts (`BENCH_ONLY=city`).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { decodeCursor, type WalkPosition } from '@/server/city-api/city-api-queries';
import { analyzeStaleTables } from '@/server/db/statistics';
import { seedServerDataset } from '../helpers/large-dataset-server';
import { BACKENDS, seedFixture, TEST_PASSWORD, type Backend } from '../helpers/server';
import { serveApp, type ServedApp } from './bench-server';
import { log, median, ms, percentile, type Row } from './figures';
import { openBackend } from './sync-bench';

/** The issue's target; not to be loosened to make a run pass. */
const PAGE_TARGET_MS = 100;
const PAGE_SIZE = 500;
const WALKS = 5;
const VISIT_PAGES = 100;
const STATISTICS_ROUNDS = 5;
const LABEL: Record<Backend, string> = { embedded: 'embedded', postgres: 'PostgreSQL' };

type PageAnswer = { data: unknown[]; next_cursor: string | null; has_more: boolean };

const spread = (values: number[]) => `median ${ms(median(values))}, p95 ${ms(percentile(values, 95))}`;

async function measureBackend(backend: Backend, add: (row: Row) => void) {
  const label = LABEL[backend];
  const { database, dispose } = await openBackend(backend);
  const blobDir = mkdtempSync(join(tmpdir(), 'binaan-bench-city-blobs-'));
  let served: ServedApp | null = null;
  try {
    const fixture = await seedFixture(database);
    const seeded = await seedServerDataset(database, {
      organisationId: fixture.orgA,
      coachId: fixture.coachA,
      regionCode: '63.71',
    });
    await analyzeStaleTables(database.db);
    log(`${label}: seeded ${seeded.businesses} businesses, ${seeded.visits} visits for the city API figures`);

    served = await serveApp(database, blobDir);
    const { url, timings } = served;
    const send = async (path: string, init: RequestInit = {}) => {
      const attempt = () => fetch(`${url}${path}`, init);
      // A kept-alive connection the server closed meanwhile is reset on reuse (undici): that
      // request never reached the app, so it is sent again.
      const res = await attempt().catch((error: unknown) => {
        if (error instanceof TypeError) return attempt();
        throw error;
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    const login = await send('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'koor-a', password: TEST_PASSWORD }),
    });
    const coordinator = ((await login.json()) as { token: string }).token;
    const newToken = async (personalData: boolean) => {
      const res = await send('/api/tokens', {
        method: 'POST',
        headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `bench ${Date.now()}`,
          scopes: ['businesses', 'visits', 'statistics'],
          personalData,
        }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    /** Follows next_cursor from the start; returns each page's server time and the positions it started at. */
    const walk = async (resource: 'businesses' | 'visits', token: string, maxPages = Infinity) => {
      const times: number[] = [];
      const starts: Array<WalkPosition | null> = [];
      let cursor: string | null = null;
      let rows = 0;
      for (let pages = 0; pages < maxPages; pages++) {
        const path = `/api/v1/${resource}?limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ''}`;
        starts.push(cursor ? decodeCursor(cursor) : null);
        const at = timings.length;
        const page = (await (
          await send(path, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as PageAnswer;
        times.push(...timings.slice(at).map((t) => t.ms));
        rows += page.data.length;
        cursor = page.next_cursor;
        if (!page.has_more) break;
      }
      return { times, starts, rows };
    };

    // ---- businesses ----
    const pages: number[] = [];
    let starts: Array<WalkPosition | null> = [];
    let walked = 0;
    for (let i = 0; i < WALKS; i++) {
      const result = await walk('businesses', await newToken(false));
      pages.push(...result.times);
      starts = result.starts;
      walked = result.rows;
    }
    const personal = await walk('businesses', await newToken(true));
    const raw: number[] = [];
    for (let i = 0; i < WALKS; i++) {
      for (const start of starts) {
        const after = start
          ? sql`AND version >= ${start.version} AND (version, id) > (${start.version}, ${start.id}::uuid)`
          : sql``;
        const started = performance.now();
        await database.db
          .execute(sql`SELECT * FROM businesses WHERE organisation_id = ${fixture.orgA} ${after}
          ORDER BY version, id LIMIT ${PAGE_SIZE + 1}`);
        raw.push(performance.now() - started);
      }
    }
    const all = [...pages, ...personal.times];
    add({
      figure: `City API: businesses page of ${PAGE_SIZE}, walking all ${walked.toLocaleString('id-ID')} (${starts.length} pages) ×${WALKS} / with personal data (server time) — ${label}`,
      target: `≤ ${PAGE_TARGET_MS} ms (p95)`,
      measured: `${spread(pages)} / ${spread(personal.times)}`,
      baseline: `bare SELECT of the page: ${spread(raw)}`,
      pass: percentile(all, 95) <= PAGE_TARGET_MS,
      raw: { backend, pages, personal: personal.times, raw },
    });

    // ---- visits and statistics (information) ----
    const visits = await walk('visits', await newToken(false), VISIT_PAGES);
    const statisticsToken = await newToken(false);
    const statistics: number[] = [];
    for (let i = 0; i < STATISTICS_ROUNDS; i++) {
      const at = timings.length;
      await (
        await send('/api/v1/statistics', { headers: { authorization: `Bearer ${statisticsToken}` } })
      ).json();
      statistics.push(...timings.slice(at).map((t) => t.ms));
    }
    add({
      figure: `City API: visits page of ${PAGE_SIZE} (first ${visits.times.length} pages of ${Math.ceil(seeded.visits / PAGE_SIZE)}) / statistics (first read, then ${STATISTICS_ROUNDS - 1} more) — ${label}`,
      target: '',
      measured: `${spread(visits.times)} / first ${ms(statistics[0] ?? Number.NaN)}, then median ${ms(median(statistics.slice(1)))}`,
      baseline: '',
      pass: null,
      raw: { backend, visits: visits.times, statistics },
    });
  } finally {
    await served?.close();
    await dispose();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

export async function measureCityApi(add: (row: Row) => void): Promise<void> {
  for (const backend of BACKENDS) await measureBackend(backend, add);
}

// Run alone: prints the rows.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rows: Row[] = [];
  await measureCityApi((row) => rows.push(row));
  for (const row of rows) {
    console.log(
      `${row.figure}\n  target: ${row.target || '—'}\n  measured: ${row.measured}\n  baseline: ${row.baseline || '—'}\n  ${row.pass === null ? 'info' : row.pass ? 'pass' : 'FAIL'}`,
    );
  }
}
