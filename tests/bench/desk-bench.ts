/**
 * The coordinator's desk figures of `npm run bench` (issue 5), on the embedded database and on
 * PostgreSQL, with the city-sized data set on the server: 22,000 businesses, 100,000 visits, 10,000
 * follow-ups and 20,000 checklist states, spread over 40 coaches.
 *
 * 1. Dashboard data: the server's time for GET /api/dashboard right after a coach's visit synced
 *    (the usual case: visits keep arriving while the coordinator looks), median and p95 over 40
 *    rounds. Beside it, what every such read cost before the per-business tables: a rebuild of all
 *    of them (the same statements over every business). The first read after the import, which
 *    builds them, is printed for information.
 * 2. Review queue page (50 visits) and the businesses list page: server time, median and p95, with
 *    and without filters and on a deep page. Beside it, the bare SQL of the page (no joins/JSON).
 * 3. Full XLSX export of all businesses: seconds until the last byte is read over loopback, and the
 *    server process's peak resident memory during it (sampled every 20 ms) against before it.
 *    Beside it, the same export as CSV.
 *
 * The server is the real app (createApp) served on a loopback port in this process, as in
 * sync-bench.ts, so each request's handling time is taken around the app's fetch.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { hashPassword } from '@/server/auth/password';
import { refreshDashboardFacts } from '@/server/dashboard/dashboard-facts';
import type { Database } from '@/server/db/connect';
import { dashboardState, users } from '@/server/db/schema';
import { analyzeStaleTables } from '@/server/db/statistics';
import { currentTemplate } from '@/shared/checklists';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { seedServerDataset } from '../helpers/large-dataset-server';
import { seedFixture, TEST_PASSWORD, BACKENDS, type Backend } from '../helpers/server';
import { device, newVisit } from '../helpers/sync-fixtures';
import { serveApp, type ServedApp, type Timing } from './bench-server';
import { log, median, ms, percentile, type Row } from './figures';
import { openBackend } from './sync-bench';

const DASHBOARD_TARGET_MS = 300;
const QUEUE_TARGET_MS = 100;
const EXPORT_TARGET_MS = 10_000;
const ROUNDS = 15;
/** Dashboard reads after a synced visit: enough for a p95 that is not simply the slowest. */
const DASHBOARD_ROUNDS = 40;
const COACHES = 40;
const LABEL: Record<Backend, string> = { embedded: 'embedded', postgres: 'PostgreSQL' };

/** Spreads the seeded businesses (and their visits) over 40 coaches, as a city's caseloads are. */
async function spreadOverCoaches(database: Database, organisationId: string, coachA: string) {
  const passwordHash = await hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 });
  const coaches = [coachA];
  const rows = Array.from({ length: COACHES - 1 }, (_, i) => {
    const id = randomUUID();
    coaches.push(id);
    return {
      id,
      organisationId,
      username: `pendamping-${i + 2}`,
      name: `Pendamping ${i + 2}`,
      role: 'coach' as const,
      passwordHash,
    };
  });
  await database.db.insert(users).values(rows);
  const list = sql.join(
    coaches.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await database.db.execute(sql`
    UPDATE businesses SET assigned_coach_id = (ARRAY[${list}])[1 + abs(hashtext(id::text)) % ${COACHES}]
    WHERE organisation_id = ${organisationId}`);
  await database.db.execute(sql`
    UPDATE visits v SET coach_id = b.assigned_coach_id FROM businesses b
    WHERE b.id = v.business_id AND v.organisation_id = ${organisationId}`);
}

function serverTimes(timings: Timing[], path: string, from: number): number[] {
  return timings
    .slice(from)
    .filter((t) => t.path === path)
    .map((t) => t.ms);
}

const spread = (values: number[]) => `median ${ms(median(values))}, p95 ${ms(percentile(values, 95))}`;

