/**
 * Housekeeping that keeps the sync tables and the photo store from growing without end.
 *
 * Tombstones: nothing synced is hard-deleted while a phone may still need to hear of the delete.
 * After the retention period (90 days by default) deleted rows are purged, children first and only
 * where nothing still refers to them, together with old revocations. The organisation's `horizon`
 * then moves to the newest purged version: a phone whose cursor is older may have missed one of
 * those deletes, so its next pull gets 410 and it resyncs fully (sync.md).
 *
 * Photos: bytes that no live photo row refers to any more (its photo was deleted, or its row was
 * refused) are removed after a grace day, so a photo whose row is still on its way is not lost.
 *
 * Each organisation is purged in its own transaction holding its `sync_state` row, so a purge and
 * a push of the same city never interleave.
 */
import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { LOGIN_ATTEMPT_RETENTION_MS } from '../auth/rate-limit';
import type { BlobStore } from '../blobs/blob-store';
import type { Db } from '../db/connect';
import {
  apiTokenUses,
  blobs,
  businessMerges,
  businesses,
  checklistStates,
  followUps,
  importChunks,
  importJobs,
  loginAttempts,
  photos,
  syncRevocations,
  syncState,
  visits,
} from '../db/schema';

const DAY_MS = 24 * 60 * 60 * 1000;
export const TOMBSTONE_RETENTION_DAYS = 90;
export const BLOB_GRACE_MS = DAY_MS;

export type PurgeResult = { organisationId: string; purged: number; horizon: number };

type Purgeable = {
  table: PgTable;
  organisationId: PgColumn;
  deletedAt: PgColumn;
  version: PgColumn;
  /** SQL that is true while another row still refers to this one. */
  referenced: SQL | null;
};
type SQL = ReturnType<typeof sql>;

const PURGE_ORDER: Purgeable[] = [
  {
    table: photos,
    organisationId: photos.organisationId,
    deletedAt: photos.deletedAt,
    version: photos.version,
    referenced: null,
  },
  {
    table: checklistStates,
    organisationId: checklistStates.organisationId,
    deletedAt: checklistStates.deletedAt,
    version: checklistStates.version,
    referenced: null,
  },
  {
    table: followUps,
    organisationId: followUps.organisationId,
    deletedAt: followUps.deletedAt,
    version: followUps.version,
    referenced: null,
  },
  {
    table: visits,
    organisationId: visits.organisationId,
    deletedAt: visits.deletedAt,
    version: visits.version,
    referenced: sql`(exists (select 1 from ${followUps} where ${followUps.visitId} = ${visits.id})
      or exists (select 1 from ${checklistStates} where ${checklistStates.visitId} = ${visits.id})
      or exists (select 1 from ${photos} where ${photos.visitId} = ${visits.id}))`,
  },
  {
    table: businesses,
    organisationId: businesses.organisationId,
    deletedAt: businesses.deletedAt,
    version: businesses.version,
    referenced: sql`(exists (select 1 from ${visits} where ${visits.businessId} = ${businesses.id})
      or exists (select 1 from ${followUps} where ${followUps.businessId} = ${businesses.id})
      or exists (select 1 from ${checklistStates} where ${checklistStates.businessId} = ${businesses.id})
      or exists (select 1 from ${photos} where ${photos.businessId} = ${businesses.id})
      or exists (select 1 from ${businessMerges} where ${businessMerges.duplicateId} = ${businesses.id} or ${businessMerges.survivorId} = ${businesses.id}))`,
  },
];

