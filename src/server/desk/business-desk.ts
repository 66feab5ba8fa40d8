/**
 * The coordinator's businesses (issue 5): the city-wide list with its filters, each coach's
 * caseload, assigning businesses to coaches (one, a selection, or everything a filter matches) and
 * setting a business's coaching status.
 *
 * Changes are written the way sync writes, like a review decision: one new organisation version
 * under the lock every push takes, and for each changed field a clock after every stored clock of
 * that field, so phones pull the change and their merge keeps it. A reassignment also goes through
 * onAssignmentChanged: the new coach's phone receives the business's history, the previous
 * coach's phone is told to remove it.
 */
import { and, asc, count, eq, gt, ilike, inArray, isNull, max, ne, or, sql, type SQL } from 'drizzle-orm';
import { coachingStatusSchema, type CoachingStatus } from '@/shared/domain/business';
import type { AssignmentRequest, Caseload, DeskBusinessPage, StatusChange } from '@/shared/domain/assignment';
import {
  UNASSIGNED_COACH,
  type BusinessFilter,
  type BusinessListQuery,
} from '@/shared/domain/business-filter';
import { clockOf } from '@/shared/sync/clocks';
import { clockAfterAll } from '@/shared/sync/hlc';
import { audit } from '../audit';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import { refusableTransaction } from '../db/refusable-transaction';
import { businesses, users, visits } from '../db/schema';
import { takeNextVersion } from '../sync/next-version';
import { onAssignmentsChanged } from '../sync/scope-changes';
import { businessToWire } from '../sync/wire';
import type { Business } from '@/shared/domain/business';

/** `%` and `_` typed by a person are letters, not wildcards. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The filter as SQL conditions on `businesses`, always within the organisation and without tombstones. */
export function businessFilterConditions(organisationId: string, filter: BusinessFilter): SQL[] {
  const conditions: SQL[] = [eq(businesses.organisationId, organisationId), isNull(businesses.deletedAt)];
  if (filter.districtCode) conditions.push(eq(businesses.districtCode, filter.districtCode));
  if (filter.villageCode) conditions.push(eq(businesses.villageCode, filter.villageCode));
  if (filter.status) conditions.push(eq(businesses.status, filter.status));
  if (filter.coachId === UNASSIGNED_COACH) conditions.push(isNull(businesses.assignedCoachId));
  else if (filter.coachId) conditions.push(eq(businesses.assignedCoachId, filter.coachId));
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean)) {
    const pattern = likePattern(word);
    const matches = [
      ilike(businesses.name, pattern),
      ilike(businesses.brand, pattern),
      ilike(businesses.ownerName, pattern),
      ilike(businesses.phone, pattern),
    ];
    // Phones are stored as +62…; people type them as 08….
    if (/^0\d+$/.test(word)) matches.push(ilike(businesses.phone, likePattern(`+62${word.slice(1)}`)));
    conditions.push(or(...matches) as SQL);
  }
  return conditions;
}

