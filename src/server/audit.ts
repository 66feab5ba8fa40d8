/**
 * The audit trail: who changed or exported what, when. Personal data (UU 27/2022) requires it;
 * it is append-only from the application's side.
 */
import type { Db } from './db/connect';
import { auditLog } from './db/schema';

export type AuditEntry = {
  organisationId: string | null;
  userId: string | null;
  action: string;
  entity?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
};

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: entry.organisationId,
    userId: entry.userId,
    action: entry.action,
    entity: entry.entity ?? null,
    entityId: entry.entityId ?? null,
    detail: entry.detail ?? null,
  });
}
