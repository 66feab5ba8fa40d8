/**
 * Planner statistics for the embedded database.
 *
 * A PostgreSQL server's autovacuum analyses a table once about a tenth of it has changed. PGlite
 * runs in our process with no background workers, so nothing ever analyses it: a city that grew
 * from an empty database to 100,000 visits is planned as if its tables were empty, and one page of
 * a phone's first sync took 98 s instead of 0.1 s (measured by `npm run bench`).
 *
 * `analyzeStaleTables` does autovacuum's part: it compares each table's row count with what the
 * planner last saw (`pg_class.reltuples`, -1 before the first ANALYZE) and analyses the tables that
 * moved more than autovacuum's own threshold (50 rows + 10 %). The server calls it once at start
 * (after migrations and seeding) and every few minutes; counting rows is a few milliseconds.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './connect';

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, PostgreSQL's defaults. */
const BASE_THRESHOLD = 50;
const SCALE_FACTOR = 0.1;

export type TableStatistics = { table: string; rows: number; plannerRows: number };

/** True when the planner's row estimate is missing or off by more than autovacuum tolerates. */
export function isStale(rows: number, plannerRows: number): boolean {
  if (plannerRows < 0) return rows > 0;
  return Math.abs(rows - plannerRows) > BASE_THRESHOLD + SCALE_FACTOR * plannerRows;
}

async function publicTables(db: Db): Promise<{ table: string; plannerRows: number }[]> {
  const result = await db.execute(sql`
    SELECT c.relname, c.reltuples
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'`);
  return rowsOf<{ relname: string; reltuples: number | string }>(result).map((row) => ({
    table: row.relname,
    plannerRows: Number(row.reltuples),
  }));
}

/** Analyses every table whose planner statistics are stale; returns what it analysed. */
export async function analyzeStaleTables(db: Db): Promise<TableStatistics[]> {
  const analysed: TableStatistics[] = [];
  for (const { table, plannerRows } of await publicTables(db)) {
    const counted = rowsOf<{ n: number | string }>(
      await db.execute(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`),
    );
    const rows = Number(counted[0]?.n ?? 0);
    if (!isStale(rows, plannerRows)) continue;
    await db.execute(sql`ANALYZE ${sql.identifier(table)}`);
    analysed.push({ table, rows, plannerRows });
  }
  return analysed;
}
