import { z } from 'zod';
import { SYNCED_TABLES } from './tables';

/**
 * The wire protocol between phone and server. The exchange itself (POST /api/sync) is built in the
 * sync issue; what is fixed here is what the outbox stores, so entries written by this version are
 * readable by every later one.
 */
export { PROTOCOL_VERSION, SYNCED_TABLES, type SyncedTable } from './tables';

export const syncedTableSchema = z.enum(SYNCED_TABLES);

/**
 * One outbox entry: a numbered mutation. `mutationId` increases per device without gaps; the server
 * applies each at most once. `fields` holds only the fields this write changed, with their clocks.
 */
export const mutationSchema = z.object({
  mutationId: z.number().int().positive(),
  table: syncedTableSchema,
  rowId: z.uuid(),
  op: z.enum(['upsert', 'delete']),
  fields: z.record(z.string(), z.unknown()),
  clocks: z.record(z.string(), z.string()),
  /**
   * The clock each changed field had on this device just before the write (absent: it had none).
   * The server tells a concurrent edit (someone else's value the device never saw) from an edit of
   * the value the device showed, and keeps only the former's losing text as a conflict. Entries
   * queued before this existed have no `baseClocks`; their losing texts are all kept.
   */
  baseClocks: z.record(z.string(), z.string()).optional(),
  schemaVersion: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Mutation = z.infer<typeof mutationSchema>;
