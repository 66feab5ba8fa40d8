/**
 * The server's tables (drizzle). One schema for the embedded database (PGlite) and PostgreSQL;
 * migrations are generated from it (`npm run db:generate`) and committed.
 *
 * Synced tables (businesses, visits, follow_ups, checklist_states, photos) all carry the sync
 * columns of sync.md from day one: client-made uuid id, owning organisation, `version` (the
 * organisation's counter at the last write; pulls read `version > cursor`), per-field `clocks`,
 * and `deleted_at` as a tombstone: nothing synced is ever hard-deleted.
 * Relative imports only: drizzle-kit loads this file without the app's path aliases.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  regionCode: text('region_code').notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  coverageTarget: integer('coverage_target'),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    username: text('username').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['coordinator', 'coach', 'owner'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    phone: text('phone'),
    businessId: uuid('business_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

/** Opaque bearer tokens, stored only as SHA-256 so a database leak does not leak sessions. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

// ---- the city's API (issue 6) ----

/**
 * Read-only tokens a coordinator makes for another department's system. Only the SHA-256 of the
 * token is stored; `prefix` (its first characters) lets people tell tokens apart in lists.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    /** What it may read: any of 'businesses', 'visits', 'statistics'. */
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    /** Whether personal data (NIK, phone, owner name) is included. */
    personalData: boolean('personal_data').notNull().default(false),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    index('api_tokens_organisation_idx').on(t.organisationId),
  ],
);

/** Every use of an API token: who (which token), when, what was asked, the answer's status and size. */
export const apiTokenUses = pgTable(
  'api_token_uses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => apiTokens.id),
    organisationId: uuid('organisation_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    query: text('query'),
    status: integer('status').notNull(),
    rows: integer('rows'),
    durationMs: integer('duration_ms'),
    ip: text('ip'),
  },
  (t) => [index('api_token_uses_token_at_idx').on(t.tokenId, t.at)],
);

/**
 * Sign-in attempts counted for throttling (auth/rate-limit.ts). In the database, not in a process's
 * memory, so every server process behind a load balancer counts the same attempts. Keyed by a hash
 * of what is limited (an account name, which for an owner is their phone number, or an address),
 * not the value itself; rows older than a day are purged with the other old records (maintenance.ts).
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    keyHash: text('key_hash').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_attempts_key_at_idx').on(t.keyHash, t.at), index('login_attempts_at_idx').on(t.at)],
);

// ---- spreadsheet import (issue 6) ----

/** One uploaded spreadsheet on its way in: parsed, mapped, previewed, then committed or discarded. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    /** 'csv' | 'xlsx' */
    format: text('format').notNull(),
    /** 'parsed' | 'committing' | 'committed' | 'discarded' | 'failed' */
    state: text('state').notNull(),
    /** What was detected: encoding, delimiter, sheet, header rows, skipped rows, warnings. */
    detection: jsonb('detection').$type<Record<string, unknown>>().notNull(),
    /** The header text of each column, as read. */
    columns: jsonb('columns').$type<string[]>().notNull(),
    /** Column index → business field, guessed then confirmed. */
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    /** Decisions on likely duplicates, by source row number. */
    decisions: jsonb('decisions').$type<Record<string, unknown>>().notNull().default({}),
    rowCount: integer('row_count').notNull(),
    /** The outcome: counts, created ids, problems (for the downloadable report). */
    report: jsonb('report').$type<Record<string, unknown>>(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_org_created_idx').on(t.organisationId, t.createdAt)],
);

/** The data rows of an import, a thousand to a chunk: `[{ row, cells }]` with the source row number. */
export const importChunks = pgTable(
  'import_chunks',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    chunk: integer('chunk').notNull(),
    rows: jsonb('rows').$type<Array<{ row: number; cells: string[] }>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.chunk] })],
);

