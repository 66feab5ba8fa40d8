/**
 * The server is killed (SIGKILL) at random moments while phones push (issue 7). The real server
 * (src/server/main.ts) runs as a child process on the embedded database (one DATA_DIR kept across
 * restarts) and on PostgreSQL (one DATABASE_URL). Three phones push new businesses, visits,
 * follow-ups and checklists over HTTP as the app does (sync-now.ts): an entry leaves a phone's
 * outbox only when an answer's `lastMutationId` covers it; a lost answer or a dead server means the
 * same entries (same clientId, same numbers) go again; a 409 gap drops what the server says it has.
 *
 * After every kill, before any phone reaches the restarted server, the database must hold exactly
 * the first `lastMutationId` mutations of each phone: nothing the server acknowledged is lost (its
 * number is at least every number a phone was told), and nothing beyond its number is there (no
 * push half-applied or applied without being recorded). At the end every outbox is empty and each
 * row the phones made is in the database once, with its follow-up and checklist.
 *
 * When to kill is seeded (CHAOS_SEED, printed on failure); the assertions hold for any timing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '@/server/db/connect';
import { checklistStates, followUps, visits } from '@/server/db/schema';
import { DEMO_PASSWORD } from '@/server/seed/demo-constants';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres';
import { BACKENDS, type Backend } from '../../helpers/server';
import { device } from '../../helpers/sync-fixtures';
import { seededRandom } from '../../helpers/seeded-random';
import { spawnServer, type ServerChild } from '../../helpers/app-process';

const SEED = Number(process.env.CHAOS_SEED ?? 20261124);
const KILLS = 4;
/** The app's batch limit (sync-now.ts PUSH_BATCH_SIZE). */
const PUSH_BATCH_SIZE = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Running = ServerChild;

/** A new port each start: a request meant for the killed server can never reach the next one. */
function startServer(env: Record<string, string>): Promise<Running> {
  return spawnServer(env, { timeoutMs: 60_000, label: `seed ${SEED}` });
}

async function stopServer(running: Running, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill(signal);
  await exited;
}

type Mutation = ReturnType<ReturnType<typeof device>['mutation']>;

type Phone = {
  name: string;
  token: string;
  userId: string;
  dev: ReturnType<typeof device>;
  outbox: Mutation[];
  /** Every mutation this phone made, by number. */
  made: Mutation[];
  /** The highest number any answer acknowledged. */
  acknowledged: number;
  visitIds: string[];
  /** Per visit: its follow-up and checklist ids. */
  children: Map<string, { followUp: string; checklist: string }>;
};

