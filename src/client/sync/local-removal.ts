/**
 * Taking data off the phone that the server says is no longer this user's (sync.md, scoped sync):
 * a business re-assigned to another coach, or rows a full resync did not bring back. The rule that
 * keeps the promise: nothing is removed while any of it is still waiting to be sent (an outbox entry
 * for the row or anything under the business, or a half-written visit draft for it). Such a business
 * is remembered and removed after a later sync has emptied the outbox.
 *
 * Every function here runs inside the caller's transaction, which must cover LOCAL_REMOVAL_TABLES.
 */
import { SYNCED_TABLES } from '@/shared/sync/protocol';
import { readMeta, writeMeta, type LocalDb } from '@/client/data/local-db';
import { VISIT_DRAFT_KIND } from '@/client/data/draft-repository';
import { visitsOfBusiness } from '@/client/data/visit-queries';

import { META_PENDING_REMOVALS } from './sync-meta';

export { META_PENDING_REMOVALS };
/**
 * Set while a full resync (after 410) runs: one cut off half-way starts again from cursor 0,
 * since which rows it had seen is not kept.
 */
export const META_RESYNC = 'resyncStartedAt';

export function localRemovalTables(db: LocalDb) {
  return [
    ...SYNCED_TABLES.map((table) => db.table(table)),
    db.outbox,
    db.meta,
    db.blobs,
    db.drafts,
    db.syncConflicts,
  ];
}

const CHILD_TABLES = ['visits', 'followUps', 'checklistStates', 'photos'] as const;

async function childIds(
  db: LocalDb,
  businessId: string,
): Promise<Record<(typeof CHILD_TABLES)[number], string[]>> {
  const ids = {} as Record<(typeof CHILD_TABLES)[number], string[]>;
  for (const table of CHILD_TABLES) {
    const rows =
      table === 'visits'
        ? visitsOfBusiness(db, businessId)
        : db.table(table).where('businessId').equals(businessId);
    ids[table] = (await rows.primaryKeys()) as string[];
  }
  return ids;
}

/** Whether anything of this business is still waiting to leave the phone. */
async function hasUnsent(
  db: LocalDb,
  businessId: string,
  children: Record<string, string[]>,
): Promise<boolean> {
  const rowIds = [businessId, ...Object.values(children).flat()];
  if ((await db.outbox.where('rowId').anyOf(rowIds).count()) > 0) return true;
  const drafts = await db.drafts.where('kind').equals(VISIT_DRAFT_KIND).toArray();
  return drafts.some((draft) => (draft.data as { businessId?: unknown } | null)?.businessId === businessId);
}

/** Deletes photo bytes that no remaining photo row refers to (from the given candidates). */
async function dropUnreferencedBytes(db: LocalDb, hashes: Iterable<string>): Promise<void> {
  for (const sha256 of new Set(hashes)) {
    if ((await db.photos.where('sha256').equals(sha256).count()) === 0) await db.blobs.delete(sha256);
  }
}

async function removeBusiness(db: LocalDb, businessId: string, children: Record<string, string[]>) {
  const hashes = (await db.photos.bulkGet(children.photos ?? [])).flatMap((photo) =>
    photo ? [photo.sha256] : [],
  );
  for (const table of CHILD_TABLES) await db.table(table).bulkDelete(children[table] ?? []);
  await db.businesses.delete(businessId);
  await db.syncConflicts.where('businessId').equals(businessId).delete();
  await dropUnreferencedBytes(db, hashes);
}

/**
 * Removes these businesses and everything under them, or, when something of one is unsent, keeps it
 * and remembers it for later. Returns how many were removed now.
 */
export async function removeBusinessesOrDefer(db: LocalDb, businessIds: readonly string[]): Promise<number> {
  if (businessIds.length === 0) return 0;
  const pending = new Set((await readMeta<string[]>(db, META_PENDING_REMOVALS)) ?? []);
  let removed = 0;
  for (const businessId of businessIds) {
    const children = await childIds(db, businessId);
    if (await hasUnsent(db, businessId, children)) {
      pending.add(businessId);
      continue;
    }
    await removeBusiness(db, businessId, children);
    pending.delete(businessId);
    removed += 1;
  }
  await writeMeta(db, META_PENDING_REMOVALS, [...pending]);
  return removed;
}

/** A business that came back into scope (its row was pulled again) is no longer to be removed. */
export async function keepBusinesses(db: LocalDb, businessIds: readonly string[]): Promise<void> {
  if (businessIds.length === 0) return;
  const pending = (await readMeta<string[]>(db, META_PENDING_REMOVALS)) ?? [];
  if (pending.length === 0) return;
  const back = new Set(businessIds);
  const left = pending.filter((id) => !back.has(id));
  if (left.length !== pending.length) await writeMeta(db, META_PENDING_REMOVALS, left);
}

/** Retries the removals that were waiting (after a sync emptied the outbox). */
export async function retryPendingRemovals(db: LocalDb): Promise<number> {
  return db.transaction('rw', localRemovalTables(db), async () => {
    const pending = (await readMeta<string[]>(db, META_PENDING_REMOVALS)) ?? [];
    return removeBusinessesOrDefer(db, pending);
  });
}

/**
 * The end of a full resync: every synced row the server did not send again (`seen`) and that has
 * nothing unsent is removed (it was deleted and purged on the server, or left this user's scope).
 */
export async function removeUnseen(db: LocalDb, seen: ReadonlySet<string>): Promise<number> {
  return db.transaction('rw', localRemovalTables(db), async () => {
    const unsent = new Set((await db.outbox.toArray()).map((entry) => entry.rowId));
    const drafts = await db.drafts.where('kind').equals(VISIT_DRAFT_KIND).toArray();
    for (const draft of drafts) {
      const businessId = (draft.data as { businessId?: unknown } | null)?.businessId;
      if (typeof businessId === 'string') unsent.add(businessId);
    }
    let removed = 0;
    const hashes: string[] = [];
    for (const table of [...CHILD_TABLES, 'businesses'] as const) {
      const keys = (await db.table(table).toCollection().primaryKeys()) as string[];
      const gone = keys.filter((id) => !seen.has(id) && !unsent.has(id));
      if (table === 'businesses') {
        // A business still holding a row that stays (unsent, or sent again) stays too.
        const holding = new Set<string>();
        for (const child of CHILD_TABLES) {
          for (const id of await db.table(child).orderBy('businessId').uniqueKeys()) holding.add(String(id));
        }
        const removable = gone.filter((id) => !holding.has(id));
        await db.businesses.bulkDelete(removable);
        for (const id of removable) await db.syncConflicts.where('businessId').equals(id).delete();
        removed += removable.length;
        continue;
      }
      if (table === 'photos') {
        for (const photo of await db.photos.bulkGet(gone)) if (photo) hashes.push(photo.sha256);
      }
      await db.table(table).bulkDelete(gone);
      removed += gone.length;
    }
    await dropUnreferencedBytes(db, hashes);
    await db.meta.delete(META_RESYNC);
    return removed;
  });
}
