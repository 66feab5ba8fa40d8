/**
 * The push half of sync (../shared/docs/sync.md, "The exchange"): a device's numbered mutations
 * applied at most once each, inside the caller's transaction.
 *
 * Why it is shaped this way:
 * - The organisation's version is taken first (`UPDATE sync_state … RETURNING`): the row lock
 *   serialises a city's pushes, so version order is commit order and a pull by `version > cursor`
 *   never skips a row that committed late. A request that pushes nothing takes no version.
 * - `sync_clients.last_mutation_id` is read FOR UPDATE: two requests from one device (a retry racing
 *   its original) apply one after the other, and the second skips what the first applied.
 * - A gap (the first new mutation is not last + 1, or the batch skips a number) refuses the whole
 *   request with the last applied id, so the phone resends from there: nothing applies out of order.
 * - One bad mutation never blocks the outbox: it is recorded in `sync_rejections` with its reason,
 *   still advances `last_mutation_id`, and every later answer about that id repeats the reason, so a
 *   response lost after commit does not lose the reason either. Each mutation runs in a savepoint, so
 *   a database refusal (a foreign key, a check) rejects that mutation alone.
 * - Fields merge one by one with the shared rule (shared/sync/merge.ts). A clock more than 60 s ahead
 *   of the server is pulled back to the server's time first, so a phone with a wrong date cannot win
 *   every later edit. A losing text value, from either side, is kept in `sync_conflicts`.
 * - What a role may write is decided here, per table and per field, before anything is written.
 * - Reassigning a business re-versions the rows under it, so the coach who gains it pulls them.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ZodType } from 'zod';
import { businessFieldsSchema, businessSchema } from '@/shared/domain/business';
import { checklistStateFieldsSchema, checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpFieldsSchema, followUpSchema } from '@/shared/domain/follow-up';
import { photoFieldsSchema, photoSchema } from '@/shared/domain/photo';
import { visitFieldsSchema, visitSchema } from '@/shared/domain/visit';
import { clockAfter, formatHlc, HLC_PATTERN, parseHlc } from '@/shared/sync/hlc';
import type { ReviewState } from '@/shared/domain/visit';
import { recordReviewEvent } from '../review/visit-review';
import { compactClocks, expandClocks } from '@/shared/sync/clocks';
import { isConflictText } from '@/shared/sync/conflict';
import { mergeRow, type Clocked } from '@/shared/sync/merge';
import { mutationSchema, SYNCED_TABLES, type Mutation, type SyncedTable } from '@/shared/sync/protocol';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import {
  businessMerges,
  businesses,
  checklistStates,
  followUps,
  photos,
  syncClients,
  syncConflicts,
  syncRejections,
  syncRevocations,
  visits,
} from '../db/schema';
import { takeNextVersion } from './next-version';
import { onAssignmentChanged } from './scope-changes';
import { businessToWire, checklistStateToWire, followUpToWire, photoToWire, visitToWireFor } from './wire';

/** Mutations one request may carry. */
export const MAX_MUTATIONS_PER_PUSH = 200;
/** How far ahead of the server a device's clock may run before it is pulled back. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** Why a mutation was not applied; the phone shows the message for the code. */
export const REJECTION_REASONS = [
  'invalid',
  'unknownTable',
  'unknownField',
  'forbiddenField',
  'forbidden',
  'notFound',
  'locked',
  'badReference',
  'moved',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
export type Rejection = { mutationId: number; reason: RejectionReason; detail: string | null };

/** The envelope is checked loosely (each mutation is judged on its own): a number is all it must have. */
export type RawMutation = { mutationId: number } & Record<string, unknown>;

/** The device's mutations do not follow on from what the server applied: resend from `lastMutationId + 1`. */
export class SyncGapError extends Error {
  constructor(readonly lastMutationId: number) {
    super(`Mutation gap: the server has applied up to ${lastMutationId}`);
    this.name = 'SyncGapError';
  }
}

/** The client id is registered to another user (a phone changed hands without resetting its id). */
export class ClientOwnerError extends Error {
  constructor() {
    super('This client id belongs to another user');
    this.name = 'ClientOwnerError';
  }
}

class Rejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string | null = null,
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
  }
}

