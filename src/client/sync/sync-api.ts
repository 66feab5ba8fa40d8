/**
 * The network side of sync, kept apart from the storage side so tests can hand in the server's own
 * `app.fetch` (or a chaos wrapper around it) instead of the network.
 */
import { z } from 'zod';
import { businessSchema } from '@/shared/domain/business';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpSchema } from '@/shared/domain/follow-up';
import { photoSchema } from '@/shared/domain/photo';
import { visitSchema } from '@/shared/domain/visit';
import { cityRegionsSchema, type CityRegions } from '@/client/data/regions-schema';
import type { Mutation } from '@/shared/sync/protocol';
import { syncConflictSchema } from '@/shared/sync/conflict';

export const changesPageSchema = z.object({
  changes: z.object({
    businesses: z.array(businessSchema),
    visits: z.array(visitSchema),
    followUps: z.array(followUpSchema),
    checklistStates: z.array(checklistStateSchema),
    photos: z.array(photoSchema),
  }),
  revokedBusinessIds: z.array(z.string()).default([]),
  conflicts: z.array(syncConflictSchema).default([]),
  cursor: z.string(),
  hasMore: z.boolean(),
  serverTime: z.string(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

export const pushAnswerSchema = changesPageSchema.extend({
  lastMutationId: z.number().int().nonnegative(),
  /** The account was deactivated: the push was applied, nothing was pulled; sign out once the outbox is empty. */
  signOut: z.boolean().default(false),
  rejected: z.array(
    z.object({
      mutationId: z.number().int(),
      reason: z.string(),
      detail: z.string().nullable(),
      message: z.string(),
    }),
  ),
});
export type PushAnswer = z.infer<typeof pushAnswerSchema>;

export type PushBody = {
  clientId: string;
  schemaVersion: number;
  cursor: string;
  limit: number;
  mutations: readonly Mutation[];
};

/** The server has applied up to `lastMutationId` and wants the rest from the next number. */
export type PushGap = { ok: false; failure: 'gap'; lastMutationId: number };

/**
 * Why a request gave nothing: no answer, the session is gone, the cursor is older than the server's
 * tombstone horizon (410: pull everything again), or the server said no/garbled.
 */
export type ApiFailure = 'network' | 'unauthorized' | 'expired' | 'server';
export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure; status?: number };

export type SyncApi = {
  changes: (cursor: string, limit: number) => Promise<ApiResult<ChangesPage>>;
  regions: () => Promise<ApiResult<CityRegions>>;
  push: (body: PushBody) => Promise<ApiResult<PushAnswer> | PushGap>;
  /** Whether the server has these photo bytes. */
  hasBlob: (sha256: string) => Promise<ApiResult<boolean>>;
  /** Uploads photo bytes; `refused` when the server will never take them (not an image, wrong hash). */
  putBlob: (sha256: string, bytes: ArrayBuffer, type: string) => Promise<ApiResult<'stored' | 'refused'>>;
  /** Photo bytes from the server, or null when it has none this user may read. */
  getBlob: (sha256: string) => Promise<{ bytes: ArrayBuffer; type: string } | null>;
};

const gapSchema = z.object({
  error: z.object({ code: z.literal('sync_gap'), lastMutationId: z.number().int() }),
});

export function createSyncApi(token: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): SyncApi {
  async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
    } catch {
      return { ok: false, failure: 'network' };
    }
    if (response.status === 401) return { ok: false, failure: 'unauthorized', status: 401 };
    if (response.status === 410) return { ok: false, failure: 'expired', status: 410 };
    if (!response.ok) return { ok: false, failure: 'server', status: response.status };
    const parsed = schema.safeParse(await response.json().catch(() => null));
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, failure: 'server', status: response.status };
  }
  async function push(body: PushBody): Promise<ApiResult<PushAnswer> | PushGap> {
    let response: Response;
    try {
      response = await fetchImpl('/api/sync', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch {
      return { ok: false, failure: 'network' };
    }
    if (response.status === 401) return { ok: false, failure: 'unauthorized', status: 401 };
    if (response.status === 410) return { ok: false, failure: 'expired', status: 410 };
    const json: unknown = await response.json().catch(() => null);
    if (response.status === 409) {
      const gap = gapSchema.safeParse(json);
      if (gap.success) return { ok: false, failure: 'gap', lastMutationId: gap.data.error.lastMutationId };
    }
    if (!response.ok) return { ok: false, failure: 'server', status: response.status };
    const parsed = pushAnswerSchema.safeParse(json);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, failure: 'server', status: response.status };
  }
  async function blobRequest(sha256: string, init: RequestInit): Promise<Response | ApiFailure> {
    try {
      return await fetchImpl(`/api/blobs/${sha256}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    } catch {
      return 'network';
    }
  }
  async function hasBlob(sha256: string): Promise<ApiResult<boolean>> {
    const response = await blobRequest(sha256, { method: 'HEAD' });
    if (typeof response === 'string') return { ok: false, failure: response };
    if (response.status === 401) return { ok: false, failure: 'unauthorized', status: 401 };
    if (response.status === 200 || response.status === 404)
      return { ok: true, value: response.status === 200 };
    return { ok: false, failure: 'server', status: response.status };
  }
  async function putBlob(
    sha256: string,
    bytes: ArrayBuffer,
    type: string,
  ): Promise<ApiResult<'stored' | 'refused'>> {
    const response = await blobRequest(sha256, {
      method: 'PUT',
      headers: { 'Content-Type': type },
      body: bytes,
    });
    if (typeof response === 'string') return { ok: false, failure: response };
    if (response.status === 401) return { ok: false, failure: 'unauthorized', status: 401 };
    if (response.ok) return { ok: true, value: 'stored' };
    if (response.status === 400 || response.status === 413) return { ok: true, value: 'refused' };
    return { ok: false, failure: 'server', status: response.status };
  }
  async function getBlob(sha256: string): Promise<{ bytes: ArrayBuffer; type: string } | null> {
    const response = await blobRequest(sha256, { method: 'GET' });
    if (typeof response === 'string' || !response.ok) return null;
    return {
      bytes: await response.arrayBuffer(),
      type: response.headers.get('Content-Type') ?? 'image/jpeg',
    };
  }
  return {
    push,
    hasBlob,
    putBlob,
    getBlob,
    changes: (cursor, limit) =>
      getJson(`/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, changesPageSchema),
    regions: () => getJson('/api/reference/regions', cityRegionsSchema),
  };
}
