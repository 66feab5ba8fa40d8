/**
 * The city-API token screen's calls (issue 6), on the desk's one request helper: each answers with
 * a DeskResult and never throws, so the screen can say what happened and keep what was typed.
 */
import { useMemo } from 'react';
import { z } from 'zod';
import {
  apiTokenCreatedSchema,
  apiTokenListSchema,
  apiTokenSchema,
  apiTokenUsesSchema,
  type ApiToken,
  type ApiTokenCreated,
  type ApiTokenList,
  type ApiTokenUses,
  type CreateApiTokenInput,
} from '@/shared/domain/api-token';
import type { DeskRequest, DeskResult } from './desk-api';
import { useDeskApi } from './use-desk-api';

/** Requests shown under a token when its use log is opened. */
export const USES_SHOWN = 50;

export function createTokensApi(request: DeskRequest) {
  return {
    list(): Promise<DeskResult<ApiTokenList>> {
      return request('/api/tokens', apiTokenListSchema);
    },
    create(input: CreateApiTokenInput): Promise<DeskResult<ApiTokenCreated>> {
      return request('/api/tokens', apiTokenCreatedSchema, { method: 'POST', body: JSON.stringify(input) });
    },
    async revoke(id: string): Promise<DeskResult<ApiToken>> {
      const result = await request(
        `/api/tokens/${encodeURIComponent(id)}/revoke`,
        z.object({ apiToken: apiTokenSchema }),
        { method: 'POST' },
      );
      return result.ok ? { ok: true, value: result.value.apiToken } : result;
    },
    uses(id: string): Promise<DeskResult<ApiTokenUses>> {
      return request(`/api/tokens/${encodeURIComponent(id)}/uses?limit=${USES_SHOWN}`, apiTokenUsesSchema);
    },
  };
}
export type TokensApi = ReturnType<typeof createTokensApi>;

/** The token calls for the signed-in coordinator (null while the stored session is read). */
export function useTokensApi(): TokensApi | null {
  const api = useDeskApi();
  return useMemo(() => (api ? createTokensApi(api.request) : null), [api]);
}
