/**
 * What the coach's Today screen (Hari ini) shows, read from the phone's database: visits planned for
 * today and overdue plans, follow-up actions overdue or due within two days, visits a coordinator
 * returned, visit drafts, and businesses not visited for a long time. Plus the one write Today makes:
 * ticking a follow-up done (through the outbox, the `doneAt` field only).
 *
 * Why the queries are shaped this way (a city can hold 22,000 businesses and 100,000 visits):
 * - Everything starts from the coach's own businesses (`assignedCoachId` index). Visits are reached
 *   only through `[businessId+visitedAt]`: one reverse step per business gives its latest live visit,
 *   and that one row answers both "is a plan open?" (its `nextVisitOn` is due and nothing came after
 *   it) and "when was it last visited?". The cost follows the coach's businesses, not the city's
 *   visits; no query walks the visits table.
 * - Measured in Chromium with 100,000 visits: reading plans from the `nextVisitOn` index instead
 *   means materialising every visit of the city planned in the window (about 5,700 rows, ~390 ms)
 *   just to keep the coach's few; the per-business step is cheaper for any realistic caseload.
 * - A plan more than LONG_UNVISITED_DAYS overdue is not listed as a plan: its business was last
 *   visited longer ago still, so it appears under "not visited for a long time" instead.
 * - Follow-ups: `[businessId+dueOn]` ranges per business, up to today + DUE_SOON_DAYS (one cursor
 *   jumping from business to business). Returned visits: `reviewState` (few rows city-wide).
 *   Drafts: `kind`.
 * - Deleted rows (tombstones) never show; a deleted visit does not count as a visit.
 *
 * Dates: `today` is the coach's local calendar date (YYYY-MM-DD). Visit times are stored as ISO
 * instants; comparing their text with a date boundary is exact to the day, which is all Today needs.
 */
import { Dexie } from 'dexie';
import type { Business } from '@/shared/domain/business';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Visit } from '@/shared/domain/visit';
import type { LocalDb } from './local-db';
import { visitsInState, visitsOfBusiness } from './visit-queries';

/** No visit in this many days puts a business on the "not visited for a long time" list. */
export const LONG_UNVISITED_DAYS = 60;
/** How many of those Today lists, longest-waiting first. */
export const LONG_UNVISITED_LIMIT = 10;
/** Follow-ups due up to this many days ahead count as "due soon". */
export const DUE_SOON_DAYS = 2;

