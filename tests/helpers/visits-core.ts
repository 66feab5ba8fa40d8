/**
 * Watching the phone database's visits table as Dexie's core sees it, for tests that prove how a
 * screen reads visits (through which index, how many requests at once).
 */
import type { DBCoreTable } from 'dexie';
import type { LocalDb } from '@/client/data/local-db';

/**
 * Puts `wrap`'s methods over the visits table's core (a DBCore middleware named `name`). Dexie
 * builds its middleware when the database opens: call this before `open()`, or close and reopen.
 */
export function wrapVisitsTable(
  db: LocalDb,
  name: string,
  wrap: (table: DBCoreTable) => Partial<DBCoreTable>,
): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return tableName === 'visits' ? { ...table, ...wrap(table) } : table;
      },
    }),
  });
}

export type VisitRead = { index: string | null; unbounded: boolean };

/**
 * Records every read of the visits table (registered before open), so a test can prove a screen
 * never walks all the visits: each read goes through an index range.
 */
export function recordVisitReads(db: LocalDb): VisitRead[] {
  const reads: VisitRead[] = [];
  // DBCoreRangeType.Any (3) is a whole-index read.
  const note = (request: { query: { range: { type: number }; index: { name: string | null } } }) =>
    reads.push({ index: request.query.index.name, unbounded: request.query.range.type === 3 });
  wrapVisitsTable(db, 'visit-read-log', (table) => ({
    query: (request) => {
      note(request);
      return table.query(request);
    },
    openCursor: (request) => {
      note(request);
      return table.openCursor(request);
    },
    count: (request) => {
      note(request);
      return table.count(request);
    },
  }));
  return reads;
}