type Wire = Clocked & { id: string; organisationId: string } & Record<string, unknown>;

type TableSpec = {
  table: PgTable;
  id: PgColumn;
  organisationId: PgColumn;
  /** The whole entity as the phone stores it. */
  schema: ZodType;
  /** Fields a mutation may carry (besides `deletedAt`). */
  fields: ReadonlySet<string>;
  /** Columns stored as timestamps (ISO strings on the wire). */
  timestamps: readonly string[];
  toWire: (row: never, user: AuthenticatedUser) => Wire;
};

const META_TIMESTAMPS = ['createdAt', 'updatedAt', 'deletedAt'];
const keys = (schema: { shape: object }) => new Set(Object.keys(schema.shape));

const SPECS: Record<SyncedTable, TableSpec> = {
  businesses: {
    table: businesses,
    id: businesses.id,
    organisationId: businesses.organisationId,
    schema: businessSchema,
    fields: new Set([...keys(businessFieldsSchema), 'createdBy', 'ownerInvite']),
    timestamps: META_TIMESTAMPS,
    toWire: businessToWire as TableSpec['toWire'],
  },
  visits: {
    table: visits,
    id: visits.id,
    organisationId: visits.organisationId,
    schema: visitSchema,
    fields: keys(visitFieldsSchema),
    timestamps: [...META_TIMESTAMPS, 'visitedAt'],
    toWire: visitToWireFor as TableSpec['toWire'],
  },
  followUps: {
    table: followUps,
    id: followUps.id,
    organisationId: followUps.organisationId,
    schema: followUpSchema,
    fields: keys(followUpFieldsSchema),
    timestamps: [...META_TIMESTAMPS, 'doneAt'],
    toWire: followUpToWire as TableSpec['toWire'],
  },
  checklistStates: {
    table: checklistStates,
    id: checklistStates.id,
    organisationId: checklistStates.organisationId,
    schema: checklistStateSchema,
    fields: keys(checklistStateFieldsSchema),
    timestamps: META_TIMESTAMPS,
    toWire: checklistStateToWire as TableSpec['toWire'],
  },
  photos: {
    table: photos,
    id: photos.id,
    organisationId: photos.organisationId,
    schema: photoSchema,
    fields: keys(photoFieldsSchema),
    timestamps: [...META_TIMESTAMPS, 'takenAt'],
    toWire: photoToWire as TableSpec['toWire'],
  },
};

/** Fields that never change once a row exists (who it belongs to). */
const FIXED_FIELDS: Record<SyncedTable, readonly string[]> = {
  businesses: ['createdBy'],
  visits: ['businessId', 'coachId'],
  followUps: ['businessId', 'visitId'],
  checklistStates: ['businessId', 'visitId', 'kind'],
  photos: ['businessId', 'visitId', 'sha256', 'mimeType', 'byteSize', 'width', 'height'],
};

/** Fields only a coordinator writes. */
const COORDINATOR_FIELDS: Partial<Record<SyncedTable, readonly string[]>> = {
  businesses: ['assignedCoachId'],
  visits: ['reviewComment'],
};

/**
 * The rows this request has read, by `table:id` (null: no such row), filled for the whole batch up
 * front (prefetch). A visit's follow-ups and checklists each ask for the same business and visit,
 * and a profile edit reads its business twice: one point query per lookup was most of a push's
 * time on the embedded database (about 0.6 ms each). Safe to reuse within the request: only
 * pushes write synced rows, and a push holds its organisation's sync_state row lock until it
 * commits, so no other write can change them meanwhile. A row this request writes is dropped from
 * here (and read again if asked for), so a rolled-back savepoint leaves nothing stale.
 */
type RowCache = Map<string, Wire | null>;

type Context = {
  tx: Db;
  user: AuthenticatedUser;
  version: number;
  now: Date;
  rows: RowCache;
  /** The version the phone had pulled up to when it sent this push (what it knew). */
  cursorVersion: number;
  /** The pushing device; the node of every clock it issues. */
  clientId: string;
  /** Merged duplicates this request has looked up: duplicate id → kept business id (null: not merged). */
  merges?: Map<string, string | null>;
};