describe.each(BACKENDS)('SIGKILL during pushes, on %s', (backend: Backend) => {
  let dataDir: string | null = null;
  let scratch: ScratchDatabase | null = null;
  let staticDir: string | null = null;
  let running: Running | null = null;

  afterAll(async () => {
    if (running) await stopServer(running, 'SIGKILL');
    if (scratch) await scratch.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged mutation exactly once, never half a push, and the outboxes drain', async () => {
    const draw = seededRandom(backend === 'postgres' ? SEED ^ 0x5eed : SEED);
    const marker = `chaos-${randomUUID().slice(0, 8)}`;
    staticDir = mkdtempSync(join(tmpdir(), 'binaan-chaos-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>binaan</title>');
    const env: Record<string, string> = { STATIC_DIR: staticDir, BINAAN_DEMO: '1' };
    // The embedded database's folder; on PostgreSQL only photo bytes would go there.
    dataDir = mkdtempSync(join(tmpdir(), 'binaan-chaos-data-'));
    env.DATA_DIR = dataDir;
    if (backend === 'postgres') {
      scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
    }
    running = await startServer(env);
    let current: string | null = running.url;

    const login = async (username: string) => {
      const res = await fetch(`${current}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; user: { id: string } };
      return { token: body.token, userId: body.user.id };
    };
    const phone = async (name: string, username: string): Promise<Phone> => ({
      name,
      ...(await login(username)),
      dev: device(),
      outbox: [],
      made: [],
      acknowledged: 0,
      visitIds: [],
      children: new Map(),
    });
    const phones = [
      await phone('A', 'pendamping1'),
      await phone('B', 'pendamping2'),
      await phone('C', 'pendamping1'),
    ];
    const coordinator = await login('koordinator');

    /** What a coach saves between syncs: a new business, visits to it, each with a follow-up and a checklist. */
    function save(p: Phone) {
      const add = (table: string, rowId: string, fields: Record<string, unknown>) => {
        const mutation = p.dev.mutation(table, rowId, fields);
        p.outbox.push(mutation);
        p.made.push(mutation);
      };
      const businessId = randomUUID();
      add('businesses', businessId, {
        name: `Usaha ${marker} ${p.name}${p.made.length}`,
        ownerName: 'Rusmini',
        districtCode: '63.71.01',
        villageCode: '63.71.01.1001',
        sector: 'makanan_olahan',
        isFood: true,
        assignedCoachId: p.userId,
        createdBy: p.userId,
      });
      for (let i = 0; i < 3; i++) {
        const visitId = randomUUID();
        add('visits', visitId, {
          businessId,
          coachId: p.userId,
          visitedAt: new Date().toISOString(),
          kind: 'monitoring',
          notes: `${marker} kunjungan ${i}`,
          reviewState: 'submitted',
        });
        const followUp = randomUUID();
        add('followUps', followUp, { businessId, visitId, what: 'Daftar NIB', who: 'Pemilik' });
        const checklist = randomUUID();
        add('checklistStates', checklist, {
          businessId,
          visitId,
          kind: 'packaging',
          templateVersion: 1,
          items: { product_name: { done: i % 2 === 0, evidence: null, note: null } },
        });
        p.visitIds.push(visitId);
        p.children.set(visitId, { followUp, checklist });
      }
    }

    const latencies: number[] = [];
    /** Set when the test fails midway, so no phone keeps retrying a server that is gone. */
    let stopped = false;
    let answers = 0;
    let lostAnswers = 0;
    const dropUpTo = (p: Phone, last: number) => {
      p.outbox = p.outbox.filter((m) => m.mutationId > last);
    };

    /** Pushes the outbox until empty, through whatever server is up, as sync-now.ts does. */
    async function drain(p: Phone) {
      while (p.outbox.length > 0 && !stopped) {
        const url = current;
        if (!url) {
          await sleep(20);
          continue;
        }
        let res: Response;
        const started = Date.now();
        try {
          res = await fetch(`${url}/api/sync`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${p.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              clientId: p.dev.clientId,
              schemaVersion: PROTOCOL_VERSION,
              cursor: '0',
              limit: 0,
              mutations: p.outbox.slice(0, PUSH_BATCH_SIZE),
            }),
            signal: AbortSignal.timeout(20_000),
          });
        } catch {
          // Killed before or while answering: the same entries go again.
          await sleep(20);
          continue;
        }
        const text = await res.text().catch(() => null);
        if (text === null) continue; // the answer was cut off: same as no answer
        if (res.status === 409) {
          const gap = JSON.parse(text) as { error: { lastMutationId: number } };
          const before = p.outbox.length;
          dropUpTo(p, gap.error.lastMutationId);
          // Nothing to drop: the server lacks entries the phone already let go (sync-now.ts stops too).
          if (p.outbox.length === before) {
            throw new Error(
              `phone ${p.name}, seed ${SEED}: stuck on a gap after ${gap.error.lastMutationId}`,
            );
          }
          continue;
        }
        expect(res.status, `phone ${p.name}, seed ${SEED}: ${text}`).toBe(200);
        const answer = JSON.parse(text) as { lastMutationId: number; rejected: unknown[] };
        expect(answer.rejected, `phone ${p.name}, seed ${SEED}`).toEqual([]);
        // Every third answer is lost on the way (a dropped connection after the commit): the phone
        // keeps the entries and sends them again, to this server or to the next one after a kill.
        answers += 1;
        if (answers % 3 === 0) {
          lostAnswers += 1;
          await sleep(20);
          continue;
        }
        p.acknowledged = Math.max(p.acknowledged, answer.lastMutationId);
        dropUpTo(p, answer.lastMutationId);
        latencies.push(Date.now() - started);
      }
    }

    // The coordinator pulls the whole city once, then only what changed: every row id it has seen.
    const present = new Set<string>();
    let cursor = '0';
    async function pullAll(url: string) {
      for (;;) {
        const res = await fetch(`${url}/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=2000`, {
          headers: { Authorization: `Bearer ${coordinator.token}` },
        });
        expect(res.status).toBe(200);
        const page = (await res.json()) as {
          changes: Record<string, Array<{ id: string }>>;
          cursor: string;
          hasMore: boolean;
        };
        for (const [table, rows] of Object.entries(page.changes)) {
          for (const row of rows) present.add(`${table}/${row.id}`);
        }
        cursor = page.cursor;
        if (!page.hasMore) return;
      }
    }

    /** With no phone able to reach `url`: the database holds exactly each phone's first lastMutationId mutations. */
    async function checkPrefix(url: string, when: string): Promise<number[]> {
      await pullAll(url);
      const unanswered: number[] = [];
      for (const p of phones) {
        const res = await fetch(`${url}/api/sync`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${p.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            clientId: p.dev.clientId,
            schemaVersion: PROTOCOL_VERSION,
            cursor: '0',
            limit: 0,
            mutations: [],
          }),
        });
        expect(res.status).toBe(200);
        const { lastMutationId } = (await res.json()) as { lastMutationId: number };
        const context = `${when}, phone ${p.name}, seed ${SEED}`;
        expect(lastMutationId, `${context}: an acknowledged mutation was lost`).toBeGreaterThanOrEqual(
          p.acknowledged,
        );
        const wrong = p.made
          .filter((m) => present.has(`${m.table}/${m.rowId}`) !== m.mutationId <= lastMutationId)
          .map(
            (m) =>
              `${m.mutationId} ${m.table} ${present.has(`${m.table}/${m.rowId}`) ? 'present' : 'missing'}`,
          );
        expect(wrong, `${context}: rows not matching the server's lastMutationId ${lastMutationId}`).toEqual(
          [],
        );
        unanswered.push(lastMutationId - p.acknowledged);
      }
      return unanswered;
    }

    await pullAll(running.url);
    let producing = true;
    let bursts = 0;
    const phoneRuns = phones.map(async (p) => {
      while (producing) {
        save(p);
        bursts += 1;
        await drain(p);
      }
      await drain(p);
    });
    const failed = phoneRuns.map((run) =>
      run.then(
        () => null,
        (error: unknown) => error,
      ),
    );

    /** Per kill: when, and per phone how many of its mutations the server had committed but not yet answered. */
    const kills: Array<{ afterMs: number; unanswered: number[] }> = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        const afterMs = 100 + draw(701);
        await sleep(afterMs);
        current = null;
        await stopServer(running, 'SIGKILL');
        // Same data: the embedded folder (its lock is the killed process's) or the same database.
        running = await startServer(env);
        kills.push({ afterMs, unanswered: await checkPrefix(running.url, `after kill ${k + 1}`) });
        current = running.url;
      }
      // A last stretch of pushing with no kill, then the phones finish what they have.
      await sleep(300);
    } catch (error) {
      stopped = true;
      throw error;
    } finally {
      producing = false;
    }
    const errors = (await Promise.all(failed)).filter((error) => error !== null);
    if (errors.length > 0) throw errors[0];

    expect(phones.map((p) => p.outbox.length)).toEqual([0, 0, 0]);
    expect(lostAnswers).toBeGreaterThan(0);
    await checkPrefix(running.url, 'at the end');
    for (const p of phones) {
      expect(p.acknowledged, `phone ${p.name}`).toBe(p.made.length);
    }

    // Read the database itself: each visit once, with its follow-up and checklist.
    await stopServer(running, 'SIGTERM');
    running = null;
    const visitIds = phones.flatMap((p) => p.visitIds);
    const children = new Map(phones.flatMap((p) => [...p.children]));
    expect(new Set(visitIds).size).toBe(visitIds.length);
    let rows: { visits: string[]; followUps: string[]; checklists: string[] };
    if (backend === 'embedded') {
      if (!dataDir) throw new Error('no data dir');
      const database = await openEmbedded(dataDir);
      try {
        const { db } = database;
        rows = {
          visits: (await db.select({ id: visits.id }).from(visits).where(inArray(visits.id, visitIds))).map(
            (r) => r.id,
          ),
          followUps: (
            await db
              .select({ id: followUps.id, visitId: followUps.visitId })
              .from(followUps)
              .where(inArray(followUps.visitId, visitIds))
          ).map((r) => `${r.visitId ?? ''}/${r.id}`),
          checklists: (
            await db
              .select({ id: checklistStates.id, visitId: checklistStates.visitId })
              .from(checklistStates)
              .where(inArray(checklistStates.visitId, visitIds))
          ).map((r) => `${r.visitId}/${r.id}`),
        };
      } finally {
        await database.close();
      }
    } else {
      if (!scratch) throw new Error('no database');
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        const ids = (q: string) =>
          client.query<{ id: string }>(q, [visitIds]).then((r) => r.rows.map((row) => row.id));
        rows = {
          visits: await ids('SELECT id FROM visits WHERE id = ANY($1::uuid[])'),
          followUps: await ids(
            "SELECT visit_id || '/' || id AS id FROM follow_ups WHERE visit_id = ANY($1::uuid[])",
          ),
          checklists: await ids(
            "SELECT visit_id || '/' || id AS id FROM checklist_states WHERE visit_id = ANY($1::uuid[])",
          ),
        };
      } finally {
        await client.end();
      }
    }
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(rows.visits), `seed ${SEED}: each visit exactly once`).toEqual(sorted(visitIds));
    const expected = (key: 'followUp' | 'checklist') =>
      sorted([...children].map(([visitId, made]) => `${visitId}/${made[key]}`));
    expect(sorted(rows.followUps), `seed ${SEED}: each visit's follow-up, once`).toEqual(
      expected('followUp'),
    );
    expect(sorted(rows.checklists), `seed ${SEED}: each visit's checklist, once`).toEqual(
      expected('checklist'),
    );
    console.info(
      `[chaos ${backend}] seed ${SEED}: ${kills.length} kills (${kills.map((k) => `${k.afterMs} ms, committed unanswered ${k.unanswered.join('/')}`).join('; ')}), ${visitIds.length} visits, ${phones.reduce((n, p) => n + p.made.length, 0)} mutations, ${lostAnswers} answers lost, ${bursts} saves, slowest push ${Math.max(0, ...latencies)} ms`,
    );
  }, 180_000);
});
