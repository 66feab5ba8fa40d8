/**
 * The server under load, part of `npm run bench` (issue 7).
 *
 * 1. `measureLoad`: 200 simulated phones sync at once against the real server for LOAD_SECONDS
 *    (default 60), once on the embedded database and once on PostgreSQL. The server is
 *    src/server/main.ts, exactly what `npm start` runs, in a child process of its own (Node started
 *    with tsx as a loader, so the child's pid is the server's), so its peak resident memory is its
 *    own: VmHWM from /proc/<pid>/status, which also covers start-up. The city-sized data set (22,000
 *    businesses, 100,000 visits) is seeded first and spread over 200 coaches; each phone is one coach
 *    with its own clientId, signs in over HTTP from its own loopback address (127.0.0.x, as phones
 *    come from different addresses: the login limiter allows 30 sign-ins per address), starts up to
 *    date (its cursor at the organisation's version), then loops: one POST /api/sync carrying 10 new
 *    mutations (two visits, each with two follow-ups and a packaging checklist, on its own businesses)
 *    and pulling from its cursor in the same answer (as the app's syncNow does), then the next. The
 *    clock stops at LOAD_SECONDS; requests still unanswered 15 s later are aborted and counted as
 *    errors, so the run always ends. Latency is the phone's (request sent → answer read), taken in
 *    the load generator on the same machine.
 * 2. Scale-out: N = 1 … os.availableParallelism() server processes against one PostgreSQL, the phones
 *    spread round-robin over them, SCALE_SECONDS each (default 30); a row per N with requests/s.
 *    Then N = 1 … 3 with each process held to a quarter of a core (cpu-cap.ts), where the machine
 *    lets a cgroup be made: growth a machine with few cores cannot show otherwise.
 * 3. `measureGrowth`: how cost grows with the city's size, 1k / 10k / 22k / 100k businesses (visits
 *    in the data set's proportion): the server's time for a new phone's first page (PULL_PAGE_SIZE rows) and
 *    for a desk search of the businesses list (GET /api/desk/businesses?q=…), on both databases.
 *    Served in this process (bench-server.ts) so the handling time is the server's alone.
 *
 * The load generator is deliberately thin: undici's request (no fetch/WHATWG streams), one kept-alive
 * connection per phone, mutations built from a template. It still shares the CPUs with the server.
 */
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { hashPassword } from '@/server/auth/password';
import { openDatabase, type Database } from '@/server/db/connect';
import { syncState, users } from '@/server/db/schema';
import { analyzeStaleTables } from '@/server/db/statistics';
import { currentTemplate } from '@/shared/checklists';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { PULL_PAGE_SIZE } from '@/client/sync/pull';
import { seedServerDataset } from '../helpers/large-dataset-server';
import { createScratchDatabase } from '../helpers/postgres';
import { BACKENDS, seedFixture, TEST_PASSWORD, type Backend } from '../helpers/server';
import { device, newVisit } from '../helpers/sync-fixtures';
import { serveApp, type Timing } from './bench-server';
import { log, median, ms, percentile, type Row } from './figures';
import { openBackend } from './sync-bench';
import { spawnServer } from '../helpers/app-process';
import { capCpu, cpuCapAvailable } from './cpu-cap';

const PHONES = 200;
const MUTATIONS_PER_SYNC = 10;
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const SCALE_SECONDS = Number(process.env.SCALE_SECONDS ?? Math.min(30, LOAD_SECONDS));
/** Organisations the scale-out's phones belong to (a province of cities). */
const SCALE_CITIES = 10;
/** After the clock stops, requests still out get this long before they are aborted (and counted). */
const GRACE_MS = 15_000;
/** The server's own work after start (statistics, the dashboard catch-up at 5 s) is let finish first. */
const SETTLE_MIN_MS = 6_000;
const SETTLE_MAX_MS = 90_000;
const LABEL: Record<Backend, string> = { embedded: 'embedded', postgres: 'PostgreSQL' };

/**
 * The issue's target: no errors. Latency is printed, not judged: every phone syncs again the moment
 * its answer arrives (no pause between syncs), so the server is kept saturated and a phone's wait is
 * mostly its place in the queue (about phones ÷ requests per second), not the handling time.
 */
const ERRORS_TARGET = 0;

type Seeded = {
  organisationId: string;
  coaches: Array<{ username: string; id: string; businessIds: string[] }>;
  version: number;
};