function toDbValues(spec: TableSpec, row: Record<string, unknown>, version: number): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ...row,
    clocks: compactClocks(expandClocks(row as { clocks: Record<string, string> }).clocks),
    version,
  };
  for (const field of spec.timestamps) {
    const value = values[field];
    if (typeof value === 'string') values[field] = new Date(value);
  }
  return values;
}

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(row)'}: ${issue.message}` : 'invalid';
}

/** A clock from the device, pulled back to the server's time when it runs more than 60 s ahead. */
function clampClock(clock: string, now: number): string {
  const parsed = parseHlc(clock);
  return parsed.millis > now + MAX_CLOCK_SKEW_MS ? formatHlc({ ...parsed, millis: now }) : clock;
}

async function loadWire(context: Context, table: SyncedTable, id: string): Promise<Wire | null> {
  const key = `${table}:${id}`;
  let wire = context.rows.get(key);
  if (wire === undefined) {
    const spec = SPECS[table];
    const [row] = await context.tx.select().from(spec.table).where(eq(spec.id, id)).limit(1);
    wire = row ? spec.toWire(row as never, context.user) : null;
    context.rows.set(key, wire);
  }
  if (wire && wire.organisationId !== context.user.organisationId) {
    throw new Rejected('forbidden'); // says nothing of other cities' rows
  }
  return wire;
}

/** What PostgreSQL's uuid type accepts without error (a bad id in a list query would abort the push). */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads into the request's cache, one query per table, every row the batch will ask for: each
 * mutation's own row and the business and visit it names, then the business and visit the loaded
 * rows hang off (a follow-up ticked done names neither). Ids that are not uuids are left for
 * loadWire, whose own query fails inside the mutation's savepoint as before.
 */
async function prefetch(context: Context, mutations: readonly RawMutation[]): Promise<void> {
  const wanted = new Map<SyncedTable, Set<string>>();
  const want = (table: SyncedTable, id: unknown) => {
    if (typeof id !== 'string' || !UUID_PATTERN.test(id) || context.rows.has(`${table}:${id}`)) return;
    const ids = wanted.get(table) ?? new Set<string>();
    wanted.set(table, ids.add(id));
  };
  const load = async () => {
    for (const [table, ids] of wanted) {
      const spec = SPECS[table];
      const rows = await context.tx
        .select()
        .from(spec.table)
        .where(inArray(spec.id, [...ids]));
      for (const id of ids) context.rows.set(`${table}:${id}`, null);
      for (const row of rows) {
        context.rows.set(`${table}:${(row as { id: string }).id}`, spec.toWire(row as never, context.user));
      }
    }
    wanted.clear();
  };
  for (const mutation of mutations) {
    if (!(SYNCED_TABLES as readonly string[]).includes(mutation.table as string)) continue;
    want(mutation.table as SyncedTable, mutation.rowId);
    const fields: unknown = mutation.fields;
    if (typeof fields === 'object' && fields !== null) {
      want('businesses', (fields as Record<string, unknown>).businessId);
      want('visits', (fields as Record<string, unknown>).visitId);
    }
  }
  await load();
  for (const wire of [...context.rows.values()]) {
    want('businesses', wire?.businessId);
    want('visits', wire?.visitId);
  }
  await load();

  // Which of the businesses the batch names were merged away (followMerges): one query, not one
  // per mutation.
  const named = new Set<string>();
  for (const mutation of mutations) {
    const fields: unknown = mutation.fields;
    const id =
      mutation.table === 'businesses'
        ? mutation.rowId
        : typeof fields === 'object' && fields !== null
          ? (fields as Record<string, unknown>).businessId
          : undefined;
    if (typeof id === 'string' && UUID_PATTERN.test(id)) named.add(id);
  }
  if (named.size === 0) return;
  const merges = (context.merges ??= new Map());
  for (const id of named) merges.set(id, null);
  const merged = await context.tx
    .select({ duplicateId: businessMerges.duplicateId, survivorId: businessMerges.survivorId })
    .from(businessMerges)
    .where(
      and(
        eq(businessMerges.organisationId, context.user.organisationId),
        inArray(businessMerges.duplicateId, [...named]),
      ),
    );
  for (const row of merged) merges.set(row.duplicateId, row.survivorId);
}