/** The coach's local calendar date, `YYYY-MM-DD`. */
export function localIsoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** `YYYY-MM-DD` plus `days` (negative goes back); calendar arithmetic, no time zones involved. */
export function addDays(isoDate: string, days: number): string {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The business fields Today shows on a row. */
export type BusinessSummary = Pick<Business, 'id' | 'name' | 'brand' | 'villageCode' | 'districtCode'>;

function summary(business: Business): BusinessSummary {
  const { id, name, brand, villageCode, districtCode } = business;
  return { id, name, brand, villageCode, districtCode };
}

export type PlannedVisit = {
  business: BusinessSummary;
  plannedOn: string;
  /** The visit that planned it. */
  plannedAtVisit: Pick<Visit, 'id' | 'visitedAt'>;
  /** 0 for today, positive for overdue. */
  daysLate: number;
};

export type DueFollowUp = {
  followUp: FollowUp;
  business: BusinessSummary;
  /** Days from today to the due date: negative is overdue, 0 today, 1-2 soon. */
  dueInDays: number;
};

export type ReturnedVisit = { visit: Visit; business: BusinessSummary | null };

export type VisitDraft = {
  draftId: string;
  businessId: string | null;
  business: BusinessSummary | null;
  updatedAt: string;
};

export type UnvisitedBusiness = { business: BusinessSummary; lastVisitedAt: string | null };

/** The visit-planning half of Today: plans due and businesses waiting longest for a visit. */
export type VisitPlanning = {
  plannedToday: PlannedVisit[];
  overduePlans: PlannedVisit[];
  unvisited: { total: number; businesses: UnvisitedBusiness[] };
};

/** Ranges of one compound index covering `[businessId, from] … [businessId, to]` for each business. */
function perBusinessRanges(
  businessIds: readonly string[],
  from: unknown,
  to: unknown,
): [[string, unknown], [string, unknown]][] {
  return businessIds.map((id) => [
    [id, from],
    [id, to],
  ]);
}

async function coachBusinesses(db: LocalDb, coachId: string): Promise<Map<string, Business>> {
  const rows = await db.businesses.where('assignedCoachId').equals(coachId).toArray();
  return new Map(rows.filter((business) => !business.deletedAt).map((business) => [business.id, business]));
}

/**
 * Businesses whose latest visits are read in one round: each round's answers arrive in one browser
 * task, and a caseload of hundreds read at once held the main thread for ~100 ms on a mid-range
 * phone (Lighthouse's Today); rounds of this size keep each task short.
 */
export const LATEST_VISITS_ROUND = 32;

/**
 * Each business's latest live visit (null: never visited), one reverse step of the
 * `[businessId+visitedAt]` index per business; a deleted visit is stepped over.
 */
async function latestVisits(db: LocalDb, businessIds: readonly string[]): Promise<Map<string, Visit | null>> {
  const latest = new Map<string, Visit | null>();
  for (let start = 0; start < businessIds.length; start += LATEST_VISITS_ROUND) {
    const round = businessIds.slice(start, start + LATEST_VISITS_ROUND);
    const visits = await Promise.all(
      round.map((id) =>
        visitsOfBusiness(db, id)
          .reverse()
          .filter((visit) => !visit.deletedAt)
          .first(),
      ),
    );
    round.forEach((id, index) => latest.set(id, visits[index] ?? null));
  }
  return latest;
}

/**
 * Plans due today or earlier whose planning visit is still the business's latest live visit:
 * "planned and not yet done". Plans more than LONG_UNVISITED_DAYS overdue are left to the
 * "not visited for a long time" list, where such a business necessarily is.
 */
function plansFrom(
  businesses: Map<string, Business>,
  latest: Map<string, Visit | null>,
  today: string,
): { plannedToday: PlannedVisit[]; overduePlans: PlannedVisit[] } {
  const windowStart = addDays(today, -LONG_UNVISITED_DAYS);
  const plans: PlannedVisit[] = [];
  for (const [businessId, visit] of latest) {
    const business = businesses.get(businessId);
    const plannedOn = visit?.nextVisitOn;
    if (!visit || !business || !plannedOn || plannedOn > today || plannedOn < windowStart) continue;
    plans.push({
      business: summary(business),
      plannedOn,
      plannedAtVisit: { id: visit.id, visitedAt: visit.visitedAt },
      daysLate: daysBetween(plannedOn, today),
    });
  }
  const byName = (a: PlannedVisit, b: PlannedVisit) => a.business.name.localeCompare(b.business.name);
  return {
    plannedToday: plans.filter((plan) => plan.daysLate === 0).sort(byName),
    // Longest overdue first: those have waited most.
    overduePlans: plans
      .filter((plan) => plan.daysLate > 0)
      .sort((a, b) => b.daysLate - a.daysLate || byName(a, b)),
  };
}

/** Open follow-ups of the coach's businesses due on or before today + DUE_SOON_DAYS, earliest first. */
export async function loadDueFollowUps(db: LocalDb, coachId: string, today: string): Promise<DueFollowUp[]> {
  const businesses = await coachBusinesses(db, coachId);
  if (businesses.size === 0) return [];
  const until = addDays(today, DUE_SOON_DAYS);
  // Follow-ups without a due date are not in this index (null is not a key): they are never "due".
  const rows = await db.followUps
    .where('[businessId+dueOn]')
    .inAnyRange(perBusinessRanges([...businesses.keys()], Dexie.minKey, until), { includeUppers: true })
    .toArray();
  const due: DueFollowUp[] = [];
  for (const followUp of rows) {
    const business = businesses.get(followUp.businessId);
    if (followUp.deletedAt || followUp.doneAt || !followUp.dueOn || !business) continue;
    due.push({ followUp, business: summary(business), dueInDays: daysBetween(today, followUp.dueOn) });
  }
  return due.sort(
    (a, b) => a.dueInDays - b.dueInDays || a.business.name.localeCompare(b.business.name),
  );
}

async function summariesOf(db: LocalDb, ids: readonly string[]): Promise<Map<string, BusinessSummary>> {
  const unique = [...new Set(ids)];
  const rows = await db.businesses.bulkGet(unique);
  const result = new Map<string, BusinessSummary>();
  for (const row of rows) if (row && !row.deletedAt) result.set(row.id, summary(row));
  return result;
}

export type OwnerRequest = { followUp: FollowUp; business: BusinessSummary };

/** Owners' correction requests not yet answered, of the coach's businesses, oldest first. */
export async function loadOwnerRequests(db: LocalDb, coachId: string): Promise<OwnerRequest[]> {
  // Only follow-ups carrying a request are in the `correction.field` index.
  const rows = (await db.followUps.where('correction.field').above('').toArray()).filter(
    (row) => !row.resolution && !row.deletedAt,
  );
  if (rows.length === 0) return [];
  const businesses = await db.businesses.bulkGet([...new Set(rows.map((row) => row.businessId))]);
  const mine = new Map<string, BusinessSummary>();
  for (const business of businesses) {
    if (business && !business.deletedAt && business.assignedCoachId === coachId) {
      mine.set(business.id, summary(business));
    }
  }
  return rows
    .flatMap((followUp) => {
      const business = mine.get(followUp.businessId);
      return business ? [{ followUp, business }] : [];
    })
    .sort((a, b) => a.followUp.createdAt.localeCompare(b.followUp.createdAt));
}

/** The coach's own visits a coordinator returned, most recently returned first. */
export async function loadReturnedVisits(db: LocalDb, coachId: string): Promise<ReturnedVisit[]> {
  const visits = (await visitsInState(db, 'returned').toArray()).filter(
    (visit) => visit.coachId === coachId && !visit.deletedAt,
  );
  const businesses = await summariesOf(
    db,
    visits.map((visit) => visit.businessId),
  );
  return visits
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
    .map((visit) => ({ visit, business: businesses.get(visit.businessId) ?? null }));
}

/**
 * What Today needs of a visit draft. The visit form owns the draft's shape; Today reads only these
 * fields and tolerates anything else (a draft from an older app version still shows).
 */
type VisitDraftData = { businessId?: string | null; coachId?: string | null; updatedAt?: string | null };

const optionalText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function visitDraftData(data: unknown): VisitDraftData {
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  return {
    businessId: optionalText(record.businessId),
    coachId: optionalText(record.coachId),
    updatedAt: optionalText(record.updatedAt),
  };
}

export async function loadVisitDrafts(db: LocalDb, coachId: string): Promise<VisitDraft[]> {
  const rows = await db.drafts.where('kind').equals('visit').toArray();
  const drafts = rows.flatMap((row) => {
    const data = visitDraftData(row.data);
    // Drafts live on the device; one left by another coach who signed in here is not this coach's.
    if (data.coachId && data.coachId !== coachId) return [];
    return [{ draftId: row.id, businessId: data.businessId ?? null, updatedAt: data.updatedAt ?? row.updatedAt }];
  });
  const businesses = await summariesOf(
    db,
    drafts.flatMap((draft) => (draft.businessId ? [draft.businessId] : [])),
  );
  return drafts
    .map((draft) => ({ ...draft, business: draft.businessId ? (businesses.get(draft.businessId) ?? null) : null }))
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/**
 * The coach's businesses with no live visit in the last LONG_UNVISITED_DAYS days: never-visited
 * first (longest registered first), then by last visit, oldest first.
 */
function unvisitedFrom(
  businesses: Map<string, Business>,
  latest: Map<string, Visit | null>,
  today: string,
): VisitPlanning['unvisited'] {
  const cutoff = addDays(today, -LONG_UNVISITED_DAYS);
  const waiting: (UnvisitedBusiness & { createdAt: string })[] = [];
  for (const [businessId, visit] of latest) {
    const business = businesses.get(businessId);
    if (!business || (visit && visit.visitedAt >= cutoff)) continue;
    waiting.push({ business: summary(business), lastVisitedAt: visit?.visitedAt ?? null, createdAt: business.createdAt });
  }
  waiting.sort((a, b) => {
    if (a.lastVisitedAt === null || b.lastVisitedAt === null) {
      if (a.lastVisitedAt !== b.lastVisitedAt) return a.lastVisitedAt === null ? -1 : 1;
      return a.createdAt < b.createdAt
        ? -1
        : a.createdAt > b.createdAt
          ? 1
          : a.business.name.localeCompare(b.business.name);
    }
    return a.lastVisitedAt < b.lastVisitedAt ? -1 : a.lastVisitedAt > b.lastVisitedAt ? 1 : 0;
  });
  return {
    total: waiting.length,
    businesses: waiting
      .slice(0, LONG_UNVISITED_LIMIT)
      .map(({ business, lastVisitedAt }) => ({ business, lastVisitedAt })),
  };
}

/**
 * Plans due (today and overdue) and the businesses not visited for a long time, for `coachId` on
 * the local date `today`. The one query of Today that reads visits; the other sections are loaded
 * separately so they appear at once and a tick on a follow-up does not re-read the visits.
 */
export async function loadVisitPlanning(db: LocalDb, coachId: string, today: string): Promise<VisitPlanning> {
  return db.transaction('r', [db.businesses, db.visits], async () => {
    const businesses = await coachBusinesses(db, coachId);
    const latest = await latestVisits(db, [...businesses.keys()]);
    return { ...plansFrom(businesses, latest, today), unvisited: unvisitedFrom(businesses, latest, today) };
  });
}

/**
 * Ticks a follow-up done (or, with `done: false`, undoes that) and queues only `doneAt`. Returns the
 * saved row, or null when the follow-up is gone or deleted, or already in the asked state (so a double
 * tap does not queue a second mutation).
 */
export async function setFollowUpDone(
  db: LocalDb,
  followUpId: string,
  done: boolean,
  now: Date = new Date(),
): Promise<FollowUp | null> {
  // The outbox's code (clocks, ids) is not needed to show Today, only to change something: it loads
  // on the first tick, before the transaction (a transaction must not wait on anything but Dexie).
  const { writeWithOutbox } = await import('./outbox');
  return db.transaction('rw', db.followUps, db.outbox, db.meta, async () => {
    const current = await db.followUps.get(followUpId);
    if (!current || current.deletedAt || (current.doneAt !== null) === done) return null;
    const stamp = now.toISOString();
    const next: FollowUp = { ...current, doneAt: done ? stamp : null, updatedAt: stamp };
    await writeWithOutbox(db, 'followUps', next, ['doneAt'], { now: now.getTime() });
    return next;
  });
}
