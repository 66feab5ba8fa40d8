import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { openPostgres, type Database } from '@/server/db/connect';
import { createScratchDatabase, testDatabaseUrl, type ScratchDatabase } from '../../helpers/postgres';

let scratch: ScratchDatabase | undefined;
let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  await scratch?.drop();
  database = undefined;
  scratch = undefined;
});

it('keeps serving when PostgreSQL ends an idle connection (a restart or an administrator)', async () => {
  scratch = await createScratchDatabase();
  database = await openPostgres(scratch.url);
  const pid = async () => {
    const result = await database!.db.execute(sql`SELECT pg_backend_pid() AS pid`);
    return Number((result as unknown as { rows: { pid: number }[] }).rows[0]?.pid);
  };
  const idle = await pid();

  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [idle]);
  } finally {
    await admin.end();
  }
  // The pool hears of it as an 'error' event; unhandled, that would end the process (and this test).
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await pid()).not.toBe(idle);
});
