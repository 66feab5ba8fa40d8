/**
 * A business's page: its profile and its history (visits, checklist states, open follow-ups), read
 * from the phone's database.
 *
 * Why it is shaped this way:
 * - The timeline must open within 100 ms with 100,000 visits on the device, so visits are read only
 *   through the `[businessId+visitedAt]` index: one range, already in date order, never a scan.
 *   Checklist states and follow-ups come through their `businessId` indexes the same way.
 * - Deleted rows (tombstones) are dropped here, so no screen has to remember to; a deleted business
 *   reads as "not found", the same as one that is not on this device.
 * - The computations over the history (progress series, first-done dates, naik-kelas signals, sales)
 *   live in shared/domain/progress.ts, pure and tested without Dexie.
 */
import type { Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Visit } from '@/shared/domain/visit';
import type { LocalDb } from './local-db';
import { visitsOfBusiness } from './visit-queries';

/** The profile, or null when it is not on this device or has been deleted. */
export async function loadBusiness(db: LocalDb, businessId: string): Promise<Business | null> {
  if (!businessId) return null;
  const business = await db.businesses.get(businessId);
  return business && !business.deletedAt ? business : null;
}

/** The business's live visits, newest first, straight from the `[businessId+visitedAt]` index. */
export async function loadTimeline(db: LocalDb, businessId: string): Promise<Visit[]> {
  const visits = await visitsOfBusiness(db, businessId).reverse().toArray();
  return visits.filter((visit) => !visit.deletedAt);
}

/** Open follow-ups (not done, not deleted): dated ones by due date, undated last. */
export async function loadOpenFollowUps(db: LocalDb, businessId: string): Promise<FollowUp[]> {
  const rows = await db.followUps.where('businessId').equals(businessId).toArray();
  return rows
    .filter((followUp) => !followUp.deletedAt && !followUp.doneAt)
    .sort((a, b) => {
      if (a.dueOn !== b.dueOn) {
        if (a.dueOn === null) return 1;
        if (b.dueOn === null) return -1;
        return a.dueOn < b.dueOn ? -1 : 1;
      }
      return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
    });
}

export type BusinessHistory = {
  /** Newest first. */
  visits: Visit[];
  checklistStates: ChecklistState[];
  openFollowUps: FollowUp[];
};

/** Everything the history sections need, in one read transaction (one consistent snapshot). */
export async function loadBusinessHistory(db: LocalDb, businessId: string): Promise<BusinessHistory> {
  if (!businessId) return { visits: [], checklistStates: [], openFollowUps: [] };
  return db.transaction('r', [db.visits, db.checklistStates, db.followUps], async () => {
    const [visits, states, openFollowUps] = await Promise.all([
      loadTimeline(db, businessId),
      db.checklistStates.where('businessId').equals(businessId).toArray(),
      loadOpenFollowUps(db, businessId),
    ]);
    return { visits, checklistStates: states.filter((state) => !state.deletedAt), openFollowUps };
  });
}