/** The mapping last confirmed for a header layout (its signature), so the next file like it is mapped. */
export const importMappings = pgTable(
  'import_mappings',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    signature: text('signature').notNull(),
    mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.signature] })],
);

/** Every change and export of personal data is recorded (UU 27/2022). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organisationId: uuid('organisation_id'),
    userId: uuid('user_id'),
    action: text('action').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_org_at_idx').on(t.organisationId, t.at)],
);

/** Key/value facts about the installation (e.g. that the demo seed ran). */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

// ---- sync bookkeeping (sync.md) ----

/** One version counter per organisation, so cities never wait on each other. */
export const syncState = pgTable('sync_state', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /**
   * Tombstones at or below this version may have been purged: a phone whose cursor is older could
   * have missed a delete, so it gets 410 and resyncs fully (sync.md, "The exchange").
   */
  horizon: bigint('horizon', { mode: 'number' }).notNull().default(0),
});

/**
 * A business leaving a coach's scope (re-assigned to someone else): the pull tells that coach's
 * phone to remove it, in version order with everything else. Also what lets a mutation the coach
 * made while the business was still theirs be accepted after the move.
 */
export const syncRevocations = pgTable(
  'sync_revocations',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    businessId: uuid('business_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sync_revocations_user_version_idx').on(t.userId, t.version),
    index('sync_revocations_user_business_idx').on(t.userId, t.businessId),
  ],
);

