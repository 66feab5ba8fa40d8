import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '@/shared/domain/common';
import { syncedTableSchema, type SyncedTable } from './protocol';

/**
 * A text that lost a merge (sync.md: "a losing long text is kept in a conflicts table and shown,
 * never dropped"). The server keeps it; the phones of everyone who may read the business receive
 * it with the pull, so the coach and the coordinator can read it and copy it back if it mattered.
 */
export const syncConflictSchema = z.object({
  id: idSchema,
  table: syncedTableSchema,
  rowId: idSchema,
  businessId: idSchema,
  field: z.string().min(1).max(60),
  losingValue: z.string().max(20_000),
  losingClock: z.string().max(80),
  /** Who wrote the losing text, when the server knows (it was the pushing user). */
  losingUserId: idSchema.nullable(),
  createdAt: isoDateTimeSchema,
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

/**
 * The texts whose losing value is worth keeping: what a person wrote at some length, which nobody
 * could type again from memory. Codes, ids, numbers, dates and short labels simply take the newer
 * value (the business history shows who changed what).
 */
export const CONFLICT_TEXT_FIELDS: Readonly<Record<SyncedTable, readonly string[]>> = {
  businesses: ['name', 'brand', 'ownerName', 'address', 'products'],
  visits: ['notes', 'problems', 'advice', 'reviewComment', 'coachReply'],
  followUps: ['what', 'who'],
  checklistStates: [],
  photos: ['caption'],
};

export function isConflictText(table: SyncedTable, field: string): boolean {
  return CONFLICT_TEXT_FIELDS[table].includes(field);
}
