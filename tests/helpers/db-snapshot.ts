/**
 * A fingerprint of the database's data tables (row count and an md5 of every row's text, per
 * table) taken in one query, so a security test can prove that a refused or malformed request
 * changed nothing. Left out on purpose: `sessions` (authentication touches a session's last use),
 * `api_token_uses` (the city API logs every request of a token, refused ones too) and the
 * dashboard's caches (derived data a coordinator's read may refresh). The organisations' version
 * counters are part of it: a refused write takes no version either.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/server/db/connect';
import { syncState } from '@/server/db/schema';

export const SNAPSHOT_TABLES = [
  'organisations',
  'users',
  'api_tokens',
  'import_jobs',
  'import_chunks',
  'import_mappings',
  'audit_log',
  'system_settings',
  'sync_state',
  'sync_revocations',
  'sync_clients',
  'businesses',
  'visits',
  'visit_reviews',
  'business_merges',
  'follow_ups',
  'checklist_states',
  'photos',
  'blobs',
  'sync_conflicts',
  'sync_rejections',
] as const;

export type DbSnapshot = Record<string, string>;

/**
 * Columns left out of a table's fingerprint: the organisations' version counters (compared on their
 * own, see SYNC_VERSIONS) and when a city-API token was last used (every request of it, by design).
 */
const LEFT_OUT: Record<string, string> = { sync_state: 'version', api_tokens: 'last_used_at' };
const rowText = (table: string) => {
  const column = LEFT_OUT[table];
  return column ? `(to_jsonb(x) - '${column}')::text` : 'x::text';
};
const QUERY = [
  ...SNAPSHOT_TABLES.map(
    (table) =>
      `SELECT '${table}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(${rowText(table)}, '|' ORDER BY ${rowText(table)}), '')) AS h FROM ${table} x`,
  ),
  `SELECT 'sync_state.version' AS t, coalesce(string_agg(organisation_id::text || '=' || version::text, ',' ORDER BY organisation_id), '') AS h FROM sync_state`,
].join(' UNION ALL ');

/**
 * The key of the organisations' version counters. A refused write leaves them as they were too: a
 * writer that takes the next version first (as its lock, sync/next-version.ts) rolls it back when
 * it refuses (db/refusable-transaction.ts), so the version sequence has no gaps.
 */
export const SYNC_VERSIONS = 'sync_state.version';

/** The tables (and SYNC_VERSIONS) whose fingerprints differ. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

/** Each organisation's version counter by organisation id, for a test that a refused write took none. */
export async function syncVersions(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ organisationId: syncState.organisationId, version: syncState.version })
    .from(syncState);
  return Object.fromEntries(rows.map((row) => [row.organisationId, row.version]));
}

export async function snapshot(db: Db): Promise<DbSnapshot> {
  const rows = rowsOf<{ t: string; h: string }>(await db.execute(sql.raw(QUERY)));
  return Object.fromEntries(rows.map((row) => [row.t, row.h]));
}