// ---------------------------------------------------------------- seeding

/** 22,000 businesses and 100,000 visits in organisation A, spread over 200 coaches; ANALYZEd. */
async function seedCity(database: Database): Promise<Seeded> {
  const fixture = await seedFixture(database);
  const seeded = await seedServerDataset(database, {
    organisationId: fixture.orgA,
    coachId: fixture.coachA,
    regionCode: '63.71',
  });
  const passwordHash = await hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 });
  const coaches = Array.from({ length: PHONES }, (_, i) => ({
    id: randomUUID(),
    organisationId: fixture.orgA,
    username: `hp-${String(i + 1).padStart(3, '0')}`,
    name: `Pendamping ${i + 1}`,
    role: 'coach' as const,
    passwordHash,
  }));
  await database.db.insert(users).values(coaches);
  const list = sql.join(
    coaches.map((c) => sql`${c.id}::uuid`),
    sql`, `,
  );
  await database.db.execute(sql`
    UPDATE businesses SET assigned_coach_id = (ARRAY[${list}])[1 + abs(hashtext(id::text)) % ${PHONES}]
    WHERE organisation_id = ${fixture.orgA} AND assigned_coach_id = ${fixture.coachA}`);
  await database.db.execute(sql`
    UPDATE visits v SET coach_id = b.assigned_coach_id FROM businesses b
    WHERE b.id = v.business_id AND v.organisation_id = ${fixture.orgA}`);
  await analyzeStaleTables(database.db);
  await database.db.execute(sql`ANALYZE`);
  const owned = (await database.db.execute(sql`
    SELECT assigned_coach_id AS coach, (array_agg(id ORDER BY id))[1:5] AS ids FROM businesses
    WHERE organisation_id = ${fixture.orgA} GROUP BY assigned_coach_id`)) as unknown as {
    rows: Array<{ coach: string; ids: string[] }>;
  };
  const byCoach = new Map(owned.rows.map((row) => [row.coach, row.ids]));
  const [state] = await database.db
    .select({ version: syncState.version })
    .from(syncState)
    .where(sql`${syncState.organisationId} = ${fixture.orgA}`);
  log(`load: seeded ${seeded.businesses} businesses, ${seeded.visits} visits over ${PHONES} coaches`);
  return {
    organisationId: fixture.orgA,
    version: state?.version ?? 0,
    coaches: coaches.map((c) => {
      const businessIds = byCoach.get(c.id) ?? [];
      if (businessIds.length === 0) throw new Error(`coach ${c.username} got no business`);
      return { username: c.username, id: c.id, businessIds };
    }),
  };
}

/**
 * A province: the city's 200 coaches and their caseloads spread over `cities` organisations (the first
 * keeps its own), each with its own version counter, as a provincial deployment partitions by
 * organisation. Every row keeps its version; each new organisation's counter starts where the city's
 * stood, so the phones' cursors stay valid. Rows that belong to a business follow it (every table with
 * both `business_id` and `organisation_id`).
 */
async function splitIntoCities(database: Database, seeded: Seeded, cities: number): Promise<Seeded> {
  if (cities <= 1) return seeded;
  const { db } = database;
  const extra = Array.from({ length: cities - 1 }, (_, i) => ({
    id: randomUUID(),
    name: `Kota ${i + 2} (beban)`,
    regionCode: '63.71',
  }));
  await db.transaction(async (tx) => {
    for (const organisation of extra) {
      await tx.execute(sql`INSERT INTO organisations (id, name, region_code) VALUES
        (${organisation.id}, ${organisation.name}, ${organisation.regionCode})`);
      await tx.execute(sql`INSERT INTO sync_state (organisation_id, version) VALUES
        (${organisation.id}, ${seeded.version})`);
    }
    for (const [index, coach] of seeded.coaches.entries()) {
      // Coach i goes to city i mod `cities`; city 0 is the seeded one.
      const target = extra[(index % cities) - 1]?.id;
      if (!target) continue;
      await tx.execute(sql`UPDATE users SET organisation_id = ${target} WHERE id = ${coach.id}`);
      await tx.execute(
        sql`UPDATE businesses SET organisation_id = ${target} WHERE assigned_coach_id = ${coach.id}`,
      );
    }
    const followers = (await tx.execute(sql`
      SELECT table_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'business_id' AND table_name IN (
        SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'organisation_id')`)) as unknown as {
      rows: Array<{ name: string }>;
    };
    for (const { name } of followers.rows) {
      await tx.execute(sql`UPDATE ${sql.identifier(name)} t SET organisation_id = b.organisation_id
        FROM businesses b WHERE b.id = t.business_id AND t.organisation_id <> b.organisation_id`);
    }
  });
  await db.execute(sql`ANALYZE`);
  log(`load: the ${PHONES} coaches spread over ${cities} organisations`);
  return seeded;
}

