/**
 * Everything not yet on the server, as one JSON file: the outbox entries, the rows they change and
 * the bytes of their photos. A coach who must sign out before the phone can reach the server keeps
 * this file (and sends it to the office), so no saved visit depends on the phone surviving.
 */
import { SYNCED_TABLES, type SyncedTable } from '@/shared/sync/tables';
import { readMeta, type LocalDb } from './local-db';
import { META_CLIENT_ID } from './outbox';

export const OUTBOX_EXPORT_FORMAT = 'binaan-outbox-1';

function base64(bytes: ArrayBuffer): string {
  let text = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(text);
}

export type OutboxExport = { fileName: string; json: string; entries: number };

/** A row as the shared schema has it: without the phone's own index key (keyForLists, local-db.ts). */
function sharedFields(row: unknown): unknown {
  const copy = { ...(row as Record<string, unknown>) };
  delete copy.listedAt;
  return copy;
}

export async function buildOutboxExport(db: LocalDb, userId: string, now: Date = new Date()): Promise<OutboxExport> {
  const tables = SYNCED_TABLES.map((table) => db.table(table));
  return db.transaction('r', [db.outbox, db.meta, db.blobs, ...tables], async () => {
    const outbox = await db.outbox.orderBy('mutationId').toArray();
    const rows: Partial<Record<SyncedTable, unknown[]>> = {};
    for (const table of SYNCED_TABLES) {
      const ids = [...new Set(outbox.filter((entry) => entry.table === table).map((entry) => entry.rowId))];
      if (ids.length > 0) rows[table] = (await db.table(table).bulkGet(ids)).filter(Boolean).map(sharedFields);
    }
    const hashes = ((rows.photos ?? []) as Array<{ sha256: string }>).map((photo) => photo.sha256);
    const blobs = (await db.blobs.bulkGet(hashes)).flatMap((blob) =>
      blob ? [{ sha256: blob.sha256, type: blob.type, base64: base64(blob.bytes) }] : [],
    );
    const json = JSON.stringify({
      format: OUTBOX_EXPORT_FORMAT,
      exportedAt: now.toISOString(),
      userId,
      clientId: (await readMeta<string>(db, META_CLIENT_ID)) ?? null,
      outbox,
      rows,
      blobs,
    });
    const stamp = now.toISOString().slice(0, 16).replace(/[:T]/g, '-');
    return { fileName: `binaan-belum-terkirim-${stamp}.json`, json, entries: outbox.length };
  });
}