/**
 * How a coach stands to a business: in their scope now, moved away from them (with the version of
 * the move), or never theirs.
 */
async function coachAccess(
  context: Context,
  business: Wire,
): Promise<{ kind: 'current' } | { kind: 'former'; movedAt: number } | { kind: 'none' }> {
  const { user } = context;
  if (user.role !== 'coach' || business.assignedCoachId === user.id || business.createdBy === user.id) {
    return { kind: 'current' };
  }
  // Moved away from them, or held by them as a duplicate that was merged into this one.
  const [moved] = await context.tx
    .select({ version: sql<number>`max(${syncRevocations.version})`.mapWith(Number) })
    .from(syncRevocations)
    .where(
      and(
        eq(syncRevocations.userId, user.id),
        or(
          eq(syncRevocations.businessId, business.id as string),
          inArray(
            syncRevocations.businessId,
            context.tx
              .select({ id: businessMerges.duplicateId })
              .from(businessMerges)
              .where(eq(businessMerges.survivorId, business.id as string)),
          ),
        ),
      ),
    );
  return moved?.version ? { kind: 'former', movedAt: moved.version } : { kind: 'none' };
}

/**
 * A business moved to another coach while this coach's phone was offline. What the phone wrote
 * before it learned of the move (its cursor is older than the move) still applies, and so does the
 * coach's own visit record at any time: a visit that happened is never lost. Anything else is
 * refused with a reason the coach can read.
 */
function allowFormerCoach(
  context: Context,
  access: { kind: 'former'; movedAt: number },
  ownVisit: boolean,
): void {
  if (ownVisit || context.cursorVersion < access.movedAt) return;
  throw new Rejected('moved', 'business moved to another coach');
}

/** The business a row hangs off, which must exist in the caller's organisation. */
async function requireBusiness(context: Context, businessId: unknown): Promise<Wire> {
  if (typeof businessId !== 'string') throw new Rejected('badReference', 'businessId');
  const business = await loadWire(context, 'businesses', businessId).catch((error: unknown) => {
    throw error instanceof Rejected ? new Rejected('badReference', 'businessId') : error;
  });
  if (!business) throw new Rejected('badReference', 'businessId');
  return business;
}

/**
 * What an owner may write (issue 6), and nothing else: tick one of their own action-plan items
 * (a follow-up of their business with `assignee: 'owner'`) done or not done, and raise a
 * correction request (a new follow-up for the coach carrying `correction`).
 */
async function authorizeOwner(
  context: Context,
  table: SyncedTable,
  existing: Wire | null,
  fields: Record<string, unknown>,
  deleting: boolean,
): Promise<void> {
  const own = context.user.businessId;
  if (table !== 'followUps' || deleting || !own) throw new Rejected('forbidden', 'owners only tick and ask');
  if (existing) {
    if (existing.businessId !== own) throw new Rejected('forbidden', 'another business');
    if (existing.assignee !== 'owner') throw new Rejected('forbidden', 'not assigned to the owner');
    for (const field of Object.keys(fields)) {
      if (field !== 'doneAt') throw new Rejected('forbiddenField', field);
    }
    return;
  }
  if (fields.businessId !== own) throw new Rejected('forbidden', 'another business');
  const correction = fields.correction;
  if (correction === null || correction === undefined) throw new Rejected('forbiddenField', 'correction');
  const mustBe: Record<string, unknown> = {
    assignee: 'coach',
    visitId: null,
    doneAt: null,
    resolution: null,
    resolutionNote: null,
  };
  for (const [field, value] of Object.entries(mustBe)) {
    if (field in fields && (fields[field] ?? null) !== value) throw new Rejected('forbiddenField', field);
  }
}

/** Fields of a follow-up that only its own side writes: the owner's request, the coach's answer. */
function authorizeCorrectionFields(existing: Wire | null, fields: Record<string, unknown>): void {
  if ('correction' in fields) {
    const unchanged =
      JSON.stringify(fields.correction ?? null) === JSON.stringify(existing?.correction ?? null);
    if (!unchanged) throw new Rejected('forbiddenField', 'correction');
  }
  const answering = 'resolution' in fields || 'resolutionNote' in fields;
  if (answering && (fields.resolution ?? null) !== null && !existing?.correction) {
    throw new Rejected('forbiddenField', 'resolution');
  }
}

