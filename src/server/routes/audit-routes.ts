/**
 * The audit trail for coordinators (issue 7): GET /api/audit, their own organisation's entries,
 * newest first, a page at a time. The page is keyset-paged on (at, id) by the index on
 * (organisation_id, at); `next` is the last entry's id, whose (at, id) the next page starts below,
 * so entries written meanwhile never shift or repeat a page. Names of what was acted on (a
 * business, an account, a token, the business of a visit, an import's file) are looked up for the
 * page only, by primary key, within the organisation.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { auditPageSchema, auditQuerySchema, type AuditEntry, type AuditQuery } from '@/shared/domain/audit';
import { nextDay, startOfDay, timeZoneOfRegion } from '@/shared/domain/time-zone';
import { currentUser, requireRole } from '../auth/middleware';
import type { Db } from '../db/connect';
import { apiTokens, auditLog, businesses, importJobs, organisations, users, visits } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, type AppEnv } from '../errors';

const auditRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  summary: 'The audit trail: who changed or exported what, and when',
  description:
    'Coordinators only, their own organisation, newest first. Filters: `action` (a prefix: `export`, `user.`, `sync.push`), `userId`, `entity` with `entityId`, and `from`/`to` (calendar days in the city’s time zone, both included). Page on with `before` = the previous page’s `next`.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { query: auditQuerySchema },
  responses: {
    200: {
      description: 'A page of entries',
      content: { 'application/json': { schema: auditPageSchema } },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** A uuid, as entity ids of the named kinds are; anything else is never looked up. */
const UUID = z.uuid();

type NameLookup = (
  db: Db,
  organisationId: string,
  ids: string[],
) => Promise<Array<{ id: string; name: string }>>;

const NAME_LOOKUPS: Record<string, NameLookup> = {
  business: (db, org, ids) =>
    db
      .select({ id: businesses.id, name: businesses.name })
      .from(businesses)
      .where(and(eq(businesses.organisationId, org), inArray(businesses.id, ids))),
  user: (db, org, ids) =>
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.organisationId, org), inArray(users.id, ids))),
  api_token: (db, org, ids) =>
    db
      .select({ id: apiTokens.id, name: apiTokens.name })
      .from(apiTokens)
      .where(and(eq(apiTokens.organisationId, org), inArray(apiTokens.id, ids))),
  visit: (db, org, ids) =>
    db
      .select({ id: visits.id, name: businesses.name })
      .from(visits)
      .innerJoin(businesses, eq(businesses.id, visits.businessId))
      .where(and(eq(visits.organisationId, org), inArray(visits.id, ids))),
  import: (db, org, ids) =>
    db
      .select({ id: importJobs.id, name: importJobs.fileName })
      .from(importJobs)
      .where(and(eq(importJobs.organisationId, org), inArray(importJobs.id, ids))),
};

async function entityNames(
  db: Db,
  organisationId: string,
  rows: Array<{ entity: string | null; entityId: string | null }>,
): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.entity || !row.entityId || !NAME_LOOKUPS[row.entity] || !UUID.safeParse(row.entityId).success)
      continue;
    const ids = wanted.get(row.entity) ?? new Set<string>();
    ids.add(row.entityId);
    wanted.set(row.entity, ids);
  }
  const names = new Map<string, string>();
  for (const [entity, ids] of wanted) {
    const lookup = NAME_LOOKUPS[entity];
    if (!lookup) continue;
    for (const found of await lookup(db, organisationId, [...ids]))
      names.set(`${entity}:${found.id}`, found.name);
  }
  return names;
}

async function conditions(db: Db, organisationId: string, query: AuditQuery): Promise<SQL[]> {
  const where: SQL[] = [eq(auditLog.organisationId, organisationId)];
  if (query.action) where.push(sql`left(${auditLog.action}, ${query.action.length}) = ${query.action}`);
  if (query.userId) where.push(eq(auditLog.userId, query.userId));
  if (query.entity) where.push(eq(auditLog.entity, query.entity));
  if (query.entityId) where.push(eq(auditLog.entityId, query.entityId));
  if (query.from || query.to) {
    const [org] = await db
      .select({ regionCode: organisations.regionCode })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .limit(1);
    const zone = timeZoneOfRegion(org?.regionCode ?? '');
    if (query.from) where.push(gte(auditLog.at, startOfDay(query.from, zone)));
    if (query.to) where.push(lt(auditLog.at, startOfDay(nextDay(query.to), zone)));
  }
  if (query.before) {
    // Below the previous page's last entry in (at, id) order; its own row fixes both, exactly.
    where.push(
      sql`(${auditLog.at}, ${auditLog.id}) < (SELECT a.at, a.id FROM audit_log a WHERE a.id = ${Number(query.before)})`,
    );
  }
  return where;
}

export function auditRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(auditRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const rows = await db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        detail: auditLog.detail,
        userId: users.id,
        userName: users.name,
        userRole: users.role,
      })
      .from(auditLog)
      .leftJoin(users, and(eq(users.id, auditLog.userId), eq(users.organisationId, user.organisationId)))
      .where(and(...(await conditions(db, user.organisationId, query))))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const names = await entityNames(db, user.organisationId, page);
    const entries: AuditEntry[] = page.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      user:
        row.userId && row.userName && row.userRole
          ? { id: row.userId, name: row.userName, role: row.userRole }
          : null,
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      entityName: row.entity && row.entityId ? (names.get(`${row.entity}:${row.entityId}`) ?? null) : null,
      detail: row.detail,
    }));
    const last = page[page.length - 1];
    c.header('Cache-Control', 'no-store');
    return c.json({ entries, next: rows.length > query.limit && last ? String(last.id) : null }, 200);
  });

  return app;
}
