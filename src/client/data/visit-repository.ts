/**
 * Visits on the phone: saving one (the visit, its follow-up actions, the checklists as ticked at it,
 * its photo rows and their bytes, and the deletion of its draft) in ONE read-write transaction, the
 * coach's reply to a returned visit, and the reads of the visit form and the visit page.
 *
 * Why it is shaped this way:
 * - Every synced row goes through `writeWithOutbox`, which joins the enclosing transaction: either the
 *   whole visit and one outbox entry per row land, or nothing does and the draft stays (sync.md). A
 *   coach who saw "tersimpan" can trust that the server will hear of all of it, exactly once.
 * - Photo bytes go to `blobs`, keyed by SHA-256 and added only when absent: the same photo attached
 *   twice is stored once, and its upload is idempotent.
 * - A full disk (QuotaExceededError) is nearly always the photos' doing. The save is then retried
 *   without them, so the text of a visit is never lost to a photo, and the photos are kept in the draft
 *   for when the coach has freed space; saving that draft again adds them to the same visit.
 * - Editing a visit not yet approved queues only the fields that differ from the stored row, so an
 *   edit of the notes does not resend (and re-clock) the monthly sales a coordinator never touched.
 *   Who wrote it, for which business, and the coordinator's comment are never changed by an edit.
 * - Every row is checked against its shared schema before it is written: a bug in a form must fail
 *   here, on the phone, not as a rejected mutation days later on the server.
 * - A follow-up's `assignee` (owner, coach, other) decides what the owner's action plan shows. Input
 *   from a draft written before it existed has only the free-text `who`, so it is read from that
 *   (assigneeFromWho), never silently left to the schema's default.
 */
import { Dexie } from 'dexie';
import type { ZodType } from 'zod';
import type { Business } from '@/shared/domain/business';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import { checklistStateSchema, type ChecklistState } from '@/shared/domain/checklist-state';
import { followUpSchema, type FollowUp } from '@/shared/domain/follow-up';
import { followUpAssigneeSchema, type FollowUpAssignee } from '@/shared/domain/owner';
import { photoSchema, type Photo } from '@/shared/domain/photo';
import { visitFieldsSchema, visitSchema, type Visit } from '@/shared/domain/visit';
import { sameValue } from './business-repository';
import type { LocalDb } from './local-db';
import { storePhotoBytes } from './photo-bytes';
import { writeWithOutbox } from './outbox';
import { uuidv7 } from './uuid';
import type {
  ChecklistInput,
  FollowUpInput,
  SaveVisitInput,
  SaveVisitResult,
  VisitDraftData,
  VisitFields,
  VisitPhotoInput,
} from './visit-types';
import { VISIT_DRAFT_KIND } from './draft-repository';

/** Who is writing: the signed-in user. */
export type VisitWriter = { id: string; organisationId: string };

type VisitFieldName = keyof VisitFields & string;
const VISIT_FIELDS = Object.keys(visitFieldsSchema.shape) as VisitFieldName[];
/** Never changed by an edit: who and which business are fixed, the comment is the coordinator's. */
const KEPT_ON_EDIT: readonly VisitFieldName[] = ['businessId', 'coachId', 'reviewComment'];

const FOLLOW_UP_FIELDS = ['businessId', 'visitId', 'what', 'who', 'dueOn', 'doneAt', 'assignee'] as const;
const FOLLOW_UP_EDITABLE = ['what', 'who', 'dueOn', 'assignee'] as const;
const CHECKLIST_FIELDS = ['businessId', 'visitId', 'kind', 'templateVersion', 'items'] as const;
const CHECKLIST_EDITABLE = ['templateVersion', 'items'] as const;
/** Every field of a photo row, queued when it is created (business photos too). */
export const PHOTO_FIELDS = [
  'sha256',
  'mimeType',
  'byteSize',
  'width',
  'height',
  'kind',
  'businessId',
  'visitId',
  'caption',
  'takenAt',
] as const;
const PHOTO_EDITABLE = ['kind', 'caption'] as const;

/**
 * `who` as written for the owner and the coach: Indonesian whatever the app's language, because the
 * screens and exports made before `assignee` existed show `who` as it is.
 */
export const WHO_OF_ASSIGNEE: Record<Exclude<FollowUpAssignee, 'other'>, string> = {
  owner: 'Pemilik',
  coach: 'Pendamping',
};

/**
 * The kind of a free-text `who` from before `assignee` existed: "Pemilik…"/"Owner…" (and the old English
 * suggestion "Business owner") is the owner, "Pendamping…"/"Coach…" the coach, anything else another party.
 */
export function assigneeFromWho(who: string): FollowUpAssignee {
  const start = who.trim().toLowerCase();
  if (/^(pemilik|owner|business owner)/.test(start)) return 'owner';
  if (/^(pendamping|coach)/.test(start)) return 'coach';
  return 'other';
}

