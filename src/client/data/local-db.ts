/**
 * The phone's database (IndexedDB through Dexie). It is the source of truth for what the coach sees:
 * screens read from here, never from the network, so the app works the same with or without signal.
 *
 * Why each table exists and why it is indexed the way it is:
 * - businesses, visits, followUps, checklistStates, photos: the synced entities, shaped exactly like the
 *   shared zod types so a pulled row can be stored as-is. Indexes are the lookups screens make (a coach's
 *   businesses, a business's visits, follow-ups by due date, a business's checklist of one kind, a photo by
 *   its hash) plus `updatedAt`/`status` for lists.
 * - blobs: photo bytes keyed by SHA-256, stored as ArrayBuffer because WebKit mishandles stored Blobs.
 *   Content addressing makes re-saving the same photo free and the upload idempotent.
 * - outbox: numbered mutations (`Mutation` in shared/sync/protocol.ts), written in the same transaction
 *   as the row they describe and deleted only after the server acknowledges their mutationId.
 * - meta: one row per device-wide value: clientId, nextMutationId, pull cursor, clock offset to the
 *   server, the last HLC issued, the signed-in session, the storage-persistence answer.
 * - drafts: half-filled forms, so a reload, an update or a dead battery does not lose typing.
 * - syncConflicts: a text that lost a merge (a visit note, a profile text), kept and shown, never dropped.
 *
 * Changing a schema: add `this.version(2).stores({...}).upgrade(...)`; never edit version 1, phones in
 * the field still hold it and may hold unsynced outbox entries that must survive the upgrade.
 */
import { Dexie, type DBCore, type DBCoreMutateRequest, type EntityTable } from 'dexie';
import type { Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import type { Photo } from '@/shared/domain/photo';
import type { Visit } from '@/shared/domain/visit';
import type { Mutation } from '@/shared/sync/protocol';
import type { SyncConflict } from '@/shared/sync/conflict';

export const LOCAL_DB_NAME = 'binaan';

export type BlobRow = { sha256: string; bytes: ArrayBuffer; type: string; createdAt: string };
export type OutboxEntry = Mutation;
export type MetaRow = { key: string; value: unknown };
export type DraftRow = { id: string; kind: string; data: unknown; updatedAt: string };
/** A text that lost a merge, as the server sent it; `dismissedAt` is this phone's own "seen it". */
export type ConflictRow = SyncConflict & { dismissedAt?: string | null };

/** What each synced table holds; used to type generic writers such as writeWithOutbox. */
export type SyncedRows = {
  businesses: Business;
  visits: Visit;
  followUps: FollowUp;
  checklistStates: ChecklistState;
  photos: Photo;
};

/**
 * How long an approved visit stays in the work lists' index after the day it was made: the visits
 * page's "latest visits" are those of this many days.
 */
export const LISTED_DAYS = 90;

/** The first moment (epoch ms) of the LISTED_DAYS window ending at `now`: the one place the window is reckoned. */
export function listedFrom(now: number): number {
  return now - LISTED_DAYS * 86_400_000;
}

/**
 * Gives a visit, in place, the phone-only key of the `[reviewState+listedAt]` index: its
 * `visitedAt` when a work list may show it (not deleted, and not approved or approved within
 * LISTED_DAYS of now), and none otherwise, so the index holds the coach's current work and not a
 * city's history. A first sync writes 100,000 visits; each index entry costs about as much as
 * the row itself in Chromium's IndexedDB, and a full `[reviewState+visitedAt]` index was ~2 s of
 * it (npm run bench). The key never leaves the phone: mutations carry named fields only.
 */
export function keyForLists(visit: Visit & { listedAt?: string }, now: number): void {
  const listed =
    !visit.deletedAt &&
    (visit.reviewState !== 'approved' || Date.parse(visit.visitedAt) >= listedFrom(now));
  if (listed) visit.listedAt = visit.visitedAt;
  else delete visit.listedAt;
}

/** Every visit written through Dexie (pulls, saves, upgrades, tests) gets its list key here. */
function listKeys(core: DBCore): DBCore {
  return {
    ...core,
    table(name) {
      const table = core.table(name);
      if (name !== 'visits') return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type === 'put' || req.type === 'add') {
            const now = Date.now();
            for (const visit of req.values as Visit[]) keyForLists(visit, now);
          }
          return table.mutate(req);
        },
      };
    },
  };
}

