/** The coordinator's businesses list, caseloads, assignments and coaching status (issue 5). */
import { z } from 'zod';
import {
  assignmentResultSchema,
  caseloadSchema,
  deskBusinessPageSchema,
  type AssignmentRequest,
  type AssignmentResult,
  type Caseload,
  type DeskBusinessPage,
  type StatusChange,
} from '@/shared/domain/assignment';
import { businessSchema, type Business } from '@/shared/domain/business';
import type { MergeRequest } from '@/shared/domain/business-merge';
import type { DeskRequest, DeskResult } from './desk-api';

const caseloadsSchema = z.object({ caseloads: z.array(caseloadSchema) });

export function createBusinessesApi(request: DeskRequest) {
  return {
    list(filters: Record<string, string>, after?: string): Promise<DeskResult<DeskBusinessPage>> {
      const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
      if (after) query.set('after', after);
      const search = query.toString();
      return request(`/api/desk/businesses${search ? `?${search}` : ''}`, deskBusinessPageSchema);
    },
    async caseloads(): Promise<DeskResult<Caseload[]>> {
      const result = await request('/api/desk/caseloads', caseloadsSchema);
      return result.ok ? { ok: true, value: result.value.caseloads } : result;
    },
    assign(body: AssignmentRequest): Promise<DeskResult<AssignmentResult>> {
      return request('/api/assignments', assignmentResultSchema, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    },
    business(id: string): Promise<DeskResult<Business>> {
      return request(`/api/businesses/${encodeURIComponent(id)}`, businessSchema);
    },
    merge(
      keptId: string,
      body: MergeRequest,
    ): Promise<DeskResult<{ business: Business; moved: Record<string, number> }>> {
      return request(
        `/api/businesses/${encodeURIComponent(keptId)}/merge`,
        z.object({ business: businessSchema, moved: z.record(z.string(), z.number()) }),
        { method: 'POST', body: JSON.stringify(body) },
      );
    },
    setStatus(id: string, body: StatusChange): Promise<DeskResult<{ business: Business }>> {
      return request(
        `/api/businesses/${encodeURIComponent(id)}/status`,
        z.object({ business: businessSchema }),
        { method: 'POST', body: JSON.stringify(body) },
      );
    },
  };
}
export type BusinessesApi = ReturnType<typeof createBusinessesApi>;
