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
import { cityRegionsSchema, type CityRegions } from '@/client/data/reference-repository';

export const changesPageSchema = z.object({
  changes: z.object({
    businesses: z.array(businessSchema),
    visits: z.array(visitSchema),
    followUps: z.array(followUpSchema),
    checklistStates: z.array(checklistStateSchema),
    photos: z.array(photoSchema),
  }),
  cursor: z.string(),
  hasMore: z.boolean(),
  serverTime: z.string(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

/** Why a request gave nothing: no answer, the session is gone, or the server said no/garbled. */
export type ApiFailure = 'network' | 'unauthorized' | 'server';
export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure; status?: number };

export type SyncApi = {
  changes: (cursor: string, limit: number) => Promise<ApiResult<ChangesPage>>;
  regions: () => Promise<ApiResult<CityRegions>>;
};

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
    if (!response.ok) return { ok: false, failure: 'server', status: response.status };
    const parsed = schema.safeParse(await response.json().catch(() => null));
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, failure: 'server', status: response.status };
  }
  return {
    changes: (cursor, limit) =>
      getJson(`/api/sync/changes?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, changesPageSchema),
    regions: () => getJson('/api/reference/regions', cityRegionsSchema),
  };
}
