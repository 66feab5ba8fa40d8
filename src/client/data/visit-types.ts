/**
 * The contract between the visit form and the visit storage modules (photos.ts, visit-repository.ts,
 * draft-repository.ts): what the form hands over to be saved, and what a draft holds.
 */
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import type { ChecklistItemState } from '@/shared/domain/checklist-state';
import type { FollowUpAssignee } from '@/shared/domain/owner';
import type { Photo } from '@/shared/domain/photo';
import type { z } from 'zod';
import type { visitFieldsSchema } from '@/shared/domain/visit';

/** A photo after preparePhoto(): resized (~1600 px long side), hashed, as bytes (never a Blob). */
export type PreparedPhoto = {
  bytes: ArrayBuffer;
  sha256: string;
  mimeType: Photo['mimeType'];
  width: number;
  height: number;
  byteSize: number;
};

/** A photo attached to a visit; `id` is the future photos row id (uuidv7, made when attached). */
export type VisitPhotoInput = PreparedPhoto & {
  id: string;
  kind: Photo['kind'];
  caption: string | null;
  takenAt: string;
};

/**
 * A follow-up action; `id` is the future followUps row id (uuidv7, made when the row is added).
 * `assignee` says who does it as a kind (the owner's action plan lists the `owner` ones). In a draft
 * it is null while the coach has not chosen yet; drafts written before it existed lack it, and it is
 * then read from `who` (assigneeFromWho in visit-repository.ts).
 */
export type FollowUpInput = {
  id: string;
  what: string;
  who: string;
  dueOn: string | null;
  assignee?: FollowUpAssignee | null;
};

/** A checklist as ticked at this visit (item ids of the named template version). */
export type ChecklistInput = {
  kind: ChecklistKind;
  templateVersion: number;
  items: Record<string, ChecklistItemState>;
};

export type VisitFields = z.output<typeof visitFieldsSchema>;

/** Everything one save writes, atomically. */
export type SaveVisitInput = {
  visitId: string;
  /** The draft this save completes; deleted in the same transaction. */
  draftId: string | null;
  fields: VisitFields;
  followUps: FollowUpInput[];
  checklists: ChecklistInput[];
  photos: VisitPhotoInput[];
};

/**
 * `saved`: all of it is on the phone. `savedWithoutPhotos`: the disk was full, so the text, follow-ups
 * and checklists were saved and the photos were kept in the draft (`draftId`) for later.
 */
export type SaveVisitResult =
  | { kind: 'saved'; visitId: string }
  | { kind: 'savedWithoutPhotos'; visitId: string; draftId: string };

/** What a visit draft row (`drafts`, kind 'visit') holds in `data`. */
export type VisitDraftData = {
  businessId: string | null;
  visitId: string;
  /** The form's values as typed (strings allowed: a half-typed rupiah or date is kept as typed). */
  values: Record<string, unknown>;
  followUps: FollowUpInput[];
  checklists: ChecklistInput[];
  photos: VisitPhotoInput[];
  updatedAt: string;
};
