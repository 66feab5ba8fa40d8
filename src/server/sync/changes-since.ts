/**
 * The pull half of sync: every row the user may read that changed after the phone's cursor, in
 * commit order, a page at a time.
 *
 * Order and cursor: rows are ordered by (version, table, id). A push takes the organisation's next
 * version under a row lock and writes all its rows with it, so a version's rows become visible
 * together and a later-committed push always carries a higher version: reading `> cursor` never
 * skips a row. A page may end inside one version (an import or the seed writes thousands of rows at
 * one version), so the cursor is "version" at a version boundary and "version:table:id" inside one;
 * the phone stores it as an opaque string.
 */
import { and, asc, eq, gt, gte, inArray, lte, notInArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { SYNCED_TABLES, type SyncedTable } from '@/shared/sync/protocol';
import type { SyncConflict } from '@/shared/sync/conflict';
import type { AuthenticatedUser } from '../auth/sessions';
import { businessScope, underReadableBusiness } from '../auth/scope';
import type { Db } from '../db/connect';
import {
  businessMerges,
  businesses,
  checklistStates,
  followUps,
  photos,
  syncConflicts,
  syncRevocations,
  visits,
} from '../db/schema';
import { businessJsonSql, rowJsonSql, visitJsonFor } from './wire';

export type Cursor =
  { version: number; table: number; id: string } | { version: number; table: null; id: null };

export const START_CURSOR = '0';

/**
 * What a pull pages through, in this order inside one version: the synced tables, then the
 * revocations (a business that left the user's scope) and the kept conflict texts.
 */
const STREAMS = [...SYNCED_TABLES, 'revocations', 'conflicts'] as const;
const REVOCATIONS = STREAMS.indexOf('revocations');
const CONFLICTS = STREAMS.indexOf('conflicts');

/** Parses a cursor string; null when it is not one this server made. */
export function parseCursor(text: string): Cursor | null {
  const whole = /^(\d{1,15})$/.exec(text);
  if (whole) return { version: Number(whole[1]), table: null, id: null };
  const inside = /^(\d{1,15}):(\d):([0-9a-f-]{36})$/.exec(text);
  if (!inside) return null;
  const table = Number(inside[2]);
  if (table >= STREAMS.length) return null;
  return { version: Number(inside[1]), table, id: inside[3] ?? '' };
}

export function formatCursor(cursor: Cursor): string {
  return cursor.table === null ? String(cursor.version) : `${cursor.version}:${cursor.table}:${cursor.id}`;
}

/**
 * Each table's rows as wire JSON texts (written by the database, wire.ts): a page goes out as the
 * database wrote it, with no object made of its rows in between.
 */
export type Changes = Record<SyncedTable, string[]>;

export type ChangesPage = {
  changes: Changes;
  /** Businesses that left the user's scope: the phone removes them (once nothing of them is unsent). */
  revokedBusinessIds: string[];
  /** Texts that lost a merge, for the coach and the coordinator to read. */
  conflicts: SyncConflict[];
  cursor: string;
  hasMore: boolean;
};

/** A row that may go on the page; its wire form is made only if it does. */
type Candidate = { version: number; table: number; id: string; wire: () => unknown };
/** The highest version a table's query still needs to read (null: no bound yet). */
type SQLBound = number | null;

function upTo(version: PgColumn, bound: SQLBound): SQL | undefined {
  return bound === null ? undefined : lte(version, bound);
}

/** A kept conflict as the phone receives it; null for one whose business or text is unknown. */
function conflictToWire(row: typeof syncConflicts.$inferSelect): SyncConflict | null {
  if (!row.businessId || typeof row.losingValue !== 'string') return null;
  if (!(SYNCED_TABLES as readonly string[]).includes(row.tableName)) return null;
  return {
    id: row.id,
    table: row.tableName as SyncedTable,
    rowId: row.rowId,
    businessId: row.businessId,
    field: row.field,
    losingValue: row.losingValue.slice(0, 20_000),
    losingClock: row.losingClock,
    losingUserId: row.losingUserId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Rows of one table after the cursor, in (version, id) order. */
function afterCursor(version: PgColumn, id: PgColumn, tableIndex: number, cursor: Cursor): SQL {
  if (cursor.table === null || tableIndex < cursor.table) return gt(version, cursor.version);
  if (tableIndex > cursor.table) return gte(version, cursor.version);
  return or(gt(version, cursor.version), and(eq(version, cursor.version), gt(id, cursor.id))) as SQL;
}

/** A page with nothing in it (a push that asked to pull nothing). */
export function emptyPage(): Omit<ChangesPage, 'cursor' | 'hasMore'> {
  return {
    changes: { businesses: [], visits: [], followUps: [], checklistStates: [], photos: [] },
    revokedBusinessIds: [],
    conflicts: [],
  };
}

/** One page (at most `limit` rows over all tables) of what changed after `cursor` for `user`. */
export async function changesSince(
  db: Db,
  user: AuthenticatedUser,
  cursor: Cursor,
  limit: number,
): Promise<ChangesPage> {
  const index = (table: SyncedTable) => SYNCED_TABLES.indexOf(table);
  const sameOrganisation = (column: PgColumn) => eq(column, user.organisationId);

  /**
   * One synced table's rows after the cursor that `scope` lets the user read, as the database wrote
   * them (wire.ts); `toWire` adjusts a row's text for the reader where SQL does not.
   */
  const syncedRows =
    (
      table: typeof businesses | typeof visits | typeof followUps | typeof checklistStates | typeof photos,
      name: SyncedTable,
      json: SQL<string>,
      scope: SQL | undefined,
      toWire: (json: string) => string = (text) => text,
    ) =>
    (bound: SQLBound): Promise<Candidate[]> =>
      db
        .select({ version: table.version, id: table.id, json })
        .from(table)
        .where(
          and(scope, upTo(table.version, bound), afterCursor(table.version, table.id, index(name), cursor)),
        )
        .orderBy(asc(table.version), asc(table.id))
        .limit(limit)
        .then((rows) =>
          rows.map((row) => ({
            version: row.version,
            table: index(name),
            id: row.id,
            wire: () => toWire(row.json),
          })),
        );
  /** A row under a business: in the user's organisation, under a business they may read. */
  const underBusiness = (table: typeof visits | typeof followUps | typeof checklistStates | typeof photos) =>
    and(sameOrganisation(table.organisationId), underReadableBusiness(db, user, table.businessId));

  const queries: Array<(bound: SQLBound) => Promise<Candidate[]>> = [
    syncedRows(businesses, 'businesses', businessJsonSql(businesses, user), businessScope(user)),
    syncedRows(visits, 'visits', rowJsonSql(visits), underBusiness(visits), (json) =>
      visitJsonFor(json, user),
    ),
    syncedRows(followUps, 'followUps', rowJsonSql(followUps), underBusiness(followUps)),
    syncedRows(
      checklistStates,
      'checklistStates',
      rowJsonSql(checklistStates),
      underBusiness(checklistStates),
    ),
    syncedRows(photos, 'photos', rowJsonSql(photos), underBusiness(photos)),
  ];
  if (user.role === 'coach') {
    queries.push((bound) =>
      db
        .select({
          id: syncRevocations.id,
          version: syncRevocations.version,
          businessId: syncRevocations.businessId,
        })
        .from(syncRevocations)
        .where(
          and(
            eq(syncRevocations.userId, user.id),
            sameOrganisation(syncRevocations.organisationId),
            // Only while it is still out of scope: a business given back arrives as rows instead.
            // A duplicate merged into another business is removed even from its creator's phone.
            or(
              notInArray(
                syncRevocations.businessId,
                db.select({ id: businesses.id }).from(businesses).where(businessScope(user)),
              ),
              inArray(
                syncRevocations.businessId,
                db
                  .select({ id: businessMerges.duplicateId })
                  .from(businessMerges)
                  .where(sameOrganisation(businessMerges.organisationId)),
              ),
            ),
            upTo(syncRevocations.version, bound),
            afterCursor(syncRevocations.version, syncRevocations.id, REVOCATIONS, cursor),
          ),
        )
        .orderBy(asc(syncRevocations.version), asc(syncRevocations.id))
        .limit(limit)
        .then((rows) =>
          rows.map((row) => ({
            version: row.version,
            table: REVOCATIONS,
            id: row.id,
            wire: () => row.businessId,
          })),
        ),
    );
  }
  if (user.role !== 'owner') {
    queries.push((bound) =>
      db
        .select()
        .from(syncConflicts)
        .where(
          and(
            sameOrganisation(syncConflicts.organisationId),
            underReadableBusiness(db, user, syncConflicts.businessId),
            upTo(syncConflicts.version, bound),
            afterCursor(syncConflicts.version, syncConflicts.id, CONFLICTS, cursor),
          ),
        )
        .orderBy(asc(syncConflicts.version), asc(syncConflicts.id))
        .limit(limit)
        .then((rows) =>
          // One the phone cannot use still counts for paging (it is skipped below, not here).
          rows.map((row) => ({
            version: row.version,
            table: CONFLICTS,
            id: row.id,
            wire: () => conflictToWire(row),
          })),
        ),
    );
  }

  // Sequential on purpose: PGlite serves one query at a time anyway, and on PostgreSQL a pull
  // should not take five pool connections.
  // Once a table fills a whole page up to version V, no row above V can make this page: later
  // queries read only up to V (a first sync pages through 22,000 businesses before any visit, and
  // reading 2,000 visits for every such page only to drop them was half the server's work).
  const perTable: Candidate[][] = [];
  let bound: SQLBound = null;
  for (const query of queries) {
    const rows = await query(bound);
    perTable.push(rows);
    const lastVersion = rows[rows.length - 1]?.version;
    if (rows.length === limit && lastVersion !== undefined)
      bound = bound === null ? lastVersion : Math.min(bound, lastVersion);
  }

  const all = perTable
    .flat()
    .sort((a, b) => a.version - b.version || a.table - b.table || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = all.slice(0, limit);
  const truncated = all.length > limit || perTable.some((rows) => rows.length === limit);

  const changes: Changes = { businesses: [], visits: [], followUps: [], checklistStates: [], photos: [] };
  const revokedBusinessIds: string[] = [];
  const conflicts: SyncConflict[] = [];
  for (const candidate of page) {
    const wire = candidate.wire();
    if (candidate.table === REVOCATIONS) revokedBusinessIds.push(wire as string);
    else if (candidate.table === CONFLICTS) {
      if (wire) conflicts.push(wire as SyncConflict);
    } else changes[SYNCED_TABLES[candidate.table] as SyncedTable].push(wire as string);
  }

  const last = page[page.length - 1];
  // Nothing after the cursor at all: every row of its version is behind it, so a plain version is safe.
  let next: Cursor = truncated ? cursor : { version: cursor.version, table: null, id: null };
  if (last) {
    // A plain version is safe only when no row of that version can still be waiting: none among
    // the fetched rows left for the next page, and none beyond a table's fetched rows.
    const following = all[limit];
    const boundary =
      !truncated ||
      ((following === undefined || following.version > last.version) &&
        perTable.every(
          (rows) => rows.length < limit || (rows[rows.length - 1]?.version ?? 0) > last.version,
        ));
    next = boundary
      ? { version: last.version, table: null, id: null }
      : { version: last.version, table: last.table, id: last.id };
  }
  return { changes, revokedBusinessIds, conflicts, cursor: formatCursor(next), hasMore: truncated };
}

/**
 * A page as the body of the answer: its rows spliced in as the database wrote them, the rest
 * (`extra`: the server time, a push's acknowledgement) serialised as usual.
 */
export function pageJson(page: ChangesPage, extra: Record<string, unknown>): string {
  const { changes, ...rest } = page;
  const tables = SYNCED_TABLES.map((table) => `${JSON.stringify(table)}:[${changes[table].join(',')}]`);
  // `rest` always holds the cursor, so its text is `{…}` with something inside to follow a comma.
  return `{"changes":{${tables.join(',')}},${JSON.stringify({ ...rest, ...extra }).slice(1)}`;
}
