/**
 * Database rows → the shared entity shapes the phone stores. One converter per synced table, so the
 * list routes and the sync pull send byte-for-byte the same record. Restricted personal data (NIK)
 * is blanked here for roles that may not read it.
 */
import type { Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Photo } from '@/shared/domain/photo';
import type { Visit } from '@/shared/domain/visit';
import type { AuthenticatedUser } from '../auth/sessions';
import { mayReadNik } from '../auth/roles';
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
function visitForOwner(visit: Visit): Visit {
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
