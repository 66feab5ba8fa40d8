/**
 * The phone's lookups of visits, over the two indexes the visits table keeps (local-db.ts v8):
 * `[businessId+visitedAt]` (every visit) and `[reviewState+listedAt]` (only the visits a work list
 * shows: see keyForLists). Every index entry is written for each of the 100,000 visits a first
 * sync may bring, so the table has no single-field ones; these helpers give the answers through
 * the compound indexes.
 */
import { Dexie } from 'dexie';
import type { ReviewState, Visit } from '@/shared/domain/visit';
import { listedFrom, type LocalDb } from './local-db';

/** Every review state (spelled out: the schema's list would bring zod onto Today's screen). */
const REVIEW_STATES = ['draft', 'submitted', 'approved', 'returned'] as const satisfies readonly ReviewState[];
/** Fails to compile when the schema gains a state this list lacks. */
const everyState: [Exclude<ReviewState, (typeof REVIEW_STATES)[number]>] extends [never] ? true : never = true;
void everyState;

/** A business's visits (deleted ones included), oldest first. */
export function visitsOfBusiness(db: LocalDb, businessId: string) {
  return db.visits
    .where('[businessId+visitedAt]')
    .between([businessId, Dexie.minKey], [businessId, Dexie.maxKey], true, true);
}

/**
 * The live visits in one review state, oldest first: all of them for draft, submitted and returned;
 * for approved, those of the last LISTED_DAYS days (and older ones keyed while they were recent).
 */
export function visitsInState(db: LocalDb, state: ReviewState) {
  return db.visits
    .where('[reviewState+listedAt]')
    .between([state, Dexie.minKey], [state, Dexie.maxKey], true, true);
}

/** Newest visit first; visits of the same moment by id, newest id first (as the index reads them). */
export function newestVisitFirst(a: Visit, b: Visit): number {
  return a.visitedAt < b.visitedAt ? 1 : a.visitedAt > b.visitedAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The newest `limit` visits of the last LISTED_DAYS days that `keep` accepts, newest first: the
 * newest `limit` of each review state, merged. Each state's range is read newest first and stops
 * at `limit`.
 */
export async function newestVisits(
  db: LocalDb,
  keep: (visit: Visit) => boolean,
  limit: number,
  now: number = Date.now(),
): Promise<Visit[]> {
  const since = new Date(listedFrom(now)).toISOString();
  const recent = (visit: Visit) => visit.visitedAt >= since && keep(visit);
  const perState = await Promise.all(
    REVIEW_STATES.map((state) => visitsInState(db, state).reverse().filter(recent).limit(limit).toArray()),
  );
  return perState
    .flat()
    .sort(newestVisitFirst)
    .slice(0, limit);
}