/** An invite written from a phone: made by the writer, never already used (the server marks that). */
function authorizeInvite(context: Context, fields: Record<string, unknown>): void {
  if (!('ownerInvite' in fields)) return;
  const invite = fields.ownerInvite as { createdBy?: unknown; usedAt?: unknown } | null;
  if (invite === null) return;
  if (
    typeof invite !== 'object' ||
    invite.createdBy !== context.user.id ||
    (invite.usedAt ?? null) !== null
  ) {
    throw new Rejected('forbiddenField', 'ownerInvite');
  }
}

/** What the caller may do to this row; throws a rejection otherwise. */
async function authorize(
  context: Context,
  table: SyncedTable,
  existing: Wire | null,
  fields: Record<string, unknown>,
): Promise<void> {
  const { user } = context;
  if (table === 'followUps') authorizeCorrectionFields(existing, fields);
  if (table === 'businesses') authorizeInvite(context, fields);
  if (existing) {
    for (const field of FIXED_FIELDS[table]) {
      if (field in fields && JSON.stringify(fields[field]) !== JSON.stringify(existing[field])) {
        throw new Rejected('forbiddenField', field);
      }
    }
  }
  if (user.role === 'coach') {
    for (const field of COORDINATOR_FIELDS[table] ?? []) {
      if (!(field in fields)) continue;
      // A coach may take a business they create (assignedCoachId = themselves); nothing else.
      const creatingOwn = table === 'businesses' && !existing && fields[field] === user.id;
      const unchanged = existing && JSON.stringify(fields[field]) === JSON.stringify(existing[field]);
      if (!creatingOwn && !unchanged && !(fields[field] === null && !existing)) {
        throw new Rejected('forbiddenField', field);
      }
    }
  }
  const row = { ...existing, ...fields };
  if (table === 'businesses') {
    if (!existing) {
      if (user.role === 'coach' && row.createdBy !== user.id)
        throw new Rejected('forbiddenField', 'createdBy');
      return;
    }
    const access = await coachAccess(context, existing);
    if (access.kind === 'none') throw new Rejected('forbidden', 'business not assigned to you');
    if (access.kind === 'former') allowFormerCoach(context, access, false);
    return;
  }
  const business = await requireBusiness(context, row.businessId);
  const access = await coachAccess(context, business);
  if (access.kind === 'none') throw new Rejected('forbidden', 'business not assigned to you');
  if (access.kind === 'former') {
    let ownVisit = table === 'visits' && row.coachId === user.id;
    if (!ownVisit && typeof row.visitId === 'string') {
      const visit = await loadWire(context, 'visits', row.visitId).catch(() => null);
      ownVisit = visit?.coachId === user.id && visit.businessId === business.id;
    }
    allowFormerCoach(context, access, ownVisit);
  }
  if (table === 'visits') {
    if (user.role === 'coach') {
      if (row.coachId !== user.id) throw new Rejected('forbidden', 'another coach’s visit');
      const state = fields.reviewState;
      if (state !== undefined && state !== 'draft' && state !== 'submitted') {
        throw new Rejected('forbiddenField', 'reviewState');
      }
    }
    if (existing?.reviewState === 'approved' && user.role === 'coach')
      throw new Rejected('locked', 'approved');
    return;
  }
  const visitId = row.visitId;
  if (visitId !== null && visitId !== undefined) {
    const visit = typeof visitId === 'string' ? await loadWire(context, 'visits', visitId) : null;
    if (!visit || visit.businessId !== business.id) throw new Rejected('badReference', 'visitId');
  }
}

/** The business a merged duplicate became (business_merges), or null when `id` was never merged. */
async function survivorOf(context: Context, id: string): Promise<string | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const merges = (context.merges ??= new Map());
  let survivor = merges.get(id);
  if (survivor === undefined) {
    const [row] = await context.tx
      .select({ survivorId: businessMerges.survivorId })
      .from(businessMerges)
      .where(
        and(
          eq(businessMerges.duplicateId, id),
          eq(businessMerges.organisationId, context.user.organisationId),
        ),
      )
      .limit(1);
    survivor = row?.survivorId ?? null;
    merges.set(id, survivor);
  }
  return survivor;
}