/** A page of businesses in name order, with each one's coach, last visit and number of visits. */
export async function listBusinesses(
  db: Db,
  user: AuthenticatedUser,
  query: BusinessListQuery,
): Promise<DeskBusinessPage | null> {
  const { limit, after, ...filter } = query;
  const conditions = businessFilterConditions(user.organisationId, filter);
  // The first page counts the matches in the same pass (a search reads every name once, not twice).
  const [total] = after
    ? await db
        .select({ n: count() })
        .from(businesses)
        .where(and(...conditions))
    : [null];
  const pageConditions = [...conditions];
  if (after) {
    const [last] = await db
      .select({ name: businesses.name })
      .from(businesses)
      .where(and(eq(businesses.id, after), eq(businesses.organisationId, user.organisationId)))
      .limit(1);
    if (!last) return null;
    pageConditions.push(
      or(
        gt(businesses.name, last.name),
        and(eq(businesses.name, last.name), gt(businesses.id, after)),
      ) as SQL,
    );
  }
  const rows = await db
    .select({
      id: businesses.id,
      name: businesses.name,
      ownerName: businesses.ownerName,
      sector: businesses.sector,
      districtCode: businesses.districtCode,
      villageCode: businesses.villageCode,
      status: businesses.status,
      coachId: businesses.assignedCoachId,
      coachName: users.name,
      nib: sql<string | null>`${businesses.licences} ->> 'nib'`,
      updatedAt: businesses.updatedAt,
      matching: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(businesses)
    .leftJoin(users, eq(users.id, businesses.assignedCoachId))
    .where(and(...pageConditions))
    .orderBy(asc(businesses.name), asc(businesses.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((row) => row.id);
  const visitFacts =
    ids.length === 0
      ? []
      : await db
          .select({ businessId: visits.businessId, last: max(visits.visitedAt), n: count() })
          .from(visits)
          .where(
            and(inArray(visits.businessId, ids), isNull(visits.deletedAt), ne(visits.reviewState, 'draft')),
          )
          .groupBy(visits.businessId);
  const factsOf = new Map(visitFacts.map((fact) => [fact.businessId, fact]));
  return {
    businesses: page.map((row) => {
      const facts = factsOf.get(row.id);
      return {
        id: row.id,
        name: row.name,
        ownerName: row.ownerName,
        sector: row.sector,
        districtCode: row.districtCode,
        villageCode: row.villageCode,
        status: coachingStatusSchema.catch('baru').parse(row.status),
        coach: row.coachId ? { id: row.coachId, name: row.coachName ?? '' } : null,
        nib: row.nib,
        lastVisitAt: facts?.last ? new Date(facts.last).toISOString() : null,
        visitCount: facts?.n ?? 0,
        updatedAt: row.updatedAt.toISOString(),
      };
    }),
    total: total ? total.n : (rows[0]?.matching ?? 0),
    next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

const emptyByStatus = (): Record<CoachingStatus, number> =>
  Object.fromEntries(coachingStatusSchema.options.map((status) => [status, 0])) as Record<
    CoachingStatus,
    number
  >;

/**
 * Every coach of the organisation (active or not) with what they hold, and one line for the
 * businesses no coach holds (`coachId: null`).
 */
export async function caseloads(db: Db, user: AuthenticatedUser, now: Date): Promise<Caseload[]> {
  const organisationId = user.organisationId;
  const coaches = await db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'coach')))
    .orderBy(asc(users.name));
  const held = await db
    .select({ coachId: businesses.assignedCoachId, status: businesses.status, n: count() })
    .from(businesses)
    .where(and(eq(businesses.organisationId, organisationId), isNull(businesses.deletedAt)))
    .groupBy(businesses.assignedCoachId, businesses.status);
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const visited = await db
    .select({
      coachId: businesses.assignedCoachId,
      n: sql<number>`count(distinct ${businesses.id})`.mapWith(Number),
    })
    .from(visits)
    .innerJoin(businesses, eq(businesses.id, visits.businessId))
    .where(
      and(
        eq(visits.organisationId, organisationId),
        sql`${visits.visitedAt} >= ${since.toISOString()}`,
        isNull(visits.deletedAt),
        ne(visits.reviewState, 'draft'),
        isNull(businesses.deletedAt),
      ),
    )
    .groupBy(businesses.assignedCoachId);
  const lines = new Map<string | null, Caseload>();
  const lineOf = (coachId: string | null, name: string | null, active: boolean) => {
    let line = lines.get(coachId);
    if (!line) {
      line = { coachId, name, active, businesses: 0, byStatus: emptyByStatus(), visitedLast30Days: 0 };
      lines.set(coachId, line);
    }
    return line;
  };
  for (const coach of coaches) lineOf(coach.id, coach.name, coach.active);
  for (const row of held) {
    const line = lineOf(row.coachId, null, row.coachId !== null);
    line.businesses += row.n;
    const status = coachingStatusSchema.safeParse(row.status);
    if (status.success) line.byStatus[status.data] += row.n;
  }
  for (const row of visited) lineOf(row.coachId, null, row.coachId !== null).visitedLast30Days = row.n;
  const unassigned = lines.get(null);
  lines.delete(null);
  return [...lines.values(), ...(unassigned ? [unassigned] : [lineOf(null, null, true)])];
}

/** A clock after every stored clock of `field` in `rows`: one write that wins on every phone. */
function fieldClockAfter(
  rows: ReadonlyArray<{ clocks: Record<string, string> }>,
  field: string,
  node: string,
  now: Date,
) {
  return clockAfterAll(
    rows.map((row) => clockOf(row.clocks, field)),
    node,
    now.getTime(),
  );
}

export type AssignOutcome =
  | { ok: true; changed: number; unchanged: number }
  | { ok: false; reason: 'coach' }
  | { ok: false; reason: 'missing'; missing: string[] };

export async function assignBusinesses(
  db: Db,
  user: AuthenticatedUser,
  request: AssignmentRequest,
  now: Date,
): Promise<AssignOutcome> {
  const organisationId = user.organisationId;
  // The version is taken first, as the lock; every refusal below rolls it back (no gap).
  return refusableTransaction<AssignOutcome>(db, async (tx, refuse) => {
    const version = await takeNextVersion(tx, organisationId);
    if (version === null) return refuse({ ok: false, reason: 'coach' });
    if (request.coachId) {
      const [coach] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.id, request.coachId),
            eq(users.organisationId, organisationId),
            eq(users.role, 'coach'),
            eq(users.active, true),
          ),
        )
        .limit(1);
      if (!coach) return refuse({ ok: false, reason: 'coach' });
    }
    const { target } = request;
    const conditions =
      target.kind === 'selection'
        ? [
            eq(businesses.organisationId, organisationId),
            isNull(businesses.deletedAt),
            inArray(businesses.id, [...new Set(target.businessIds)]),
          ]
        : businessFilterConditions(organisationId, target.filter);
    const rows = await tx
      .select({ id: businesses.id, assignedCoachId: businesses.assignedCoachId, clocks: businesses.clocks })
      .from(businesses)
      .where(and(...conditions))
      .for('update');
    if (target.kind === 'selection') {
      const found = new Set(rows.map((row) => row.id));
      const missing = [...new Set(target.businessIds)].filter((id) => !found.has(id));
      if (missing.length > 0) return refuse({ ok: false, reason: 'missing', missing });
    }
    const changing = rows.filter((row) => row.assignedCoachId !== request.coachId);
    if (changing.length > 0) {
      const clock = fieldClockAfter(changing, 'assignedCoachId', user.id, now);
      const ids = changing.map((row) => row.id);
      for (let start = 0; start < ids.length; start += 1_000) {
        await tx
          .update(businesses)
          .set({
            assignedCoachId: request.coachId,
            clocks: sql`${businesses.clocks} || jsonb_build_object('assignedCoachId', ${clock}::text)`,
            version,
            updatedAt: now,
          })
          .where(inArray(businesses.id, ids.slice(start, start + 1_000)));
      }
      await onAssignmentsChanged(
        tx,
        organisationId,
        changing.map((row) => ({ businessId: row.id, previousCoachId: row.assignedCoachId })),
        version,
      );
    }
    await audit(tx, {
      organisationId,
      userId: user.id,
      action: 'business.assign',
      entity: 'business',
      detail: {
        coachId: request.coachId,
        target: target.kind === 'filter' ? { kind: 'filter', filter: target.filter } : { kind: 'selection' },
        changed: changing.map((row) => ({ id: row.id, from: row.assignedCoachId })),
      },
    });
    return { ok: true, changed: changing.length, unchanged: rows.length - changing.length } as const;
  });
}

