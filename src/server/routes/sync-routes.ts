import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { businessSchema } from '@/shared/domain/business';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpSchema } from '@/shared/domain/follow-up';
import { photoSchema } from '@/shared/domain/photo';
import { visitSchema } from '@/shared/domain/visit';
import { eq } from 'drizzle-orm';
import { currentUser } from '../auth/middleware';
import type { AuthenticatedUser } from '../auth/sessions';
import type { Db } from '../db/connect';
import { syncState } from '../db/schema';
import type { AppDeps } from '../deps';
import { audit } from '../audit';
import { errorBody, errorResponses, fail, type AppEnv } from '../errors';
import {
  applyPush,
  ClientOwnerError,
  MAX_MUTATIONS_PER_PUSH,
  REJECTION_REASONS,
  SyncGapError,
} from '../sync/apply-push';
import {
  changesSince,
  emptyPage,
  pageJson,
  parseCursor,
  START_CURSOR,
  type Cursor,
} from '../sync/changes-since';
import { syncConflictSchema } from '@/shared/sync/conflict';
import type { Context } from 'hono';
import { translate, type Language } from '@/shared/i18n';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';

export const PULL_PAGE_DEFAULT = 500;
export const PULL_PAGE_MAX = 5000;

const changesQuerySchema = z.strictObject({
  cursor: z
    .string()
    .default(START_CURSOR)
    .refine((value) => parseCursor(value) !== null, { message: 'validation.cursor' })
    .openapi({ description: 'The cursor of the previous page, as received; `0` (or absent) for everything' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PULL_PAGE_MAX)
    .default(PULL_PAGE_DEFAULT)
    .openapi({ description: `Rows per page over all tables (1–${PULL_PAGE_MAX})` }),
});

const changesResponseSchema = z.object({
  changes: z.object({
    businesses: z.array(businessSchema),
    visits: z.array(visitSchema),
    followUps: z.array(followUpSchema),
    checklistStates: z.array(checklistStateSchema),
    photos: z.array(photoSchema),
  }),
  revokedBusinessIds: z.array(z.uuid()).openapi({
    description:
      'Businesses that left the caller’s scope (re-assigned to another coach): remove them locally once nothing of them is waiting to be sent',
  }),
  conflicts: z.array(syncConflictSchema).openapi({
    description: 'Texts that lost a merge, kept so the coach and the coordinator can read them',
  }),
  cursor: z.string(),
  hasMore: z.boolean(),
  serverTime: z.iso.datetime(),
});

const changesRoute = createRoute({
  method: 'get',
  path: '/api/sync/changes',
  tags: ['sync'],
  summary: 'Rows the caller may read that changed after a cursor (the pull half of sync)',
  description:
    'Pages through businesses, visits, follow-ups, checklist states and photo metadata in commit order. Deleted rows come as tombstones (`deletedAt` set). Keep calling with the returned cursor while `hasMore` is true.',
  security: [{ bearerAuth: [] }],
  request: { query: changesQuerySchema },
  responses: {
    200: {
      description: 'A page of changes',
      content: { 'application/json': { schema: changesResponseSchema } },
    },
    ...errorResponses(400, 401, 410),
  },
});

const pushBodySchema = z.strictObject({
  clientId: z.uuid().openapi({ description: 'The device’s id (made once per device and user)' }),
  schemaVersion: z
    .number()
    .int()
    .min(1)
    .max(PROTOCOL_VERSION)
    .openapi({
      description: `Protocol version of the device (this server speaks up to ${PROTOCOL_VERSION})`,
    }),
  cursor: changesQuerySchema.shape.cursor,
  limit: z.number().int().min(0).max(PULL_PAGE_MAX).default(PULL_PAGE_DEFAULT).openapi({
    description:
      'Rows to pull after the push; 0 pulls nothing (the phone sends its whole outbox first, then pulls, so every entry is judged by what the phone knew when it was written)',
  }),
  // Each mutation is judged on its own (a bad one is rejected, not the request): here only its number.
  mutations: z
    .array(z.looseObject({ mutationId: z.number().int().positive() }))
    .max(MAX_MUTATIONS_PER_PUSH)
    .default([])
    .openapi({
      description: `Outbox entries in order (at most ${MAX_MUTATIONS_PER_PUSH}): {mutationId, table, rowId, op, fields, clocks, baseClocks?, schemaVersion, createdAt}; baseClocks holds the clock each changed field had on the device before the edit, so only truly concurrent edits of long texts are kept as conflicts`,
    }),
});

const pushResponseSchema = changesResponseSchema.extend({
  lastMutationId: z.number().int().openapi({ description: 'Remove outbox entries up to this number' }),
  rejected: z.array(
    z.object({
      mutationId: z.number().int(),
      reason: z.enum(REJECTION_REASONS),
      detail: z.string().nullable(),
      message: z.string(),
    }),
  ),
  signOut: z.boolean().optional().openapi({
    description:
      'Present and true when the account was deactivated: the push was applied as usual but nothing is pulled (the page is empty, `hasMore` false). The phone sends the rest of its outbox the same way, then signs out',
  }),
});

const pushRoute = createRoute({
  method: 'post',
  path: '/api/sync',
  tags: ['sync'],
  summary: 'Push numbered mutations and pull what changed, in one transaction',
  description:
    'Applies each mutation at most once (by device and number), merging field by field by hybrid logical clock; a mutation that may not apply is rejected with a reason and still counts as handled. Then answers a page of changes after `cursor`, as GET /api/sync/changes does. A session closed by its account’s deactivation may still push (until it would have expired): its mutations are applied the same way, nothing is pulled, and the answer carries `signOut: true`.',
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'application/json': { schema: pushBodySchema } }, required: true } },
  responses: {
    200: {
      description: 'Applied, and a page of changes',
      content: { 'application/json': { schema: pushResponseSchema } },
    },
    ...errorResponses(400, 401, 403, 409, 410, 413),
  },
});