/** Purges tombstones (and revocations) older than `before` in every organisation; moves horizons. */
export async function purgeTombstones(db: Db, before: Date): Promise<PurgeResult[]> {
  const organisations = await db.select({ id: syncState.organisationId }).from(syncState);
  const results: PurgeResult[] = [];
  for (const { id: organisationId } of organisations) {
    results.push(
      await db.transaction(async (tx) => {
        const [state] = await tx
          .select()
          .from(syncState)
          .where(eq(syncState.organisationId, organisationId))
          .for('update');
        let horizon = state?.horizon ?? 0;
        let purged = 0;
        for (const target of PURGE_ORDER) {
          const conditions = [
            eq(target.organisationId, organisationId),
            isNotNull(target.deletedAt),
            lt(target.deletedAt, before),
          ];
          if (target.referenced) conditions.push(sql`not ${target.referenced}`);
          const gone = await tx
            .delete(target.table)
            .where(and(...conditions))
            .returning({ version: target.version });
          purged += gone.length;
          for (const row of gone) horizon = Math.max(horizon, row.version as number);
        }
        const oldRevocations = await tx
          .delete(syncRevocations)
          .where(
            and(eq(syncRevocations.organisationId, organisationId), lt(syncRevocations.createdAt, before)),
          )
          .returning({ version: syncRevocations.version });
        purged += oldRevocations.length;
        for (const row of oldRevocations) horizon = Math.max(horizon, row.version);
        if (state && horizon !== state.horizon) {
          await tx.update(syncState).set({ horizon }).where(eq(syncState.organisationId, organisationId));
        }
        return { organisationId, purged, horizon };
      }),
    );
  }
  return results;
}

/** Removes photo bytes no live photo row refers to, uploaded before `before`; returns their hashes. */
export async function collectUnreferencedBlobs(db: Db, store: BlobStore, before: Date): Promise<string[]> {
  const unreferenced = sql`not exists (select 1 from ${photos} where ${photos.sha256} = ${blobs.sha256} and ${photos.deletedAt} is null)`;
  const gone = await db
    .delete(blobs)
    .where(and(lt(blobs.createdAt, before), unreferenced))
    .returning({ sha256: blobs.sha256 });
  for (const { sha256 } of gone) await store.remove(sha256);
  return gone.map((row) => row.sha256);
}

/** How long the city API's use log and finished imports' uploaded rows are kept (issue 6). */
export const API_USE_RETENTION_DAYS = 365;
export const IMPORT_ROWS_RETENTION_DAYS = 90;

/**
 * Forgets API-token uses older than a year (the log is for audits and rate limits, not forever),
 * the uploaded rows of imports committed or discarded more than 90 days ago (the job and its report
 * stay; only the raw rows go), and sign-in attempts older than any throttle window (a day). Returns
 * how many of each.
 */
export async function purgeOldRecords(
  db: Db,
  now: Date,
): Promise<{ apiUses: number; importChunks: number; loginAttempts: number }> {
  const usesBefore = new Date(now.getTime() - API_USE_RETENTION_DAYS * DAY_MS);
  const importsBefore = new Date(now.getTime() - IMPORT_ROWS_RETENTION_DAYS * DAY_MS);
  const uses = await db
    .delete(apiTokenUses)
    .where(lt(apiTokenUses.at, usesBefore))
    .returning({ id: apiTokenUses.id });
  const chunks = await db
    .delete(importChunks)
    .where(
      inArray(
        importChunks.importId,
        db
          .select({ id: importJobs.id })
          .from(importJobs)
          .where(
            and(
              inArray(importJobs.state, ['committed', 'discarded']),
              lt(importJobs.updatedAt, importsBefore),
            ),
          ),
      ),
    )
    .returning({ importId: importChunks.importId });
  const attempts = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.at, new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS)))
    .returning({ id: loginAttempts.id });
  return { apiUses: uses.length, importChunks: chunks.length, loginAttempts: attempts.length };
}

export type MaintenanceResult = {
  purges: PurgeResult[];
  blobsRemoved: number;
  apiUses: number;
  importChunks: number;
  loginAttempts: number;
};

export async function runMaintenance(
  db: Db,
  store: BlobStore,
  now: Date,
  retentionDays: number = TOMBSTONE_RETENTION_DAYS,
): Promise<MaintenanceResult> {
  const purges = await purgeTombstones(db, new Date(now.getTime() - retentionDays * DAY_MS));
  const removed = await collectUnreferencedBlobs(db, store, new Date(now.getTime() - BLOB_GRACE_MS));
  const old = await purgeOldRecords(db, now);
  return { purges, blobsRemoved: removed.length, ...old };
}