/**
 * A phone that was offline while a coordinator merged a duplicate still names the duplicate: its
 * writes land on the kept business instead (a visit that happened is never lost). Deleting the
 * duplicate stays a delete of the duplicate (already a tombstone), never of the kept business.
 */
async function followMerges(context: Context, mutation: Mutation): Promise<Mutation> {
  if (mutation.table === 'businesses') {
    if (mutation.op === 'delete' || (mutation.fields.deletedAt ?? null) !== null) return mutation;
    const survivor = await survivorOf(context, mutation.rowId);
    return survivor ? { ...mutation, rowId: survivor } : mutation;
  }
  const named = mutation.fields.businessId;
  if (typeof named !== 'string') return mutation;
  const survivor = await survivorOf(context, named);
  return survivor ? { ...mutation, fields: { ...mutation.fields, businessId: survivor } } : mutation;
}

/** Applies one mutation (already known to be the next one); throws Rejected when it may not apply. */
async function applyMutation(context: Context, raw: RawMutation): Promise<void> {
  if (typeof raw.table === 'string' && !(SYNCED_TABLES as readonly string[]).includes(raw.table)) {
    throw new Rejected('unknownTable', raw.table.slice(0, 60));
  }
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) throw new Rejected('invalid', firstIssue(parsed.error));
  const mutation: Mutation = await followMerges(context, parsed.data);
  const spec = SPECS[mutation.table];
  const now = context.now.getTime();
  const stamp = context.now.toISOString();

  for (const field of Object.keys(mutation.fields)) {
    if (field !== 'deletedAt' && !spec.fields.has(field))
      throw new Rejected('unknownField', field.slice(0, 60));
    const clock = mutation.clocks[field];
    if (clock === undefined || !HLC_PATTERN.test(clock)) throw new Rejected('invalid', `clocks.${field}`);
  }
  const loaded = await loadWire(context, mutation.table, mutation.rowId);
  const existing = loaded ? expandClocks(loaded) : null;
  if (!existing && mutation.op === 'delete') throw new Rejected('notFound', mutation.rowId);
  const seen = sawStoredValue(context, mutation, existing);
  const clocks = Object.fromEntries(
    Object.keys(mutation.fields).map((field) => {
      const clock = clampClock(mutation.clocks[field] ?? '', now);
      const stored = existing?.clocks[field] ?? '';
      // Pulling a fast clock back must not put an edit behind the value it replaced.
      return [
        field,
        seen(field) && stored !== '' && clock <= stored ? clockAfter(stored, parseHlc(clock).node) : clock,
      ];
    }),
  );
  const deleting = mutation.op === 'delete' || (mutation.fields.deletedAt ?? null) !== null;
  const deletedAt = deleting ? ((mutation.fields.deletedAt as string | undefined) ?? stamp) : null;
  const { deletedAt: _deleted, ...fields } = mutation.fields;

  if (context.user.role === 'owner')
    await authorizeOwner(context, mutation.table, existing, fields, deleting);
  else await authorize(context, mutation.table, existing, fields);

  let next: Record<string, unknown>;
  const conflicts: LosingText[] = [];
  if (!existing) {
    next = {
      ...fields,
      id: mutation.rowId,
      organisationId: context.user.organisationId,
      clocks,
      deletedAt,
      createdAt: stamp,
      updatedAt: stamp,
    };
  } else {
    const incoming = {
      ...fields,
      clocks,
      deletedAt,
      createdAt: existing.createdAt,
      updatedAt: stamp,
    } as Wire;
    const merged = mergeRow(existing, incoming);
    next = merged.row;
    // A stored text replaced by an edit made without seeing it was written concurrently: keep it.
    for (const lost of merged.lost) {
      if (
        isConflictText(mutation.table, lost.field) &&
        typeof lost.value === 'string' &&
        lost.value !== '' &&
        !seen(lost.field)
      ) {
        conflicts.push({ field: lost.field, value: lost.value, clock: lost.clock, userId: null });
      }
    }
    // The incoming side can lose too: an older edit of a text someone changed since.
    for (const [field, value] of Object.entries(fields)) {
      const clock = clocks[field] ?? '';
      if (
        isConflictText(mutation.table, field) &&
        clock < (existing.clocks[field] ?? '') &&
        typeof value === 'string' &&
        value !== '' &&
        value !== existing[field]
      ) {
        conflicts.push({ field, value, clock, userId: context.user.id });
      }
    }
    if (!merged.changed) {
      // Nothing of this edit won, but a losing text it carried is still kept.
      await keepConflicts(context, mutation, existing, conflicts);
      return;
    }
  }

  const checked = spec.schema.safeParse(next);
  if (!checked.success) throw new Rejected('invalid', firstIssue(checked.error));
  const values = toDbValues(spec, checked.data as Record<string, unknown>, context.version);
  const { tx } = context;
  context.rows.delete(`${mutation.table}:${mutation.rowId}`);
  if (existing) await tx.update(spec.table).set(values).where(eq(spec.id, mutation.rowId));
  else await tx.insert(spec.table).values(values as never);
  if (
    mutation.table === 'businesses' &&
    existing &&
    (existing.assignedCoachId ?? null) !== ((next.assignedCoachId as string | null | undefined) ?? null)
  ) {
    await onAssignmentChanged(tx, {
      organisationId: context.user.organisationId,
      businessId: mutation.rowId,
      previousCoachId: (existing.assignedCoachId as string | null | undefined) ?? null,
      version: context.version,
    });
  }
  if (mutation.table === 'visits') {
    await recordStateChange(context, existing, checked.data as Record<string, unknown>);
  }
  await keepConflicts(context, mutation, next, conflicts);
}