export type StatusOutcome =
  | { ok: true; business: Business }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'stale'; business: Business };

export async function changeStatus(
  db: Db,
  user: AuthenticatedUser,
  businessId: string,
  change: StatusChange,
  now: Date,
): Promise<StatusOutcome> {
  // The version is taken first, as the lock; a refusal, or a status that is already set, rolls it
  // back (no gap).
  return refusableTransaction<StatusOutcome>(db, async (tx, refuse) => {
    const version = await takeNextVersion(tx, user.organisationId);
    const [row] = await tx
      .select()
      .from(businesses)
      .where(
        and(
          eq(businesses.id, businessId),
          eq(businesses.organisationId, user.organisationId),
          isNull(businesses.deletedAt),
        ),
      )
      .limit(1)
      .for('update');
    if (version === null || !row) return refuse({ ok: false, reason: 'notFound' });
    if (row.updatedAt.getTime() !== Date.parse(change.expectedUpdatedAt)) {
      return refuse({ ok: false, reason: 'stale', business: businessToWire(row, user) });
    }
    if (row.status === change.status) return refuse({ ok: true, business: businessToWire(row, user) });
    const clock = fieldClockAfter([row], 'status', user.id, now);
    const [updated] = await tx
      .update(businesses)
      .set({
        status: change.status,
        clocks: sql`${businesses.clocks} || jsonb_build_object('status', ${clock}::text)`,
        version,
        updatedAt: now,
      })
      .where(eq(businesses.id, businessId))
      .returning();
    await audit(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      action: 'business.status',
      entity: 'business',
      entityId: businessId,
      detail: { from: row.status, to: change.status },
    });
    return { ok: true, business: businessToWire(updated ?? row, user) } as const;
  });
}
