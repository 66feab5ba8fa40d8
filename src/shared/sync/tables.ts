/**
 * The protocol's constants, without zod: the phone's first screen (outbox, local database) needs
 * them and must not load zod, which only the sync code and the forms need (protocol.ts re-exports
 * them with the wire's schemas).
 */

/** Bumped when the wire format changes; every outbox entry records the version it was written in. */
export const PROTOCOL_VERSION = 1;

/** Entity tables that sync. Names are the Dexie table names and the `table` field of a mutation. */
export const SYNCED_TABLES = ['businesses', 'visits', 'followUps', 'checklistStates', 'photos'] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];