/** A row's or an input's assignee: the stored one when valid, else read from `who` (older rows and drafts). */
export function assigneeOf(row: { who: string; assignee?: unknown }): FollowUpAssignee {
  const stored = followUpAssigneeSchema.safeParse(row.assignee);
  return stored.success ? stored.data : assigneeFromWho(row.who);
}

/** A row failed its shared schema: a bug in the caller, not the coach's typing (the form validates that). */
export class VisitInvalidError extends Error {
  constructor(
    readonly table: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`Invalid ${table} row: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'VisitInvalidError';
  }
}

/** A coordinator approved the visit; approved visits are not edited any more. */
export class VisitLockedError extends Error {
  constructor(readonly visitId: string) {
    super(`Visit ${visitId} is approved and can no longer be changed`);
    this.name = 'VisitLockedError';
  }
}

/** The visit is not on this device (or was deleted). */
export class VisitNotFoundError extends Error {
  constructor(readonly visitId: string) {
    super(`Visit ${visitId} is not on this device`);
    this.name = 'VisitNotFoundError';
  }
}

/** True for a full disk however the browser and Dexie wrap it (`name`, Dexie's `inner`, `cause`). */
export function isQuotaExceeded(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { name, inner, cause } = current as { name?: unknown; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError') return true;
    current = inner ?? cause;
  }
  return false;
}

function checked<T>(schema: ZodType<T>, table: string, row: unknown): T {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  throw new VisitInvalidError(
    table,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

function newMeta(user: VisitWriter, id: string, stamp: string) {
  return {
    id,
    organisationId: user.organisationId,
    clocks: {},
    deletedAt: null,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

function changedOf<T extends object, K extends keyof T & string>(
  before: T,
  after: T,
  fields: readonly K[],
): K[] {
  return fields.filter((field) => !sameValue(before[field], after[field]));
}

type SaveContext = { db: LocalDb; user: VisitWriter; now: number; stamp: string };

async function writeVisit(context: SaveContext, input: SaveVisitInput): Promise<Visit> {
  const { db, user, now, stamp } = context;
  const existing = await db.visits.get(input.visitId);
  if (!existing) {
    const visit = checked(visitSchema, 'visits', {
      ...input.fields,
      ...newMeta(user, input.visitId, stamp),
    });
    await writeWithOutbox(db, 'visits', visit, VISIT_FIELDS, { now, op: 'upsert' });
    return visit;
  }
  if (existing.deletedAt) throw new VisitNotFoundError(input.visitId);
  if (existing.reviewState === 'approved') throw new VisitLockedError(input.visitId);
  const kept = Object.fromEntries(KEPT_ON_EDIT.map((field) => [field, existing[field]]));
  const next = checked(visitSchema, 'visits', { ...existing, ...input.fields, ...kept, updatedAt: stamp });
  const changed = changedOf(existing, next, VISIT_FIELDS);
  if (changed.length === 0) return existing;
  await writeWithOutbox(db, 'visits', next, changed, { now });
  return next;
}

async function writeFollowUps(context: SaveContext, visit: Visit, inputs: FollowUpInput[]): Promise<void> {
  const { db, user, now, stamp } = context;
  const stored = await db.followUps.where('visitId').equals(visit.id).toArray();
  const byId = new Map(stored.filter((row) => !row.deletedAt).map((row) => [row.id, row]));
  for (const input of inputs) {
    const previous = byId.get(input.id);
    byId.delete(input.id);
    const values = { what: input.what, who: input.who, dueOn: input.dueOn, assignee: assigneeOf(input) };
    if (previous) {
      const next = checked(followUpSchema, 'followUps', { ...previous, ...values, updatedAt: stamp });
      const changed = changedOf(previous, next, FOLLOW_UP_EDITABLE);
      if (changed.length > 0) await writeWithOutbox(db, 'followUps', next, changed, { now });
    } else {
      const row = checked(followUpSchema, 'followUps', {
        ...values,
        businessId: visit.businessId,
        visitId: visit.id,
        doneAt: null,
        ...newMeta(user, input.id, stamp),
      });
      await writeWithOutbox(db, 'followUps', row, FOLLOW_UP_FIELDS, { now, op: 'upsert' });
    }
  }
  // What is left was removed in the form: a tombstone, never a hard delete (sync.md).
  for (const removed of byId.values()) {
    const tombstone: FollowUp = { ...removed, deletedAt: stamp, updatedAt: stamp };
    await writeWithOutbox(db, 'followUps', tombstone, ['deletedAt'], { now, op: 'delete' });
  }
}

/**
 * One row per checklist kind ticked at this visit. A kind the form did not send is left alone: the
 * form sends the checklists the coach worked on, and an untouched one is no reason to erase a record.
 */
async function writeChecklists(context: SaveContext, visit: Visit, inputs: ChecklistInput[]): Promise<void> {
  const { db, user, now, stamp } = context;
  const stored = await db.checklistStates.where('visitId').equals(visit.id).toArray();
  const byKind = new Map(stored.filter((row) => !row.deletedAt).map((row) => [row.kind, row]));
  for (const input of inputs) {
    const previous = byKind.get(input.kind);
    const values = { templateVersion: input.templateVersion, items: input.items };
    if (previous) {
      const next = checked(checklistStateSchema, 'checklistStates', {
        ...previous,
        ...values,
        updatedAt: stamp,
      });
      const changed = changedOf(previous, next, CHECKLIST_EDITABLE);
      if (changed.length > 0) await writeWithOutbox(db, 'checklistStates', next, changed, { now });
    } else {
      const row = checked(checklistStateSchema, 'checklistStates', {
        ...values,
        kind: input.kind,
        businessId: visit.businessId,
        visitId: visit.id,
        ...newMeta(user, uuidv7(now), stamp),
      });
      await writeWithOutbox(db, 'checklistStates', row, CHECKLIST_FIELDS, { now, op: 'upsert' });
      byKind.set(row.kind, row);
    }
  }
}

/** New photos get a row and (when absent) their bytes; an already saved one may get a new kind or caption. */
async function writePhotos(context: SaveContext, visit: Visit, inputs: VisitPhotoInput[]): Promise<void> {
  const { db, user, now, stamp } = context;
  for (const input of inputs) {
    const previous = await db.photos.get(input.id);
    if (previous && !previous.deletedAt) {
      const next = checked(photoSchema, 'photos', {
        ...previous,
        kind: input.kind,
        caption: input.caption,
        updatedAt: stamp,
      });
      const changed = changedOf(previous, next, PHOTO_EDITABLE);
      if (changed.length > 0) await writeWithOutbox(db, 'photos', next, changed, { now });
      continue;
    }
    const row = checked(photoSchema, 'photos', {
      sha256: input.sha256,
      mimeType: input.mimeType,
      byteSize: input.byteSize,
      width: input.width,
      height: input.height,
      kind: input.kind,
      caption: input.caption,
      takenAt: input.takenAt,
      businessId: visit.businessId,
      visitId: visit.id,
      ...newMeta(user, input.id, stamp),
    });
    await storePhotoBytes(db, { sha256: input.sha256, bytes: input.bytes, type: input.mimeType }, stamp);
    await writeWithOutbox(db, 'photos', row, PHOTO_FIELDS, { now, op: 'upsert' });
  }
}

function saveTables(db: LocalDb) {
  return [
    db.visits,
    db.followUps,
    db.checklistStates,
    db.photos,
    db.blobs,
    db.outbox,
    db.meta,
    db.drafts,
  ];
}

/**
 * Saves a visit and everything recorded with it, atomically, and deletes its draft. A new visit queues
 * every field; an existing one (not yet approved) queues only what changed, tombstones the follow-ups
 * removed in the form, and adds new photos.
 *
 * On a full disk the save is retried without photos, which are kept in a draft (`input.draftId`, or a
 * new one) and the result is `savedWithoutPhotos`. If that fails too, the error is thrown and nothing
 * was written: the caller still has its draft.
 */
export async function saveVisit(
  db: LocalDb,
  user: VisitWriter,
  input: SaveVisitInput,
  options: { now?: number } = {},
): Promise<SaveVisitResult> {
  const now = options.now ?? Date.now();
  const context: SaveContext = { db, user, now, stamp: new Date(now).toISOString() };
  try {
    await db.transaction('rw', saveTables(db), async () => {
      const visit = await writeVisit(context, input);
      await writeFollowUps(context, visit, input.followUps);
      await writeChecklists(context, visit, input.checklists);
      await writePhotos(context, visit, input.photos);
      if (input.draftId) await db.drafts.delete(input.draftId);
    });
    return { kind: 'saved', visitId: input.visitId };
  } catch (error) {
    if (!isQuotaExceeded(error) || input.photos.length === 0) throw error;
  }

  const draftId = input.draftId ?? uuidv7(now);
  await db.transaction('rw', saveTables(db), async () => {
    const visit = await writeVisit(context, input);
    await writeFollowUps(context, visit, input.followUps);
    await writeChecklists(context, visit, input.checklists);
    // The draft now completes a saved visit: saving it again finds the rows unchanged and adds the photos.
    const data: VisitDraftData = {
      businessId: visit.businessId,
      visitId: visit.id,
      values: { ...input.fields },
      followUps: input.followUps,
      checklists: input.checklists,
      photos: input.photos,
      updatedAt: context.stamp,
    };
    await db.drafts.put({ id: draftId, kind: VISIT_DRAFT_KIND, data, updatedAt: context.stamp });
  });
  return { kind: 'savedWithoutPhotos', visitId: input.visitId, draftId };
}

/**
 * The coach answers a coordinator who returned a visit: the reply is stored and the visit goes back
 * to 'submitted' for review. Only those two fields are queued.
 */
export async function replyToReturnedVisit(
  db: LocalDb,
  user: VisitWriter,
  visitId: string,
  reply: string,
  options: { now?: number } = {},
): Promise<Visit> {
  const now = options.now ?? Date.now();
  return db.transaction('rw', db.visits, db.outbox, db.meta, async () => {
    const visit = await db.visits.get(visitId);
    if (!visit || visit.deletedAt || visit.organisationId !== user.organisationId) {
      throw new VisitNotFoundError(visitId);
    }
    if (visit.reviewState === 'approved') throw new VisitLockedError(visitId);
    if (reply.trim() === '') {
      throw new VisitInvalidError('visits', [{ path: 'coachReply', message: 'validation.required' }]);
    }
    const next = checked(visitSchema, 'visits', {
      ...visit,
      coachReply: reply,
      reviewState: 'submitted',
      updatedAt: new Date(now).toISOString(),
    });
    await writeWithOutbox(db, 'visits', next, ['coachReply', 'reviewState'], { now });
    return next;
  });
}

/**
 * The newest checklist of each kind recorded for a business (newest by its visit's date; a state whose
 * visit is not on the phone counts by its own date), to prefill the next visit's checklists.
 */
export async function latestChecklistStates(
  db: LocalDb,
  businessId: string,
): Promise<Partial<Record<ChecklistKind, ChecklistState>>> {
  const states = (
    await db.checklistStates
      .where('[businessId+kind]')
      .between([businessId, Dexie.minKey], [businessId, Dexie.maxKey], true, true)
      .toArray()
  ).filter((state) => !state.deletedAt);
  const visitIds = [...new Set(states.map((state) => state.visitId))];
  const visits = new Map<string, Visit>();
  for (const visit of await db.visits.bulkGet(visitIds)) if (visit) visits.set(visit.id, visit);

  const latest: Partial<Record<ChecklistKind, { state: ChecklistState; at: string }>> = {};
  for (const state of states) {
    const visit = visits.get(state.visitId);
    if (visit?.deletedAt) continue;
    const at = visit?.visitedAt ?? state.updatedAt;
    const current = latest[state.kind];
    const newer =
      !current ||
      at > current.at ||
      (at === current.at && state.updatedAt > current.state.updatedAt);
    if (newer) latest[state.kind] = { state, at };
  }
  const result: Partial<Record<ChecklistKind, ChecklistState>> = {};
  for (const [kind, entry] of Object.entries(latest) as Array<[ChecklistKind, { state: ChecklistState }]>) {
    result[kind] = entry.state;
  }
  return result;
}

export type VisitWithDetails = {
  visit: Visit;
  followUps: FollowUp[];
  checklistStates: ChecklistState[];
  /** Photo rows; their bytes come from `photoBytes(sha256)`, which may be null until downloaded. */
  photos: Photo[];
  /** Null when the business has not reached this phone (yet). */
  business: Business | null;
};

function byText<T>(key: (row: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/** A visit with what was recorded at it (tombstoned rows left out), or null when it is not here. */
export async function getVisitWithDetails(db: LocalDb, visitId: string): Promise<VisitWithDetails | null> {
  const visit = await db.visits.get(visitId);
  if (!visit || visit.deletedAt) return null;
  const [followUps, checklistStates, photos, business] = await Promise.all([
    db.followUps.where('visitId').equals(visitId).toArray(),
    db.checklistStates.where('visitId').equals(visitId).toArray(),
    db.photos.where('visitId').equals(visitId).toArray(),
    db.businesses.get(visit.businessId),
  ]);
  return {
    visit,
    followUps: followUps.filter((row) => !row.deletedAt).sort(byText((row) => row.createdAt + row.id)),
    checklistStates: checklistStates.filter((row) => !row.deletedAt).sort(byText((row) => row.kind)),
    photos: photos.filter((row) => !row.deletedAt).sort(byText((row) => row.takenAt + row.id)),
    business: business && !business.deletedAt ? business : null,
  };
}

/** A photo's bytes, or null when they are not on this phone (not yet downloaded). */
export async function photoBytes(db: LocalDb, sha256: string): Promise<ArrayBuffer | null> {
  const row = await db.blobs.get(sha256);
  return row?.bytes ?? null;
}
