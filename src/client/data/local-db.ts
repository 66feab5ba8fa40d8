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
 * Changing a schema: add `this.version(n + 1).stores({...})` (with `.upgrade(...)` when rows must
 * change) and an upgrade test from the released schema (tests/helpers/released-schemas.ts): phones
 * in the field hold it and may hold unsynced outbox entries that must survive the upgrade.
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
    // Only versions with an upgrade function are declared, plus the current one: Dexie (3+) changes a
    // phone's tables and indexes from the schema the phone actually has, not from the versions in
    // between, and removes stores the declared schema no longer names. Each declaration makes Dexie
    // parse every earlier one again: the eight versions cost ~3 ms of every start here (0.6 ms for
    // these two; about four times that on a mid-range phone), all before the first screen. The
    // history, for the record:
    // - v1 (issue 2): businesses by organisation, kecamatan, village, coach, status, updatedAt; visits
    //   by business, coach, visitedAt, reviewState; a `conflicts` table with local numeric keys.
    // - v2 (issue 3): the coach's lookups: `[businessId+visitedAt]` (a business's timeline),
    //   `[businessId+dueOn]` (open follow-ups by due date), nib/nik/phone (likely duplicates).
    // - v3 (issue 4): `syncConflicts` with the server's ids replaced `conflicts` (never written).
    // - v4: indexes no screen reads dropped (every index is one more write per row of a first sync).
    // - v5 (issue 6): `correction.field`, so Today finds owners' correction requests.
    // - v6: visits keep `[businessId+visitedAt]` and `[reviewState+visitedAt]` instead of four indexes.
    // - v7-v8: the state index holds only the visits a work list shows (keyForLists): returned,
    //   submitted and draft ones, and approved ones of the last LISTED_DAYS days. v7 adds it and
    //   keys the visits the old index finds in those ranges; v8 drops the old index.
    // tests/client/data/local-db-upgrade.test.ts opens phones of versions 2 and 6 with this schema.
    this.version(7)
      .stores({
        businesses: 'id, villageCode, assignedCoachId, updatedAt, licences.nib, ownerNik, phone',
        visits: 'id, [businessId+visitedAt], [reviewState+visitedAt], [reviewState+listedAt]',
        followUps: 'id, businessId, visitId, dueOn, [businessId+dueOn], correction.field',
        checklistStates: 'id, businessId, visitId, [businessId+kind]',
        photos: 'id, businessId, visitId, sha256',
        blobs: 'sha256',
        outbox: 'mutationId, table, rowId',
        meta: 'key',
        drafts: 'id, kind, updatedAt',
        syncConflicts: 'id, businessId, rowId',
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