export const syncClients = pgTable('sync_clients', {
  clientId: uuid('client_id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  lastMutationId: bigint('last_mutation_id', { mode: 'number' }).notNull().default(0),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

const syncColumns = () => ({
  id: uuid('id').primaryKey(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  clocks: jsonb('clocks').$type<Record<string, string>>().notNull().default({}),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type LicencesColumn = {
  nib: string | null;
  pirt: string | null;
  halal: string | null;
  bpom: string | null;
  trademark: string | null;
};

export const businesses = pgTable(
  'businesses',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    brand: text('brand'),
    ownerName: text('owner_name').notNull(),
    /** NIK: restricted personal data. */
    ownerNik: text('owner_nik'),
    phone: text('phone'),
    address: text('address'),
    districtCode: text('district_code').notNull(),
    villageCode: text('village_code').notNull(),
    location: jsonb('location').$type<{ lat: number; lng: number; accuracy?: number; capturedAt?: string }>(),
    sector: text('sector').notNull(),
    kbli: jsonb('kbli').$type<{ code: string; version: '2020' | '2025' }>(),
    products: text('products'),
    yearStarted: integer('year_started'),
    employees: integer('employees'),
    capital: bigint('capital', { mode: 'number' }),
    annualSales: bigint('annual_sales', { mode: 'number' }),
    sizeClass: text('size_class'),
    legalForm: text('legal_form'),
    licences: jsonb('licences').$type<LicencesColumn>().notNull(),
    links: jsonb('links').$type<Array<{ kind: string; value: string }>>().notNull().default([]),
    cohort: text('cohort'),
    assignedCoachId: uuid('assigned_coach_id').references(() => users.id),
    status: text('status').notNull().default('baru'),
    isFood: boolean('is_food').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    /** The latest owner invite: the code's SHA-256, expiry and who made it (shared/domain/owner.ts). */
    ownerInvite: jsonb('owner_invite').$type<{
      codeHash: string;
      expiresAt: string;
      createdBy: string;
      usedAt: string | null;
    }>(),
  },
  (t) => [
    index('businesses_org_version_idx').on(t.organisationId, t.version),
    index('businesses_org_coach_idx').on(t.organisationId, t.assignedCoachId),
    index('businesses_org_village_idx').on(t.organisationId, t.villageCode),
    // The coordinator's list and the businesses export, in name order.
    index('businesses_org_name_idx').on(t.organisationId, t.name, t.id),
    index('businesses_nib_idx').on(sql`(${t.licences} ->> 'nib')`),
    // An invite is looked up by its code's hash, across organisations (the code is all the owner has).
    index('businesses_owner_invite_idx')
      .on(sql`(${t.ownerInvite} ->> 'codeHash')`)
      .where(sql`${t.ownerInvite} IS NOT NULL`),
    // The city's API pages by `updated_since` (issue 6).
    index('businesses_org_updated_idx').on(t.organisationId, t.updatedAt, t.id),
  ],
);

export const visits = pgTable(
  'visits',
  {
    ...syncColumns(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id),
    coachId: uuid('coach_id')
      .notNull()
      .references(() => users.id),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    notes: text('notes').notNull().default(''),
    problems: text('problems').notNull().default(''),
    advice: text('advice').notNull().default(''),
    monthlySales: bigint('monthly_sales', { mode: 'number' }),
    employees: integer('employees'),
    location: jsonb('location').$type<{ lat: number; lng: number; accuracy?: number; capturedAt?: string }>(),
    nextVisitOn: text('next_visit_on'),
    reviewState: text('review_state').notNull().default('submitted'),
    reviewComment: text('review_comment'),
    coachReply: text('coach_reply'),
    sharedWithOwner: boolean('shared_with_owner').notNull().default(false),
    ownerSummary: text('owner_summary').notNull().default(''),
  },
  (t) => [
    index('visits_org_version_idx').on(t.organisationId, t.version),
    index('visits_business_idx').on(t.businessId, t.visitedAt),
    index('visits_org_coach_at_idx').on(t.organisationId, t.coachId, t.visitedAt),
    index('visits_org_review_idx').on(t.organisationId, t.reviewState, t.visitedAt),
    // The review queue without a state filter: newest first across the organisation.
    index('visits_org_at_idx').on(t.organisationId, t.visitedAt),
    index('visits_org_updated_idx').on(t.organisationId, t.updatedAt, t.id),
  ],
);

/**
 * Every change of a visit's review state, with who and when (issue 5): a coordinator's approval or
 * return (with the comment), a coach's answer (with the reply), and the first submission. The
 * visit row keeps only the latest state and comment; this keeps the whole exchange.
 */
export const visitReviews = pgTable(
  'visit_reviews',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    // A purged tombstone takes its history with it (maintenance.ts).
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    comment: text('comment'),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visit_reviews_visit_idx').on(t.visitId, t.at),
    index('visit_reviews_org_at_idx').on(t.organisationId, t.at),
  ],
);

/**
 * Duplicates merged by a coordinator (issue 5). The duplicate stays as a tombstone; its visits,
 * follow-ups, checklists and photos now belong to the kept business. This keeps what the duplicate
 * said before the merge and which of its fields were taken, and lets a phone that still writes to
 * the duplicate (it was offline during the merge) have its writes land on the kept business.
 */
export const businessMerges = pgTable(
  'business_merges',
  {
    duplicateId: uuid('duplicate_id')
      .primaryKey()
      .references(() => businesses.id),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => businesses.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Fields whose value was taken from the duplicate. */
    taken: jsonb('taken').$type<string[]>().notNull(),
    /** The duplicate and the kept business as they were just before the merge. */
    before: jsonb('before').$type<{ duplicate: unknown; survivor: unknown }>().notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('business_merges_survivor_idx').on(t.survivorId)],
);

export const followUps = pgTable(
  'follow_ups',
  {
    ...syncColumns(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id),
    visitId: uuid('visit_id').references(() => visits.id),
    what: text('what').notNull(),
    who: text('who').notNull(),
    dueOn: text('due_on'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    assignee: text('assignee').notNull().default('coach'),
    correction: jsonb('correction').$type<{ field: string; value: string; reason: string }>(),
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    index('follow_ups_org_version_idx').on(t.organisationId, t.version),
    index('follow_ups_business_idx').on(t.businessId),
  ],
);

export const checklistStates = pgTable(
  'checklist_states',
  {
    ...syncColumns(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    kind: text('kind').notNull(),
    templateVersion: integer('template_version').notNull(),
    items: jsonb('items')
      .$type<Record<string, { done: boolean; evidence: unknown; note: string | null }>>()
      .notNull(),
  },
  (t) => [
    index('checklist_states_org_version_idx').on(t.organisationId, t.version),
    index('checklist_states_business_idx').on(t.businessId, t.kind),
  ],
);

export const photos = pgTable(
  'photos',
  {
    ...syncColumns(),
    sha256: text('sha256').notNull(),
    mimeType: text('mime_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    kind: text('kind').notNull(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id),
    visitId: uuid('visit_id').references(() => visits.id),
    caption: text('caption'),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('photos_org_version_idx').on(t.organisationId, t.version),
    index('photos_business_idx').on(t.businessId),
    index('photos_sha256_idx').on(t.sha256),
  ],
);

/** Content-addressed photo bytes; the hash is verified on upload. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  mimeType: text('mime_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  createdAt: createdAt(),
});

/** Losing values of long texts from merges: kept and shown, never dropped (sync.md). */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    tableName: text('table_name').notNull(),
    rowId: uuid('row_id').notNull(),
    field: text('field').notNull(),
    losingValue: jsonb('losing_value'),
    losingClock: text('losing_clock').notNull(),
    losingUserId: uuid('losing_user_id'),
    /** The business the row belongs to: who may read the conflict is who may read the business. */
    businessId: uuid('business_id'),
    /** Pulled in version order with the rows (sync.md: shown to the coach and the coordinator). */
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('sync_conflicts_row_idx').on(t.tableName, t.rowId),
    index('sync_conflicts_org_version_idx').on(t.organisationId, t.version),
  ],
);

/** Records rejected mutations so the coach sees the reason (sync.md: never block the outbox). */
export const syncRejections = pgTable(
  'sync_rejections',
  {
    clientId: uuid('client_id').notNull(),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
);

// ---- the coordinator's dashboard (issue 5) ----

/**
 * How far the dashboard's per-business tables below have caught up: every write of the organisation
 * up to `version` is in them. A dashboard read first brings them up to date by recomputing only the
 * businesses written since (dashboard/dashboard-facts.ts), so it never re-reads the whole city.
 */
export const dashboardState = pgTable('dashboard_state', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /** The checklist templates the item masks below were built against; another means rebuild. */
  signature: text('signature').notNull().default(''),
});

/** One row per live business: what its visits say about coverage and movement (dashboard.ts). */
export const dashboardBusinessFacts = pgTable(
  'dashboard_business_facts',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull(),
    name: text('name').notNull(),
    districtCode: text('district_code').notNull(),
    status: text('status').notNull(),
    hasCoach: boolean('has_coach').notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }),
    /** The first of the business's last three counted visits: where its movement window starts. */
    since: timestamp('since', { withTimezone: true }),
    naik: boolean('naik').notNull(),
    flat: boolean('flat').notNull(),
  },
  (t) => [index('dashboard_business_facts_org_idx').on(t.organisationId, t.districtCode)],
);

/**
 * For open businesses, each counted visit's checklist as ticked, with the next visit that has the
 * same checklist: the state holds from `visited_at` until `next_at`. `done_mask` has bit i set when
 * item i of the current template is ticked.
 */
export const dashboardChecklistSpans = pgTable(
  'dashboard_checklist_spans',
  {
    visitId: uuid('visit_id').notNull(),
    kind: text('kind').notNull(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull(),
    districtCode: text('district_code').notNull(),
    isFood: boolean('is_food').notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    nextAt: timestamp('next_at', { withTimezone: true }),
    doneMask: bigint('done_mask', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.kind] }),
    index('dashboard_checklist_spans_org_idx').on(t.organisationId, t.kind, t.visitedAt),
    index('dashboard_checklist_spans_business_idx').on(t.businessId),
  ],
);