/** A seeded database of either kind, closed again, and how a server process reaches it. */
async function prepareBackend(
  backend: Backend,
  cities = 1,
): Promise<{ seeded: Seeded; env: Record<string, string>; dispose: () => Promise<void> }> {
  if (backend === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'binaan-load-db-'));
    const database = await openDatabase({ dataDir });
    try {
      const seeded = await seedCity(database);
      return {
        seeded,
        env: { DATA_DIR: dataDir },
        dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    } finally {
      // The data folder is the server's alone once it starts (data-dir-lock.ts).
      await database.close();
    }
  }
  const scratch = await createScratchDatabase();
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
  try {
    const seeded = await splitIntoCities(database, await seedCity(database), cities);
    return { seeded, env: { DATABASE_URL: scratch.url }, dispose: () => scratch.drop() };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------- server processes

type ServerProcess = {
  url: string;
  pid: number;
  memory: () => ServerMemory;
  /** CPU seconds (user + system) the process has used so far. */
  cpu: () => number;
  stop: () => Promise<void>;
};
type ServerMemory = { rssKb: number; peakKb: number };

function readMemory(pid: number): ServerMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** utime + stime of /proc/<pid>/stat, in seconds (clock ticks of 1/100 s on Linux). */
function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** src/server/main.ts in a child Node process (spawnServer: the pid is the server's own). */
async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const {
    url,
    child,
    output: said,
  } = await spawnServer({
    BINAAN_DEMO: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'binaan-load-unused-')),
    ...env,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return {
    url,
    pid,
    memory: () => readMemory(pid),
    cpu: () => readCpuSeconds(pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      const output = said().trim();
      if (output) log(`server ${pid} said: ${output.slice(0, 500)}`);
    },
  };
}

/**
 * Waits until the servers' start-up work is done: at least SETTLE_MIN_MS (the dashboard catch-up
 * starts 5 s after start), then until every process used under 5% of a core over a second.
 */
async function settle(servers: readonly ServerProcess[]): Promise<void> {
  const started = Date.now();
  await new Promise((r) => setTimeout(r, SETTLE_MIN_MS));
  while (Date.now() - started < SETTLE_MAX_MS) {
    const before = servers.map((server) => server.cpu());
    await new Promise((r) => setTimeout(r, 1_000));
    if (servers.every((server, i) => server.cpu() - (before[i] ?? 0) < 0.05)) return;
  }
}

// ---------------------------------------------------------------- phones

type Phone = {
  coach: Seeded['coaches'][number];
  base: string;
  agent: Agent;
  token: string;
  cursor: string;
  phone: ReturnType<typeof device>;
  round: number;
  /** Entries sent but not acknowledged: sent again, as the app's outbox keeps them until answered. */
  outbox: unknown[];
  /** Follow-ups this phone created, oldest first: one is ticked done per sync. */
  open: Array<{ id: string; businessId: string; visitId: string }>;
};

type Outcome = { ok: true; body: SyncAnswer } | { ok: false; reason: string };
type SyncAnswer = { cursor: string; hasMore: boolean; rejected: unknown[] };

async function call(
  phone: Pick<Phone, 'base' | 'agent'>,
  path: string,
  body: unknown,
  token: string | null,
  signal: AbortSignal,
): Promise<{ status: number; json: unknown }> {
  const res = await request(`${phone.base}${path}`, {
    method: 'POST',
    dispatcher: phone.agent,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
    signal,
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: res.statusCode < 300 ? (JSON.parse(text) as unknown) : text };
}

/** Phone i talks to server i mod N from its own loopback address 127.0.0.(2 + i mod 250). */
async function signInPhones(seeded: Seeded, servers: readonly ServerProcess[]): Promise<Phone[]> {
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  return Promise.all(
    seeded.coaches.map(async (coach, i) => {
      const base = servers[i % servers.length]?.url ?? '';
      const agent = new Agent({
        connections: 1,
        keepAliveTimeout: 60_000,
        localAddress: `127.0.0.${2 + (i % 250)}`,
      });
      const res = await call(
        { base, agent },
        '/api/auth/login',
        { username: coach.username, password: TEST_PASSWORD },
        null,
        signal,
      );
      if (res.status !== 200) throw new Error(`sign-in ${coach.username}: ${res.status} ${String(res.json)}`);
      const { token } = res.json as { token: string };
      return {
        coach,
        base,
        agent,
        token,
        cursor: String(seeded.version),
        phone: device(),
        round: 0,
        outbox: [],
        open: [],
      };
    }),
  );
}

const template = currentTemplate('packaging');

/** 10 outbox entries: two visits, each with two follow-ups and a checklist; and older follow-ups ticked. */
function nextMutations(p: Phone): unknown[] {
  const mutations: unknown[] = [];
  const now = new Date().toISOString();
  for (let v = 0; v < 2; v++) {
    const businessId = p.coach.businessIds[(p.round * 2 + v) % p.coach.businessIds.length] ?? '';
    const visitId = randomUUID();
    mutations.push(p.phone.mutation('visits', visitId, newVisit(businessId, p.coach.id, { visitedAt: now })));
    for (let f = 0; f < 2; f++) {
      const id = randomUUID();
      mutations.push(
        p.phone.mutation('followUps', id, {
          businessId,
          visitId,
          what: f === 0 ? 'Daftar NIB lewat OSS' : 'Ganti kemasan ke standing pouch',
          who: f === 0 ? 'Pemilik' : 'Pendamping',
          dueOn: null,
          doneAt: null,
          assignee: f === 0 ? 'owner' : 'coach',
          correction: null,
          resolution: null,
          resolutionNote: null,
        }),
      );
      p.open.push({ id, businessId, visitId });
    }
    mutations.push(
      p.phone.mutation('checklistStates', randomUUID(), {
        businessId,
        visitId,
        kind: 'packaging',
        templateVersion: template.version,
        items: Object.fromEntries(
          template.items.map((item, i) => [
            item.id,
            { done: i <= p.round % template.items.length, evidence: null, note: null },
          ]),
        ),
      }),
    );
  }
  // Two earlier follow-ups ticked done (the first sync has none yet: two more new visits' notes instead).
  while (mutations.length < MUTATIONS_PER_SYNC) {
    const done = p.open.length > 8 ? p.open.shift() : undefined;
    if (done) {
      mutations.push(p.phone.mutation('followUps', done.id, { doneAt: now }));
    } else {
      const businessId = p.coach.businessIds[0] ?? '';
      mutations.push(
        p.phone.mutation('visits', randomUUID(), newVisit(businessId, p.coach.id, { visitedAt: now })),
      );
    }
  }
  p.round += 1;
  return mutations;
}

/** One sync: the push with its pull, then further pulls while the server has more. */
async function syncOnce(
  p: Phone,
  mutations: unknown[],
  signal: AbortSignal,
  latencies: number[],
): Promise<Outcome> {
  let body: unknown = {
    clientId: p.phone.clientId,
    schemaVersion: PROTOCOL_VERSION,
    cursor: p.cursor,
    limit: PULL_PAGE_SIZE,
    mutations,
  };
  for (let page = 0; page < 20; page++) {
    const started = performance.now();
    let res: { status: number; json: unknown };
    try {
      res = await call(p, '/api/sync', body, p.token, signal);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      return {
        ok: false,
        reason: error instanceof Error ? `${error.name}: ${error.message}${cause}` : 'network',
      };
    }
    latencies.push(performance.now() - started);
    if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}` };
    const answer = res.json as SyncAnswer;
    if (answer.rejected.length > 0) return { ok: false, reason: 'rejected mutation' };
    p.cursor = answer.cursor;
    if (!answer.hasMore) return { ok: true, body: answer };
    body = {
      clientId: p.phone.clientId,
      schemaVersion: PROTOCOL_VERSION,
      cursor: p.cursor,
      limit: PULL_PAGE_SIZE,
      mutations: [],
    };
  }
  return { ok: false, reason: 'endless pull' };
}

type LoadResult = {
  seconds: number;
  requests: number;
  syncs: number;
  latencies: number[];
  errors: Map<string, number>;
  /** Seconds into the run at which each error happened. */
  errorAt: number[];
  /** CPU cores each server process kept busy on average, and the load generator (this process). */
  serverCores: number[];
  generatorCores: number;
};

const cores = (result: LoadResult) =>
  `CPU: server ${result.serverCores.map((c) => c.toFixed(2)).join(' + ')} cores, generator ${result.generatorCores.toFixed(2)}`;

/** Every phone syncs in a loop until the clock stops; the hard stop aborts what is still out. */
async function runLoad(
  phones: Phone[],
  seconds: number,
  servers: readonly ServerProcess[],
): Promise<LoadResult> {
  const hardStop = new AbortController();
  // Every phone's request listens to the one hard stop.
  setMaxListeners(0, hardStop.signal);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const errorAt: number[] = [];
  let syncs = 0;
  // Warm-up (not counted): each phone's first exchange, with nothing queued.
  await Promise.all(phones.map((p) => syncOnce(p, [], hardStop.signal, [])));
  const started = performance.now();
  const serverCpuBefore = servers.map((server) => server.cpu());
  const ownCpuBefore = process.cpuUsage();
  const end = started + seconds * 1000;
  const timer = setTimeout(() => hardStop.abort(), seconds * 1000 + GRACE_MS);
  try {
    await Promise.all(
      phones.map(async (p) => {
        while (performance.now() < end && !hardStop.signal.aborted) {
          if (p.outbox.length === 0) p.outbox = nextMutations(p);
          const outcome = await syncOnce(p, p.outbox, hardStop.signal, latencies);
          if (outcome.ok) {
            syncs += 1;
            p.outbox = [];
          } else {
            errors.set(outcome.reason, (errors.get(outcome.reason) ?? 0) + 1);
            errorAt.push((performance.now() - started) / 1000);
            // A failed phone waits a little before trying again, as the app's background sync does.
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
  } finally {
    clearTimeout(timer);
  }
  const elapsed = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownCpuBefore);
  return {
    seconds: elapsed,
    requests: latencies.length,
    syncs,
    latencies,
    errors,
    errorAt,
    serverCores: servers.map((server, i) => (server.cpu() - (serverCpuBefore[i] ?? 0)) / elapsed),
    generatorCores: (own.user + own.system) / 1e6 / elapsed,
  };
}

const errorText = (errors: Map<string, number>) =>
  errors.size === 0 ? '0' : [...errors].map(([reason, n]) => `${n} × ${reason}`).join(', ');
const errorCount = (errors: Map<string, number>) => [...errors.values()].reduce((a, b) => a + b, 0);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function loadBackend(backend: Backend, add: (row: Row) => void): Promise<void> {
  const label = LABEL[backend];
  const { seeded, env, dispose } = await prepareBackend(backend);
  let servers: ServerProcess[] = [];
  const phones: Phone[] = [];
  try {
    servers = [await startServerProcess(env)];
    await settle(servers);
    phones.push(...(await signInPhones(seeded, servers)));
    const server = servers[0];
    if (!server) throw new Error('no server');
    const before = server.memory();
    log(`${label}: ${PHONES} phones signed in; syncing for ${LOAD_SECONDS} s`);
    const result = await runLoad(phones, LOAD_SECONDS, servers);
    const after = server.memory();
    const perSecond = result.requests / result.seconds;
    const p99 = percentile(result.latencies, 99);
    add({
      figure: `${PHONES} phones syncing at once (push ${MUTATIONS_PER_SYNC} + pull per request), ${result.seconds.toFixed(0)} s, one server process (${label})`,
      target: '0 errors',
      measured: `${perSecond.toFixed(0)} requests/s (${(perSecond * MUTATIONS_PER_SYNC).toFixed(0)} mutations/s); p50 ${ms(median(result.latencies))}, p99 ${ms(p99)}; errors ${errorText(result.errors)}`,
      baseline: `server peak RSS ${mb(after.peakKb)} (VmHWM, incl. start-up; ${mb(before.rssKb)} before the load, ${mb(after.rssKb)} after); ${cores(result)}; latency as the phone sees it`,
      pass: errorCount(result.errors) <= ERRORS_TARGET,
      raw: {
        backend,
        seconds: result.seconds,
        requests: result.requests,
        syncs: result.syncs,
        errors: Object.fromEntries(result.errors),
        errorAt: result.errorAt,
        p50: median(result.latencies),
        p90: percentile(result.latencies, 90),
        p99,
        max: Math.max(...result.latencies),
        memory: { before, after },
        serverCores: result.serverCores,
        generatorCores: result.generatorCores,
      },
    });
  } finally {
    await Promise.all(phones.map((p) => p.agent.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await dispose();
  }
}

/** Each process's CPU budget in the capped scale-out rows, and how many processes they go up to. */
const CAPPED_CORES = 0.25;
const CAPPED_PROCESSES = 3;

/**
 * N server processes against one PostgreSQL; a row per N. The phones belong to SCALE_CITIES
 * organisations (a province): within one organisation pushes take turns on its version lock by
 * design, so one city's 200 phones measure that lock, not the servers.
 *
 * First N = 1 … CPUs with the machine as it is. On a machine with few cores that row cannot grow
 * (the servers, PostgreSQL and the load generator already fill it), so then N = 1 … 3 again with
 * every server process held to a quarter of a core (cpu-cap.ts, as a container limit would): the
 * question those rows answer is whether a process added beside the others adds its share of
 * throughput, i.e. that the servers share nothing but the database.
 */
async function scaleOut(add: (row: Row) => void): Promise<void> {
  const cpus = availableParallelism();
  const capped = cpuCapAvailable();
  if (!capped)
    log('scale-out: no writable cgroup cpu controller here, so no rows with a CPU budget per process');
  const { seeded, env, dispose } = await prepareBackend('postgres', SCALE_CITIES);
  try {
    const runs: Array<{ n: number; cap: number | null }> = [];
    for (let n = 1; n <= cpus; n++) runs.push({ n, cap: null });
    if (capped) for (let n = 1; n <= CAPPED_PROCESSES; n++) runs.push({ n, cap: CAPPED_CORES });
    const single = new Map<number | null, number>();
    for (const { n, cap } of runs) {
      const servers: ServerProcess[] = [];
      const phones: Phone[] = [];
      const uncap: Array<() => void> = [];
      try {
        for (let i = 0; i < n; i++) {
          const server = await startServerProcess(env);
          servers.push(server);
          if (cap !== null) uncap.push(capCpu(server.pid, cap));
        }
        await settle(servers);
        phones.push(...(await signInPhones(seeded, servers)));
        const budget = cap === null ? '' : ` (${cap} of a core each)`;
        log(`scale-out: ${n} server process(es)${budget}, ${PHONES} phones, ${SCALE_SECONDS} s`);
        const result = await runLoad(phones, SCALE_SECONDS, servers);
        const perSecond = result.requests / result.seconds;
        if (n === 1) single.set(cap, perSecond);
        const one = single.get(cap) ?? perSecond;
        const peaks = servers.map((s) => s.memory().peakKb);
        add({
          figure: `Scale-out: ${n} stateless server process${n === 1 ? '' : 'es'}${budget} against one PostgreSQL, ${PHONES} phones of ${SCALE_CITIES} cities round-robin, ${result.seconds.toFixed(0)} s`,
          target: n === 1 ? '' : 'throughput grows with processes (info)',
          measured: `${perSecond.toFixed(0)} requests/s${n === 1 ? '' : ` (×${(perSecond / one).toFixed(2)} of one)`}; p50 ${ms(median(result.latencies))}, p99 ${ms(percentile(result.latencies, 99))}; errors ${errorText(result.errors)}`,
          baseline:
            cap === null
              ? `${cpus} CPUs shared by the server processes, PostgreSQL and the load generator (one Node process), so the growth is bounded by this machine; ${cores(result)}; peak RSS per process ${peaks.map(mb).join(', ')}`
              : `each process a cgroup with a CPU quota of ${cap} core (a container's limit), PostgreSQL and the generator unlimited on ${cpus} CPUs; ${cores(result)}; peak RSS per process ${peaks.map(mb).join(', ')}`,
          pass: null,
          raw: {
            processes: n,
            cpus,
            cpuCap: cap,
            seconds: result.seconds,
            requests: result.requests,
            perSecond,
            errors: Object.fromEntries(result.errors),
            errorAt: result.errorAt,
            p50: median(result.latencies),
            p99: percentile(result.latencies, 99),
            peakKb: peaks,
            serverCores: result.serverCores,
            generatorCores: result.generatorCores,
          },
        });
      } finally {
        await Promise.all(phones.map((p) => p.agent.close()));
        await Promise.all(servers.map((s) => s.stop()));
        for (const remove of uncap) remove();
      }
    }
  } finally {
    await dispose();
  }
}

