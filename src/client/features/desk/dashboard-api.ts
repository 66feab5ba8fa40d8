/** The dashboard's server calls, on the desk's one request helper (never throws). */
import { z } from 'zod';
import { dashboardSchema, mapPointsSchema, type Dashboard, type MapPoints } from '@/shared/domain/dashboard';
import type { DeskRequest, DeskResult } from './desk-api';

export type DashboardFilters = {
  districtCode?: string;
  notVisitedDays?: number;
  weeks?: number;
  months?: number;
};

function search(filters: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function dashboardApi(request: DeskRequest) {
  return {
    dashboard(filters: DashboardFilters): Promise<DeskResult<Dashboard>> {
      return request(`/api/dashboard${search(filters)}`, dashboardSchema);
    },
    setCoverageTarget(target: number | null): Promise<DeskResult<{ target: number | null }>> {
      return request('/api/organisation/coverage-target', z.object({ target: z.number().int().nullable() }), {
        method: 'PUT',
        body: JSON.stringify({ target }),
      });
    },
    mapPoints(filters: { districtCode?: string; days?: number }): Promise<DeskResult<MapPoints>> {
      return request(`/api/map/points${search(filters)}`, mapPointsSchema);
    },
  };
}
export type DashboardApi = ReturnType<typeof dashboardApi>;
