/**
 * Fields the sync engine owns; never merged as user data. Apart from common.ts (zod) so the phone's
 * first screen, which writes the outbox, does not load zod.
 */
export const SYNC_META_FIELDS = [
  'id',
  'organisationId',
  'clocks',
  'deletedAt',
  'createdAt',
  'updatedAt',
] as const;