/** A visit's first submission and a coach's answer to a return go into the review history. */
async function recordStateChange(context: Context, existing: Wire | null, next: Record<string, unknown>) {
  const fromState = (existing?.reviewState as ReviewState | undefined) ?? null;
  const toState = next.reviewState as ReviewState;
  if (toState === fromState || toState === 'draft') return;
  const reply = typeof next.coachReply === 'string' && next.coachReply !== '' ? next.coachReply : null;
  await recordReviewEvent(context.tx, {
    organisationId: context.user.organisationId,
    visitId: next.id as string,
    fromState,
    toState,
    comment: fromState === 'returned' ? reply : null,
    byUserId: context.user.id,
    at: context.now,
  });
}

/**
 * Stamps the row a refused mutation was about with this push's version, so the pushing phone pulls
 * the server's copy back and drops its refused value (mergePulled: a field with nothing unsent takes
 * the server's value). Without it a refused edit of a row nobody else touches stays on the phone.
 * Rows the phone may not read are not sent anyway: the pull is scoped.
 */
async function resendRefusedRow(context: Context, raw: RawMutation): Promise<void> {
  const table = raw.table;
  if (typeof table !== 'string' || !(SYNCED_TABLES as readonly string[]).includes(table)) return;
  if (typeof raw.rowId !== 'string' || !UUID_PATTERN.test(raw.rowId)) return;
  const spec = SPECS[table as SyncedTable];
  await context.tx
    .update(spec.table)
    .set({ version: context.version } as never)
    .where(and(eq(spec.id, raw.rowId), eq(spec.organisationId, context.user.organisationId)));
  context.rows.delete(`${table}:${raw.rowId}`);
}

type LosingText = { field: string; value: string; clock: string; userId: string | null };

async function keepConflicts(
  context: Context,
  mutation: Mutation,
  row: Record<string, unknown>,
  conflicts: readonly LosingText[],
): Promise<void> {
  if (conflicts.length === 0) return;
  const businessId = mutation.table === 'businesses' ? mutation.rowId : (row.businessId as string);
  await context.tx.insert(syncConflicts).values(
    conflicts.map((conflict) => ({
      id: crypto.randomUUID(),
      organisationId: context.user.organisationId,
      tableName: mutation.table,
      rowId: mutation.rowId,
      field: conflict.field,
      losingValue: conflict.value,
      losingClock: conflict.clock,
      losingUserId: conflict.userId,
      businessId,
      version: context.version,
    })),
  );
}

/**
 * Whether the pushing device had the stored value of a field when it wrote its own: the stored
 * value is empty, is this device's own earlier write (its clock ends in the device id, even when
 * the server pulled that clock back), or carries exactly the clock the device based its edit on.
 * Entries from before `baseClocks` existed cannot tell, and count as not having seen it, so their
 * losing texts are kept as before.
 */