async function measureBackend(backend: Backend, add: (row: Row) => void) {
  const label = LABEL[backend];
  const { database, dispose } = await openBackend(backend);
  const blobDir = mkdtempSync(join(tmpdir(), 'binaan-bench-desk-blobs-'));
  let served: ServedApp | null = null;
  try {
    const fixture = await seedFixture(database);
    const seeded = await seedServerDataset(database, {
      organisationId: fixture.orgA,
      coachId: fixture.coachA,
      regionCode: '63.71',
      followUps: 10_000,
      checklistStates: 20_000,
    });
    await spreadOverCoaches(database, fixture.orgA, fixture.coachA);
    // What the server does at start and every few minutes (statistics.ts); PostgreSQL's autovacuum.
    await analyzeStaleTables(database.db);
    log(`${label}: seeded ${seeded.businesses} businesses, ${seeded.visits} visits for the desk figures`);

    served = await serveApp(database, blobDir);
    const { url, timings } = served;
    const login = async (username: string) => {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      if (!res.ok) throw new Error(`sign-in ${username}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const coordinator = await login('koor-a');
    const coach = await login('coach-a');
    const get = async (path: string, token = coordinator) => {
      const send = () => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      // A kept-alive connection the server closed while the bench was busy elsewhere is reset on
      // reuse (undici): that request never reached the app, so it is sent again.
      const res = await send().catch((error: unknown) => {
        if (error instanceof TypeError) return send();
        throw error;
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res;
    };

    // ---- dashboard ----
    let at = timings.length;
    await (await get('/api/dashboard')).json();
    const firstRead = serverTimes(timings, '/api/dashboard', at)[0] ?? Number.NaN;
    add({
      figure: `Dashboard, first read after the import (builds the per-business tables) — ${label}`,
      target: '',
      measured: ms(firstRead),
      baseline: '',
      pass: null,
      raw: { backend, firstRead },
    });

    const phone = device();
    let cursor = '0';
    const template = currentTemplate('packaging');
    const picked = (await database.db.execute(
      sql`SELECT id FROM businesses WHERE assigned_coach_id = ${fixture.coachA} LIMIT 1`,
    )) as unknown as { rows: Array<{ id: string }> };
    const businessId = picked.rows[0]?.id;
    if (!businessId) throw new Error('no business of coach A');
    const afterVisit: number[] = [];
    const repeated: number[] = [];
    /** A coach's visit with a packaging checklist, synced as the phone sends it. */
    const pushVisit = async (round: number) => {
      const visitId = randomUUID();
      const res = await fetch(`${url}/api/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${coach}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          schemaVersion: PROTOCOL_VERSION,
          clientId: phone.clientId,
          cursor,
          mutations: [
            phone.mutation(
              'visits',
              visitId,
              newVisit(businessId, fixture.coachA, { visitedAt: new Date().toISOString() }),
            ),
            phone.mutation('checklistStates', randomUUID(), {
              businessId,
              visitId,
              kind: 'packaging',
              templateVersion: template.version,
              items: Object.fromEntries(
                template.items.map((item, i) => [item.id, { done: i <= round, evidence: null, note: null }]),
              ),
            }),
          ],
        }),
      });
      if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
      cursor = ((await res.json()) as { cursor: string }).cursor;
    };
    for (let round = 0; round < DASHBOARD_ROUNDS; round++) {
      await pushVisit(round);
      at = timings.length;
      await (await get('/api/dashboard')).json();
      afterVisit.push(...serverTimes(timings, '/api/dashboard', at));
      at = timings.length;
      await (await get('/api/dashboard')).json();
      repeated.push(...serverTimes(timings, '/api/dashboard', at));
    }
    // Of a read's time, catching the tables up with one synced visit.
    const catchUp: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await pushVisit(DASHBOARD_ROUNDS + round);
      const started = performance.now();
      await refreshDashboardFacts(database.db, fixture.orgA);
      catchUp.push(performance.now() - started);
    }
    // The baseline: recomputing every business, which is what each read did before.
    const rebuild: number[] = [];
    for (let i = 0; i < 3; i++) {
      await database.db.update(dashboardState).set({ signature: '' });
      const started = performance.now();
      await refreshDashboardFacts(database.db, fixture.orgA);
      rebuild.push(performance.now() - started);
    }
    add({
      figure: `Dashboard data after a coach's visit synced (server time) — ${label}`,
      target: `≤ ${DASHBOARD_TARGET_MS} ms (p95)`,
      measured: spread(afterVisit),
      baseline: `rebuilding every business: ${ms(median(rebuild))}; of a read, catching up one visit: ${ms(median(catchUp))}; unchanged re-read: ${ms(median(repeated))}`,
      pass: percentile(afterVisit, 95) <= DASHBOARD_TARGET_MS,
      raw: { backend, afterVisit, repeated, catchUp, rebuild },
    });

    // ---- review queue and businesses list ----
    const page = async (path: string, rounds = ROUNDS) => {
      const start = timings.length;
      let body: unknown = null;
      for (let i = 0; i < rounds; i++) body = await (await get(path)).json();
      return { times: serverTimes(timings, new URL(`${url}${path}`).pathname, start), body };
    };
    const first = await page('/api/review/visits?state=submitted');
    const all = await page('/api/review/visits');
    const filtered = await page(
      '/api/review/visits?state=approved&districtCode=63.71.02&from=2025-01-01&to=2025-12-31',
    );
    let next = (all.body as { next: string | null }).next;
    for (let i = 0; i < 20 && next; i++) {
      next = (
        (await (await get(`/api/review/visits?before=${encodeURIComponent(next)}`)).json()) as {
          next: string | null;
        }
      ).next;
    }
    const deep = next ? await page(`/api/review/visits?before=${encodeURIComponent(next)}`) : { times: [] };
    const raw: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      await database.db.execute(sql`SELECT id, visited_at FROM visits WHERE organisation_id = ${fixture.orgA}
        AND deleted_at IS NULL AND review_state = 'submitted' ORDER BY visited_at DESC, id DESC LIMIT 51`);
      raw.push(performance.now() - started);
    }
    const queueTimes = [...first.times, ...all.times, ...filtered.times, ...deep.times];
    add({
      figure: `Review queue page, 50 visits: waiting / all / filtered / page 21 (server time) — ${label}`,
      target: `≤ ${QUEUE_TARGET_MS} ms (p95)`,
      measured: `${ms(median(first.times))} / ${ms(median(all.times))} / ${ms(median(filtered.times))} / ${ms(median(deep.times))}; p95 of all ${ms(percentile(queueTimes, 95))}`,
      baseline: `bare SQL of the page: ${ms(median(raw))}`,
      pass: percentile(queueTimes, 95) <= QUEUE_TARGET_MS,
      raw: { backend, first: first.times, all: all.times, filtered: filtered.times, deep: deep.times, raw },
    });
    const list = await page('/api/desk/businesses?limit=50');
    const search = await page('/api/desk/businesses?limit=50&q=amplang');
    const district = await page(
      `/api/desk/businesses?limit=50&districtCode=63.71.02&coachId=${fixture.coachA}`,
    );
    const listTimes = [...list.times, ...search.times, ...district.times];
    add({
      figure: `Businesses list page, 50 of 22,000: all / search / kecamatan+coach (server time) — ${label}`,
      target: `≤ ${QUEUE_TARGET_MS} ms (p95, ours)`,
      measured: `${ms(median(list.times))} / ${ms(median(search.times))} / ${ms(median(district.times))}; p95 ${ms(percentile(listTimes, 95))}`,
      baseline: '',
      pass: percentile(listTimes, 95) <= QUEUE_TARGET_MS,
      raw: { backend, list: list.times, search: search.times, district: district.times },
    });

    // ---- export ----
    const exportOnce = async (format: 'xlsx' | 'csv') => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      const started = performance.now();
      const res = await get(`/api/exports/businesses?format=${format}`);
      let bytes = 0;
      const reader = res.body?.getReader();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        bytes += chunk.value.byteLength;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const elapsed = performance.now() - started;
      clearInterval(sampler);
      return { elapsed, bytes, rows: Number(res.headers.get('x-total-rows')), before, peak };
    };
    const xlsx = await exportOnce('xlsx');
    const csv = await exportOnce('csv');
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    add({
      figure: `XLSX export of all ${xlsx.rows.toLocaleString('id-ID')} businesses, streamed (${mb(xlsx.bytes)}) — ${label}`,
      target: `≤ ${EXPORT_TARGET_MS / 1000} s, memory bounded`,
      measured: `${(xlsx.elapsed / 1000).toFixed(1)} s; peak RSS ${mb(xlsx.peak)} (+${mb(xlsx.peak - xlsx.before)} over before)`,
      baseline: `CSV: ${(csv.elapsed / 1000).toFixed(1)} s, peak RSS +${mb(csv.peak - csv.before)}`,
      pass: xlsx.elapsed <= EXPORT_TARGET_MS,
      raw: { backend, xlsx, csv },
    });
  } finally {
    await served?.close();
    await dispose();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

export async function measureDesk(add: (row: Row) => void): Promise<void> {
  for (const backend of BACKENDS) await measureBackend(backend, add);
}