/**
 * Whether the phone's cursor is older than the organisation's tombstone horizon: it may have missed
 * a delete that has since been purged, so it must pull everything again (sync.md). A cursor of 0 is
 * that full pull and never expires.
 */
async function cursorExpired(db: Db, user: AuthenticatedUser, cursor: Cursor): Promise<boolean> {
  if (cursor.version === 0 && cursor.table === null) return false;
  const [state] = await db
    .select({ horizon: syncState.horizon })
    .from(syncState)
    .where(eq(syncState.organisationId, user.organisationId));
  const horizon = state?.horizon ?? 0;
  return cursor.version < horizon || (cursor.version === horizon && cursor.table !== null);
}

function expired(c: Context<AppEnv>): never {
  fail(c, 410, 'cursor_expired', 'api.cursorExpired');
}

/** A field name in a rejection's detail, as the forms call it (the name itself when unknown). */
function fieldLabel(lang: Language, detail: string | null): string {
  if (!detail) return '';
  const label = translate(lang, `sync.fields.${detail}`);
  return label === `sync.fields.${detail}` ? detail : label;
}

/**
 * A page of changes read as of one moment. The page is five queries (one per table); a push of the
 * city committing between two of them would put, say, its visit on the page but not its business,
 * and the cursor would then move past that business for good. Holding the organisation's version
 * row in share mode keeps every push of the city (which takes that row first) from committing while
 * the page is read; a push that took that row already just keeps it.
 */
async function consistentChanges(tx: Db, user: AuthenticatedUser, cursor: Cursor, limit: number) {
  await tx
    .select({ version: syncState.version })
    .from(syncState)
    .where(eq(syncState.organisationId, user.organisationId))
    .for('share');
  return changesSince(tx, user, cursor, limit);
}

/**
 * A page's answer: JSON text already made (pageJson), so it is sent as it is. Typed as the route's
 * JSON answer, which its text is (the sync tests parse every answer with the phone's schema).
 */
function pageAnswer(c: Context<AppEnv>, body: string) {
  return c.body(body, 200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
  }) as never;
}

export function syncRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(changesRoute, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const cursor = parseCursor(query.cursor);
    if (!cursor) throw new Error('cursor validated above');
    if (await cursorExpired(deps.database.db, user, cursor)) expired(c);
    const page = await deps.database.db.transaction((tx) =>
      consistentChanges(tx as unknown as Db, user, cursor, query.limit),
    );
    return pageAnswer(c, pageJson(page, { serverTime: deps.now().toISOString() }));
  });
  app.openapi(pushRoute, async (c) => {
    const user = currentUser(c);
    const body = c.req.valid('json');
    const cursor = parseCursor(body.cursor);
    if (!cursor) throw new Error('cursor validated above');
    const now = deps.now();
    const lang = c.get('lang') ?? 'id';
    // A deactivated account's phone hands over what it saved offline; it is sent nothing back.
    const closed = c.get('accountClosed');
    // Before anything is applied: the phone sends the same entries again with cursor 0.
    if (await cursorExpired(deps.database.db, user, cursor)) expired(c);
    try {
      const result = await deps.database.db.transaction(async (tx) => {
        const push = await applyPush(
          tx as unknown as Db,
          user,
          body.clientId,
          body.mutations,
          now,
          cursor.version,
        );
        // One audit row per push that changed something (not one per row): who, from which
        // device, how many rows of each table. The rows themselves carry their field clocks.
        if (push.applied > 0) {
          await audit(tx as unknown as Db, {
            organisationId: user.organisationId,
            userId: user.id,
            action: 'sync.push',
            entity: 'device',
            entityId: body.clientId,
            detail: {
              applied: push.applied,
              tables: push.appliedByTable,
              ...(closed ? { closed: true } : {}),
            },
          });
        }
        const page = closed
          ? { ...emptyPage(), cursor: body.cursor, hasMore: false }
          : body.limit === 0
            ? { ...emptyPage(), cursor: body.cursor, hasMore: true }
            : await consistentChanges(tx as unknown as Db, user, cursor, body.limit);
        return { push, page };
      });
      return pageAnswer(
        c,
        pageJson(result.page, {
          serverTime: now.toISOString(),
          lastMutationId: result.push.lastMutationId,
          rejected: result.push.rejected.map((rejection) => ({
            ...rejection,
            message: translate(lang, `sync.rejected.${rejection.reason}`, {
              detail: fieldLabel(lang, rejection.detail),
            }),
          })),
          ...(closed ? { signOut: true } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof SyncGapError) {
        const body = errorBody('sync_gap', translate(lang, 'api.syncGap', { last: error.lastMutationId }));
        return c.json({ error: { ...body.error, lastMutationId: error.lastMutationId } }, 409) as never;
      }
      if (error instanceof ClientOwnerError) fail(c, 403, 'forbidden', 'api.clientOwner');
      throw error;
    }
  });
  return app;
}
