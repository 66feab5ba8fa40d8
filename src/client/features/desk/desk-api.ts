/**
 * The coordinator's desk talks to the server directly (its lists span the whole city and are not
 * kept on the laptop). Every call answers with a result, never a throw: the screens say what went
 * wrong in the coordinator's language and keep what they typed.
 */
import { z } from 'zod';
import { checklistStateSchema } from '@/shared/domain/checklist-state';
import { followUpSchema } from '@/shared/domain/follow-up';
import { photoSchema } from '@/shared/domain/photo';
import {
  reviewEventSchema,
  reviewPageSchema,
  type ReviewPage,
  type ReviewRequest,
} from '@/shared/domain/review';
import { roleSchema } from '@/shared/domain/user';
import { visitSchema, type Visit } from '@/shared/domain/visit';

export const visitDetailSchema = z.object({
  visit: visitSchema,
  business: z.object({
    id: z.string(),
    name: z.string(),
    ownerName: z.string(),
    districtCode: z.string(),
    villageCode: z.string(),
  }),
  coach: z.object({ id: z.string(), name: z.string() }),
  followUps: z.array(followUpSchema),
  checklistStates: z.array(checklistStateSchema),
  photos: z.array(photoSchema),
  history: z.array(reviewEventSchema),
});
export type VisitDetail = z.infer<typeof visitDetailSchema>;

const usersSchema = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema, active: z.boolean() })),
});
export type DeskUser = z.infer<typeof usersSchema>['users'][number];

export type DeskFailure =
  | { failure: 'network' }
  | { failure: 'unauthorized' }
  | { failure: 'notFound' }
  /** The visit changed since it was opened (or the decision no longer applies): here is the current one. */
  | { failure: 'stale'; visit: Visit; message: string }
  | { failure: 'invalid'; message: string; fields: Array<{ path: string; message: string }> }
  | { failure: 'server'; status: number; message: string };
export type DeskResult<T> = ({ ok: true } & { value: T }) | ({ ok: false } & DeskFailure);

/** What went wrong, for a "failed ({{reason}})" line: the server's own message, or the kind of failure. */
export function failureReason(failure: DeskFailure): string {
  return 'message' in failure ? failure.message : failure.failure;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  visit: visitSchema.optional(),
});

export type DeskApi = ReturnType<typeof createDeskApi>;
export type DeskRequest = <T>(
  path: string,
  schema: z.ZodType<T>,
  init?: RequestInit,
) => Promise<DeskResult<T>>;

/**
 * One authenticated JSON call to the server, answered as a DeskResult. Each desk area (review,
 * businesses, people, dashboard, exports) builds its calls on this.
 */
export function createDeskRequest(
  token: string,
  language: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): DeskRequest {
  return async function request<T>(
    path: string,
    schema: z.ZodType<T>,
    init: RequestInit = {},
  ): Promise<DeskResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'Accept-Language': language,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
      });
    } catch {
      return { ok: false, failure: 'network' };
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, failure: 'server', status: response.status, message: 'unexpected answer' };
    }
    if (response.status === 401) return { ok: false, failure: 'unauthorized' };
    if (response.status === 404) return { ok: false, failure: 'notFound' };
    const error = errorSchema.safeParse(json);
    const message = error.success ? error.data.error.message : `HTTP ${response.status}`;
    if (response.status === 409 && error.success && error.data.visit) {
      return { ok: false, failure: 'stale', visit: error.data.visit, message };
    }
    if (response.status === 400 && error.success) {
      return { ok: false, failure: 'invalid', message, fields: error.data.error.fields ?? [] };
    }
    return { ok: false, failure: 'server', status: response.status, message };
  };
}

export function createDeskApi(
  token: string,
  language: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
) {
  const request = createDeskRequest(token, language, fetchImpl);
  return {
    /** For the other desk areas' calls (people-api.ts, …). */
    request,
    reviewQueue(filters: Record<string, string>, before?: string): Promise<DeskResult<ReviewPage>> {
      const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
      if (before) query.set('before', before);
      const search = query.toString();
      return request(`/api/review/visits${search ? `?${search}` : ''}`, reviewPageSchema);
    },
    visit(id: string): Promise<DeskResult<VisitDetail>> {
      return request(`/api/visits/${encodeURIComponent(id)}`, visitDetailSchema);
    },
    review(id: string, body: ReviewRequest): Promise<DeskResult<{ visit: Visit }>> {
      return request(`/api/visits/${encodeURIComponent(id)}/review`, z.object({ visit: visitSchema }), {
        method: 'POST',
        body: JSON.stringify(body),
      });
    },
    users(): Promise<DeskResult<{ users: DeskUser[] }>> {
      return request('/api/users', usersSchema);
    },
    /** A photo's bytes as an object URL (the caller revokes it), or null when the server has none. */
    async photoUrl(sha256: string): Promise<string | null> {
      try {
        const response = await fetchImpl(`/api/blobs/${sha256}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!response.ok) return null;
        return URL.createObjectURL(await response.blob());
      } catch {
        return null;
      }
    },
  };
}
