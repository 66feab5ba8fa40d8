/**
 * Maintenance forgets what is kept only for a while (issue 6): API-token uses older than a year,
 * the uploaded rows of imports finished more than 90 days ago, and sign-in attempts older than a
 * day (issue 7). Everything else stays: recent uses, the tokens themselves, an import still in
 * progress, a finished import's job and report, the attempts a throttle window still counts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokens, apiTokenUses, importChunks, importJobs, loginAttempts } from '@/server/db/schema';
import { purgeOldRecords } from '@/server/sync/maintenance';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T00:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe.each(BACKENDS)('purging old records on %s', (backend) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(backend);
  });
  afterEach(async () => {
    await s.dispose();
  });

  it('drops year-old API uses, the rows of long-finished imports and day-old sign-in attempts, and nothing else', async () => {
    const { db } = s.database;
    const { orgA, coordinatorA } = s.fixture;
    const tokenId = randomUUID();
    await db.insert(apiTokens).values({
      id: tokenId,
      organisationId: orgA,
      name: 'Bappeda',
      scopes: ['businesses'],
      tokenHash: 'a'.repeat(64),
      prefix: 'abcdefgh',
      createdBy: coordinatorA,
    });
    const use = (at: Date) => ({
      tokenId,
      organisationId: orgA,
      at,
      method: 'GET',
      path: '/api/v1/businesses',
      status: 200,
    });
    await db.insert(apiTokenUses).values([use(ago(400)), use(ago(366)), use(ago(364)), use(ago(1))]);

    const job = (state: string, updatedAt: Date) => ({
      id: randomUUID(),
      organisationId: orgA,
      createdBy: coordinatorA,
      fileName: 'umkm.csv',
      fileSha256: 'b'.repeat(64),
      format: 'csv',
      state,
      detection: {},
      columns: ['Nama Usaha'],
      rowCount: 1,
      updatedAt,
    });
    const oldCommitted = job('committed', ago(100));
    const oldDiscarded = job('discarded', ago(91));
    const oldInProgress = job('parsed', ago(120));
    const recentCommitted = job('committed', ago(10));
    const jobs = [oldCommitted, oldDiscarded, oldInProgress, recentCommitted];
    await db.insert(importJobs).values(jobs);
    await db
      .insert(importChunks)
      .values(jobs.map((j) => ({ importId: j.id, chunk: 0, rows: [{ row: 5, cells: ['Amplang Berkah'] }] })));

    const attempt = (at: Date) => ({ keyHash: 'h', at });
    const hour = DAY / 24;
    await db
      .insert(loginAttempts)
      .values([
        attempt(ago(3)),
        attempt(new Date(NOW.getTime() - 25 * hour)),
        attempt(new Date(NOW.getTime() - 23 * hour)),
        attempt(NOW),
      ]);

    expect(await purgeOldRecords(db, NOW)).toEqual({ apiUses: 2, importChunks: 2, loginAttempts: 2 });
    expect(
      (await db.select().from(loginAttempts)).map((row) => row.at.getTime()).sort((a, b) => a - b),
    ).toEqual([NOW.getTime() - 23 * hour, NOW.getTime()]);
    expect((await db.select().from(apiTokenUses)).length).toBe(2);
    expect((await db.select().from(apiTokens)).length).toBe(1);
    const left = new Set((await db.select().from(importChunks)).map((chunk) => chunk.importId));
    expect(left).toEqual(new Set([oldInProgress.id, recentCommitted.id]));
    expect((await db.select().from(importJobs)).length).toBe(4);
    // Running again finds nothing more.
    expect(await purgeOldRecords(db, NOW)).toEqual({ apiUses: 0, importChunks: 0, loginAttempts: 0 });
  });
});
