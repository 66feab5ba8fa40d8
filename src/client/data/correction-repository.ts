/**
 * A coach answering an owner's correction request (issue 6): accepting applies the value to the
 * profile (as an ordinary profile edit) and closes the request, declining closes it with a note;
 * both in one transaction, both synced. The owner's phone sees the answer on its next sync.
 */
import { applyCorrection } from '@/shared/domain/owner';
import type { FollowUp } from '@/shared/domain/follow-up';
import { fieldsOf, updateBusiness, BusinessNotFoundError, type BusinessWriter } from './business-repository';
import type { LocalDb } from './local-db';
import { writeWithOutbox } from './outbox';
import '@/client/i18n/history';

export type CorrectionAnswer = { ok: true } | { ok: false; message: string };

export async function answerCorrection(
  db: LocalDb,
  user: BusinessWriter,
  followUpId: string,
  decision: { accept: boolean; note: string },
  now = new Date(),
): Promise<CorrectionAnswer> {
  return db.transaction('rw', [db.businesses, db.followUps, db.outbox, db.meta, db.drafts], async () => {
    const request = await db.followUps.get(followUpId);
    if (!request?.correction || request.deletedAt) return { ok: false, message: 'history.notFound.message' };
    if (decision.accept) {
      const business = await db.businesses.get(request.businessId);
      if (!business || business.deletedAt) throw new BusinessNotFoundError(request.businessId);
      const applied = applyCorrection(fieldsOf(business), request.correction);
      if (!applied.ok) return applied;
      await updateBusiness(db, user, business.id, applied.fields, { now });
    }
    const note = decision.note.trim();
    const answered: FollowUp = {
      ...request,
      resolution: decision.accept ? 'accepted' : 'declined',
      resolutionNote: note === '' ? null : note,
      doneAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await writeWithOutbox(db, 'followUps', answered, ['resolution', 'resolutionNote', 'doneAt'], {
      now: now.getTime(),
    });
    return { ok: true };
  });
}

/** Open requests (not yet answered) of a business, oldest first. */
export async function openCorrections(db: LocalDb, businessId: string): Promise<FollowUp[]> {
  const rows = await db.followUps.where('businessId').equals(businessId).toArray();
  return rows
    .filter((row) => row.correction && !row.resolution && !row.deletedAt)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