export class LocalDb extends Dexie {
  businesses!: EntityTable<Business, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  followUps!: EntityTable<FollowUp, 'id'>;
  checklistStates!: EntityTable<ChecklistState, 'id'>;
  photos!: EntityTable<Photo, 'id'>;
  blobs!: EntityTable<BlobRow, 'sha256'>;
  outbox!: EntityTable<OutboxEntry, 'mutationId'>;
  meta!: EntityTable<MetaRow, 'key'>;
  drafts!: EntityTable<DraftRow, 'id'>;
  syncConflicts!: EntityTable<ConflictRow, 'id'>;

  constructor(name: string = LOCAL_DB_NAME) {
    // Dexie 4's shared live-query cache once served Today a draft the visit save had deleted (seen
    // in the coordinator-review journey: the list showed it until a reload). Every live query reads
    // IndexedDB itself instead; the screens' queries are index reads, so the cost is small.
    super(name, { cache: 'disabled' });
    this.version(1).stores({
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
    // v2 (issue 3): the lookups of the coach's screens. Compound indexes give a business's timeline
    // in date order, a coach's planned visits and returned visits, and open follow-ups by due date
    // without scanning 100,000 rows; nib/nik/phone find likely duplicates before a new business is saved.
    this.version(2).stores({
      businesses:
        'id, organisationId, districtCode, villageCode, assignedCoachId, status, updatedAt, licences.nib, ownerNik, phone',
      visits: 'id, businessId, coachId, visitedAt, reviewState, nextVisitOn, [businessId+visitedAt]',
      followUps: 'id, businessId, visitId, dueOn, [businessId+dueOn]',
      photos: 'id, businessId, visitId, sha256',
      drafts: 'id, kind, updatedAt',
    });
    // v3 (issue 4): conflict texts come from the server with its ids (the v1 table, never written,
    // had local numeric keys; a primary key cannot change, so the table is replaced).
    this.version(3).stores({
      conflicts: null,
      syncConflicts: 'id, businessId, rowId',
    });
    // v4: indexes no screen reads are dropped. Every index is one more write per row, and a first
    // sync writes 122,000 rows (npm run bench): businesses by organisation (one per phone), kecamatan
    // and status, visits by coach and next-visit date (Today reaches visits per business).
    this.version(4).stores({
      businesses: 'id, villageCode, assignedCoachId, updatedAt, licences.nib, ownerNik, phone',
      visits: 'id, businessId, visitedAt, reviewState, [businessId+visitedAt]',
    });
    // Owners' correction requests (issue 6): only follow-ups carrying one are in this index, so a
    // coach's Today finds them without reading every follow-up.
    this.version(5).stores({
      followUps: 'id, businessId, visitId, dueOn, [businessId+dueOn], correction.field',
    });
    // v6: visits keep two indexes instead of four. A business's visits come from
    // `[businessId+visitedAt]` (its prefix replaces `businessId`); returned visits and the newest
    // ones come from `[reviewState+visitedAt]` (one range per state replaces `reviewState` and
    // `visitedAt`). Writing 100,000 visits took 2-3 s less of a first sync here (npm run bench);
    // the queries are in visit-queries.ts.
    this.version(6).stores({
      visits: 'id, [businessId+visitedAt], [reviewState+visitedAt]',
    });
    // v7-v8: the state index holds only the visits a work list shows (keyForLists): returned,
    // submitted and draft ones, and approved ones of the last LISTED_DAYS days. v7 adds it and
    // keys the visits the old index finds in those ranges; v8 drops the old index.
    this.version(7)
      .stores({
        visits: 'id, [businessId+visitedAt], [reviewState+visitedAt], [reviewState+listedAt]',
      })
      .upgrade(async (tx) => {
        const visits = tx.table<Visit, string>('visits');
        const since = new Date(listedFrom(Date.now())).toISOString();
        for (const state of ['draft', 'submitted', 'returned', 'approved'] as const) {
          // Each visit in these ranges is rewritten with its key (listKeys would key it on the write too).
          await visits
            .where('[reviewState+visitedAt]')
            .between([state, state === 'approved' ? since : Dexie.minKey], [state, Dexie.maxKey], true, true)
            .modify((visit) => keyForLists(visit, Date.now()));
        }
      });
    this.version(8).stores({
      visits: 'id, [businessId+visitedAt], [reviewState+listedAt]',
    });
    this.use({ stack: 'dbcore', name: 'listKeys', create: listKeys });
  }
}

/** The app's one connection. Tests reset it with `localDb.delete()` + `localDb.open()`. */
export const localDb = new LocalDb();

export async function readMeta<T>(db: LocalDb, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function writeMeta(db: LocalDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
