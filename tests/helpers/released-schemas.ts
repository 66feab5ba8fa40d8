/**
 * The phone's database as earlier releases shipped it, for upgrade tests. Copied here on purpose:
 * phones in the field hold these, so they must not follow changes to src/client/data/local-db.ts.
 */
import { Dexie } from 'dexie';

/** Version 6 (the release before the listed-visits index), every table as it was. */
export function openVersion6(name: string): Dexie {
  const old = new Dexie(name);
  old.version(6).stores({
    businesses: 'id, villageCode, assignedCoachId, updatedAt, licences.nib, ownerNik, phone',
    visits: 'id, [businessId+visitedAt], [reviewState+visitedAt]',
    followUps: 'id, businessId, visitId, dueOn, [businessId+dueOn], correction.field',
    checklistStates: 'id, businessId, visitId, [businessId+kind]',
    photos: 'id, businessId, visitId, sha256',
    blobs: 'sha256',
    outbox: 'mutationId, table, rowId',
    meta: 'key',
    drafts: 'id, kind, updatedAt',
    syncConflicts: 'id, businessId, rowId',
  });
  return old;
}
