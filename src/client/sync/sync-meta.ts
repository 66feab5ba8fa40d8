/**
 * What a sync run leaves in `meta` for the screens to show, kept apart from the sync code itself so
 * a screen can read it without loading that code.
 */
export const META_REJECTIONS = 'syncRejections';
export const META_LAST_SYNC_AT = 'lastSyncAt';
/** Hashes of photo bytes the server has (uploaded from here, or downloaded from it). */
export const META_UPLOADED_BLOBS = 'uploadedBlobs';

/** Businesses moved to another coach whose removal from this phone waits for their unsent entries. */
export const META_PENDING_REMOVALS = 'pendingRemovals';

/** A change the server refused, as the phone keeps it for the coach. */
export type StoredRejection = {
  mutationId: number;
  table: string;
  rowId: string;
  reason: string;
  message: string;
  at: string;
};