function sawStoredValue(
  context: Context,
  mutation: Mutation,
  existing: Wire | null,
): (field: string) => boolean {
  return (field) => {
    const stored = existing?.clocks[field] ?? '';
    if (stored === '') return true;
    if (parseHlc(stored).node === context.clientId) return true;
    return mutation.baseClocks !== undefined && mutation.baseClocks[field] === stored;
  };
}

export type PushResult = {
  lastMutationId: number;
  rejected: Rejection[];
  applied: number;
  /** Applied mutations of this request by table (the push's audit row, routes/sync-routes.ts). */
  appliedByTable: Partial<Record<SyncedTable, number>>;
};

/** Applies a device's mutations in `tx` (the route's transaction). */
export async function applyPush(
  tx: Db,
  user: AuthenticatedUser,
  clientId: string,
  mutations: readonly RawMutation[],
  now: Date,
  cursorVersion = 0,
): Promise<PushResult> {
  const [client] = await tx
    .select()
    .from(syncClients)
    .where(eq(syncClients.clientId, clientId))
    .for('update')
    .limit(1);
  if (client && client.userId !== user.id) throw new ClientOwnerError();
  const last = client?.lastMutationId ?? 0;
  if (!client) await tx.insert(syncClients).values({ clientId, userId: user.id, lastMutationId: 0 });

  // Duplicates inside one request (a retried batch glued to its original) count once.
  const byId = new Map<number, RawMutation>();
  for (const mutation of [...mutations].sort((a, b) => a.mutationId - b.mutationId)) {
    if (!byId.has(mutation.mutationId)) byId.set(mutation.mutationId, mutation);
  }
  const pending = [...byId.values()].filter((mutation) => mutation.mutationId > last);
  pending.forEach((mutation, index) => {
    if (mutation.mutationId !== last + 1 + index) throw new SyncGapError(last);
  });

  let applied = 0;
  const appliedByTable: PushResult['appliedByTable'] = {};
  if (pending.length > 0) {
    const version = await takeNextVersion(tx, user.organisationId);
    if (version === null) throw new Error(`No sync_state row for organisation ${user.organisationId}`);
    const context: Context = {
      tx,
      user,
      version,
      now,
      rows: new Map(),
      cursorVersion,
      clientId,
    };
    await prefetch(context, pending);
    for (const mutation of pending) {
      try {
        await tx.transaction(async (savepoint) =>
          applyMutation({ ...context, tx: savepoint as unknown as Db }, mutation),
        );
        applied += 1;
        const table = mutation.table as SyncedTable;
        appliedByTable[table] = (appliedByTable[table] ?? 0) + 1;
      } catch (error) {
        const rejection =
          error instanceof Rejected
            ? error
            : new Rejected('invalid', error instanceof Error ? error.message.slice(0, 200) : null);
        await tx.insert(syncRejections).values({
          clientId,
          mutationId: mutation.mutationId,
          reason: rejection.detail ? `${rejection.reason}|${rejection.detail}` : rejection.reason,
        });
        await resendRefusedRow(context, mutation);
      }
    }
    await tx
      .update(syncClients)
      .set({ lastMutationId: last + pending.length, lastSeenAt: now })
      .where(eq(syncClients.clientId, clientId));
  }

  const asked = [...byId.keys()];
  const rejections =
    asked.length === 0
      ? []
      : await tx
          .select()
          .from(syncRejections)
          .where(and(eq(syncRejections.clientId, clientId), inArray(syncRejections.mutationId, asked)));
  const rejected = rejections
    .map((row): Rejection => {
      const [reason = 'invalid', ...detail] = row.reason.split('|');
      return {
        mutationId: row.mutationId,
        reason: (REJECTION_REASONS as readonly string[]).includes(reason)
          ? (reason as RejectionReason)
          : 'invalid',
        detail: detail.length > 0 ? detail.join('|') : null,
      };
    })
    .sort((a, b) => a.mutationId - b.mutationId);
  return { lastMutationId: last + pending.length, rejected, applied, appliedByTable };
}
