import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbedded, type Database } from '@/server/db/connect';
import { analyzeStaleTables, isStale } from '@/server/db/statistics';

describe('isStale', () => {
  it('asks for statistics on a never-analysed table only once it has rows', () => {
    expect(isStale(0, -1)).toBe(false);
    expect(isStale(1, -1)).toBe(true);
  });

  it("uses autovacuum's threshold: 50 rows plus a tenth of the table", () => {
    expect(isStale(1_000 + 150, 1_000)).toBe(false);
    expect(isStale(1_000 + 151, 1_000)).toBe(true);
    expect(isStale(1_000 - 151, 1_000)).toBe(true);
    expect(isStale(40, 0)).toBe(false);
    expect(isStale(51, 0)).toBe(true);
  });
});

describe('analyzeStaleTables on the embedded database', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const plannerRows = async (db: Database['db'], table: string) => {
    const result = await db.execute(
      sql`SELECT reltuples FROM pg_class WHERE relname = ${table} AND relkind = 'r'`,
    );
    return Number((result as unknown as { rows: { reltuples: number }[] }).rows[0]?.reltuples);
  };

  it('analyses a table that grew, and leaves it alone until it moves again', async () => {
    database = await openEmbedded('memory://');
    const { db } = database;
    expect(await analyzeStaleTables(db)).toEqual([]);

    await db.execute(
      sql`INSERT INTO system_settings (key, value) SELECT 'k' || g, '1'::jsonb FROM generate_series(1, 1000) g`,
    );
    expect(await plannerRows(db, 'system_settings')).toBe(-1);
    const analysed = await analyzeStaleTables(db);
    expect(analysed).toEqual([{ table: 'system_settings', rows: 1000, plannerRows: -1 }]);
    expect(await plannerRows(db, 'system_settings')).toBe(1000);

    await db.execute(
      sql`INSERT INTO system_settings (key, value) SELECT 'm' || g, '1'::jsonb FROM generate_series(1, 100) g`,
    );
    expect(await analyzeStaleTables(db)).toEqual([]);
    await db.execute(
      sql`INSERT INTO system_settings (key, value) SELECT 'n' || g, '1'::jsonb FROM generate_series(1, 100) g`,
    );
    expect((await analyzeStaleTables(db)).map((t) => t.table)).toEqual(['system_settings']);
    expect(await plannerRows(db, 'system_settings')).toBe(1200);
  });
});