/** Load on each backend, then the scale-out rows. `LOAD_SECONDS` / `SCALE_SECONDS` shorten the runs. */
export async function measureLoad(add: (row: Row) => void): Promise<void> {
  for (const backend of BACKENDS) await loadBackend(backend, add);
  await scaleOut(add);
}

// ---------------------------------------------------------------- growth

const GROWTH_SIZES = [1_000, 10_000, 22_000, 100_000];
/** The data set's own proportion: 100,000 visits for 22,000 businesses. */
const VISITS_PER_BUSINESS = 100_000 / 22_000;
const GROWTH_REPEATS = 15;

function times(timings: Timing[], path: string, from: number): number[] {
  return timings
    .slice(from)
    .filter((t) => t.path === path)
    .map((t) => t.ms);
}

async function growthAt(backend: Backend, size: number) {
  const { database, dispose } = await openBackend(backend);
  const blobDir = mkdtempSync(join(tmpdir(), 'binaan-growth-blobs-'));
  const served = await serveApp(database, blobDir).catch(async (error: unknown) => {
    await dispose();
    throw error;
  });
  try {
    const fixture = await seedFixture(database);
    await seedServerDataset(database, {
      organisationId: fixture.orgA,
      coachId: fixture.coachA,
      regionCode: '63.71',
      businesses: size,
      visits: Math.round(size * VISITS_PER_BUSINESS),
    });
    await analyzeStaleTables(database.db);
    await database.db.execute(sql`ANALYZE`);
    const login = async (username: string) => {
      const res = await fetch(`${served.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      if (!res.ok) throw new Error(`sign-in ${username}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const coach = await login('coach-a');
    const coordinator = await login('koor-a');
    let at = served.timings.length;
    for (let i = 0; i < GROWTH_REPEATS + 2; i++) {
      const res = await fetch(`${served.url}/api/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${coach}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: randomUUID(),
          schemaVersion: PROTOCOL_VERSION,
          cursor: '0',
          limit: PULL_PAGE_SIZE,
          mutations: [],
        }),
      });
      if (!res.ok) throw new Error(`first page: ${res.status}`);
      await res.arrayBuffer();
    }
    const pull = times(served.timings, '/api/sync', at).slice(2);
    at = served.timings.length;
    for (let i = 0; i < GROWTH_REPEATS + 2; i++) {
      const q = ['amplang', 'soto', 'kue', 'sasirangan'][i % 4] ?? 'amplang';
      const res = await fetch(`${served.url}/api/desk/businesses?limit=50&q=${q}`, {
        headers: { authorization: `Bearer ${coordinator}` },
      });
      if (!res.ok) throw new Error(`desk search: ${res.status}`);
      await res.arrayBuffer();
    }
    const search = times(served.timings, '/api/desk/businesses', at).slice(2);
    return { pull, search };
  } finally {
    await served.close();
    await dispose();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

/** A row per backend: first-page pull and desk search, median server time at each size. */
export async function measureGrowth(add: (row: Row) => void): Promise<void> {
  const sizes = (process.env.GROWTH_SIZES?.split(',').map(Number) ?? GROWTH_SIZES).filter((n) => n > 0);
  for (const backend of BACKENDS) {
    const label = LABEL[backend];
    const found: Array<{ size: number; pull: number[]; search: number[] }> = [];
    for (const size of sizes) {
      const started = performance.now();
      found.push({ size, ...(await growthAt(backend, size)) });
      log(`growth ${label}: ${size} businesses in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
    const cells = (pick: 'pull' | 'search') =>
      found.map((f) => `${k(f.size)} ${ms(median(f[pick]))}`).join(' · ');
    add({
      figure: `How cost grows, server time (median of ${GROWTH_REPEATS}): a new phone's first sync page (${PULL_PAGE_SIZE} rows) at ${sizes.map(k).join(' / ')} businesses (${label})`,
      target: '',
      measured: cells('pull'),
      baseline: `visits ${VISITS_PER_BUSINESS.toFixed(2)} per business; all in one coach's caseload`,
      pass: null,
      raw: { backend, sizes: found },
    });
    add({
      figure: `How cost grows, server time (median of ${GROWTH_REPEATS}): desk businesses search, 50 per page, at ${sizes.map(k).join(' / ')} businesses (${label})`,
      target: '',
      measured: cells('search'),
      baseline: "queries 'amplang', 'soto', 'kue', 'sasirangan' in turn",
      pass: null,
      raw: { backend, sizes: found.map((f) => ({ size: f.size, search: f.search })) },
    });
  }
}
