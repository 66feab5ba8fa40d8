/**
 * Database rows → the shared entity shapes the phone stores. One converter per synced table for the
 * list routes, the desk and merging a push, and one SQL expression per table (`businessJsonSql`,
 * `rowJsonSql`) that has the database write the same record as JSON text for the sync answers,
 * where parsing every column of a new phone's 122,000 rows in Node was half of the server's time.
 * Both forms carry the same keys, values and order (tests/server/sync/wire-sql.test.ts compares
 * them row by row for every role on both databases). Restricted personal data (NIK) is blanked here
 * for roles that may not read it.
 */
import type { Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Photo } from '@/shared/domain/photo';
import type { Visit } from '@/shared/domain/visit';
import type { AuthenticatedUser } from '../auth/sessions';
import { mayReadNik } from '../auth/roles';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { businesses, checklistStates, followUps, photos, visits } from '../db/schema';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function businessToWire(row: typeof businesses.$inferSelect, viewer: AuthenticatedUser): Business {
  const { version: _version, ...rest } = row;
  return {
    ...rest,
    ownerNik: mayReadNik(viewer.role) || viewer.businessId === row.id ? row.ownerNik : null,
    ownerInvite: viewer.role === 'owner' ? null : row.ownerInvite,
    sector: row.sector as Business['sector'],
    sizeClass: row.sizeClass as Business['sizeClass'],
    legalForm: row.legalForm as Business['legalForm'],
    status: row.status as Business['status'],
    links: row.links as Business['links'],
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/**
 * An owner reads a visit only as the summary the coach shared: the notes, problems, advice, figures
 * and the review exchange stay internal, and a visit not shared says no more than when and what kind.
 */
export function visitForOwner(visit: Visit): Visit {
  return {
    ...visit,
    notes: '',
    problems: '',
    advice: '',
    monthlySales: null,
    employees: null,
    location: null,
    reviewComment: null,
    coachReply: null,
    topics: visit.sharedWithOwner ? visit.topics : [],
    ownerSummary: visit.sharedWithOwner ? visit.ownerSummary : '',
    nextVisitOn: visit.sharedWithOwner ? visit.nextVisitOn : null,
  };
}

/** A visit as `viewer` may read it (the sync pull and push answers). */
export function visitToWireFor(row: typeof visits.$inferSelect, viewer: AuthenticatedUser): Visit {
  const wire = visitToWire(row);
  return viewer.role === 'owner' ? visitForOwner(wire) : wire;
}

export function visitToWire(row: typeof visits.$inferSelect): Visit {
  const { version: _version, ...rest } = row;
  return {
    ...rest,
    visitedAt: iso(row.visitedAt),
    kind: row.kind as Visit['kind'],
    topics: row.topics as Visit['topics'],
    reviewState: row.reviewState as Visit['reviewState'],
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function followUpToWire(row: typeof followUps.$inferSelect): FollowUp {
  const { version: _version, ...rest } = row;
  return {
    ...rest,
    doneAt: isoOrNull(row.doneAt),
    assignee: row.assignee as FollowUp['assignee'],
    correction: row.correction as FollowUp['correction'],
    resolution: row.resolution as FollowUp['resolution'],
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function checklistStateToWire(row: typeof checklistStates.$inferSelect): ChecklistState {
  const { version: _version, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as ChecklistState['kind'],
    items: row.items as ChecklistState['items'],
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function photoToWire(row: typeof photos.$inferSelect): Photo {
  const { version: _version, ...rest } = row;
  return {
    ...rest,
    mimeType: row.mimeType as Photo['mimeType'],
    kind: row.kind as Photo['kind'],
    takenAt: iso(row.takenAt),
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** How each column kind is written as JSON, as the converters above write it. */
function columnJson(key: string, column: PgColumn): SQL {
  switch (column.columnType) {
    case 'PgTimestamp':
      // toISOString(): UTC, milliseconds (cut, not rounded, as Date cuts microseconds), a Z.
      if (!(column as PgColumn & { withTimezone?: boolean }).withTimezone)
        throw new Error(`wire JSON: ${key} is a timestamp without time zone`);
      return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'PgUUID':
    case 'PgText':
    case 'PgInteger':
    case 'PgBigInt53':
    case 'PgBoolean':
    case 'PgJsonb':
      return sql`${column}`;
    default:
      // A new kind (numeric comes back as a string in Node, a number in JSON) must be decided here.
      throw new Error(`wire JSON: no rule for ${key} (${column.columnType})`);
  }
}

/**
 * A row of `table` as its wire JSON text, written by the database: every column but `version`, in
 * the table's column order, under its entity name; `override` replaces a column's value (a value
 * the viewer may not read). One row_to_json over a subselect, so the text is compact JSON.
 */
function rowJson(table: PgTable, override: Record<string, SQL> = {}): SQL<string> {
  const fields = Object.entries(getTableColumns(table))
    .filter(([key]) => key !== 'version')
    .map(([key, column]) => sql`${override[key] ?? columnJson(key, column)} as ${sql.identifier(key)}`);
  return sql<string>`(select row_to_json(w) from (select ${sql.join(fields, sql`, `)}) w)::text`;
}

/** The wire JSON of a business as `viewer` may read it (businessToWire, in SQL). */
export function businessJsonSql(table: typeof businesses, viewer: AuthenticatedUser): SQL<string> {
  const ownerNik = mayReadNik(viewer.role)
    ? sql`${table.ownerNik}`
    : viewer.businessId
      ? sql`case when ${table.id} = ${viewer.businessId} then ${table.ownerNik} end`
      : sql`null::text`;
  const ownerInvite = viewer.role === 'owner' ? sql`null::jsonb` : sql`${table.ownerInvite}`;
  return rowJson(table, { ownerNik, ownerInvite });
}

/** The wire JSON of a visit, follow-up, checklist state or photo (visitToWire and the others, in SQL). */
export function rowJsonSql(table: typeof visits | typeof followUps | typeof checklistStates | typeof photos) {
  return rowJson(table);
}

/** A visit's wire JSON as `viewer` may read it: an owner's is cut down to what was shared. */
export function visitJsonFor(json: string, viewer: AuthenticatedUser): string {
  return viewer.role === 'owner' ? JSON.stringify(visitForOwner(JSON.parse(json) as Visit)) : json;
}
