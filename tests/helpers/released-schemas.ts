/**
 * The phone's database as earlier releases shipped it, for upgrade tests. Copied here on purpose:
 * phones in the field hold these, so they must not follow changes to src/client/data/local-db.ts.
 */
import { Dexie } from 'dexie';

/** Versions 1 and 2, as the app first shipped them. */
export function openVersion2(name: string): Dexie {
  const old = new Dexie(name);
  old.version(1).stores({
    businesses: 'id, organisationId, districtCode, villageCode, assignedCoachId, status, updatedAt',
    visits: 'id, businessId, coachId, visitedAt, reviewState',
    followUps: 'id, businessId, visitId, dueOn',
    checklistStates: 'id, businessId, visitId, [businessId+kind]',
    photos: 'id, businessId, visitId, sha256',
    blobs: 'sha256',
    outbox: 'mutationId, table, rowId',
    meta: 'key',
    drafts: 'id, kind, updatedAt',
    conflicts: '++id, table, rowId',
  });
  old.version(2).stores({
    businesses:
      'id, organisationId, districtCode, villageCode, assignedCoachId, status, updatedAt, licences.nib, ownerNik, phone',
    visits: 'id, businessId, coachId, visitedAt, reviewState, nextVisitOn, [businessId+visitedAt]',
    followUps: 'id, businessId, visitId, dueOn, [businessId+dueOn]',
    photos: 'id, businessId, visitId, sha256',
    drafts: 'id, kind, updatedAt',
  });
  return old;
}

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
