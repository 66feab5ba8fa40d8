/**
 * Drafts of the visit form (`drafts` table, kind 'visit'): what the coach has typed, ticked and
 * photographed, kept while the form is open so an app kill, a reload, a dead battery or a
 * service-worker update never loses a half-written visit. Not synced: a draft is the coach's scratch
 * paper until "Simpan"; saveVisit (visit-repository.ts) deletes it in the transaction that writes the visit.
 *
 * Why photo bytes live inside the draft row (ArrayBuffers are structured-cloneable, so IndexedDB
 * stores them as they are) and not in `blobs`:
 * - A draft must be self-contained: text and photos can never disagree after a crash between two
 *   writes, and deleting the draft row frees its bytes, with nothing left behind to garbage-collect.
 * - `blobs` only holds photos of saved visits: it is what the uploader reads (sync.md), and the bytes
 *   of a visit that was never saved must never be uploaded.
 * The cost is that each draft write rewrites the photo bytes (0.3-0.6 MB a photo after resizing), so the
 * form should write after a pause in typing, not on every keystroke.
 *
 * Loading is tolerant on purpose: a draft written by an older app version (before an update) may lack
 * newer parts or hold them in an older shape. Those parts become empty rather than crashing the form.
 */
import type { LocalDb } from './local-db';
import { isArrayBuffer } from './photos';
import { uuidv7 } from './uuid';
import type { ChecklistInput, FollowUpInput, VisitDraftData, VisitPhotoInput } from './visit-types';

export const VISIT_DRAFT_KIND = 'visit';

export async function saveVisitDraft(db: LocalDb, draftId: string, data: VisitDraftData): Promise<void> {
  await db.drafts.put({ id: draftId, kind: VISIT_DRAFT_KIND, data, updatedAt: data.updatedAt });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordsOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isFollowUp(value: Record<string, unknown>): boolean {
  return typeof value.id === 'string' && typeof value.what === 'string' && typeof value.who === 'string';
}

function isChecklist(value: Record<string, unknown>): boolean {
  return (
    typeof value.kind === 'string' && typeof value.templateVersion === 'number' && isRecord(value.items)
  );
}

/** A photo without its bytes or hash could neither be shown nor saved, so it is dropped. */
function isPhoto(value: Record<string, unknown>): boolean {
  return typeof value.id === 'string' && typeof value.sha256 === 'string' && isArrayBuffer(value.bytes);
}

/** Best effort from whatever an older version stored; null only when nothing usable is there. */
function toDraftData(data: unknown, rowUpdatedAt: string): VisitDraftData | null {
  if (!isRecord(data)) return null;
  return {
    // Unknown parts a newer form added are kept as they are (the form validates its own).
    ...data,
    businessId: typeof data.businessId === 'string' && data.businessId !== '' ? data.businessId : null,
    visitId: typeof data.visitId === 'string' && data.visitId !== '' ? data.visitId : uuidv7(),
    values: isRecord(data.values) ? data.values : {},
    followUps: recordsOf(data.followUps).filter(isFollowUp) as FollowUpInput[],
    checklists: recordsOf(data.checklists).filter(isChecklist) as ChecklistInput[],
    photos: recordsOf(data.photos).filter(isPhoto) as VisitPhotoInput[],
    updatedAt: typeof data.updatedAt === 'string' ? data.updatedAt : rowUpdatedAt,
  };
}

/** The visit draft stored under `draftId`, or null when there is none (or it is not a visit draft). */
export async function loadVisitDraft(db: LocalDb, draftId: string): Promise<VisitDraftData | null> {
  const row = await db.drafts.get(draftId);
  if (!row || row.kind !== VISIT_DRAFT_KIND) return null;
  return toDraftData(row.data, row.updatedAt);
}

/** Removes a draft and, with it, the photo bytes it held. */
export async function deleteDraft(db: LocalDb, draftId: string): Promise<void> {
  await db.drafts.delete(draftId);
}

/** Every visit draft on this device, newest first (for "Lanjutkan draf"). */
export async function listVisitDrafts(db: LocalDb): Promise<Array<{ id: string; data: VisitDraftData }>> {
  const rows = await db.drafts.where('kind').equals(VISIT_DRAFT_KIND).toArray();
  return rows
    .flatMap((row) => {
      const data = toDraftData(row.data, row.updatedAt);
      return data ? [{ id: row.id, data }] : [];
    })
    .sort((a, b) => (a.data.updatedAt < b.data.updatedAt ? 1 : a.data.updatedAt > b.data.updatedAt ? -1 : 0));
}
