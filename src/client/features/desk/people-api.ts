/**
 * The People screen's calls (issue 5), built on the desk's one request helper: each answers with a
 * DeskResult and never throws, so the screen can say what happened and keep what was typed.
 */
import { useMemo } from 'react';
import {
  accountCreatedSchema,
  accountListSchema,
  accountStatusChangedSchema,
  passwordResetSchema,
  type AccountCreated,
  type AccountList,
  type AccountStatusChanged,
  type CreateAccountInput,
  type PasswordReset,
} from '@/shared/domain/people';
import type { DeskRequest, DeskResult } from './desk-api';
import { useDeskApi } from './use-desk-api';

const accountPath = (id: string, action: 'password' | 'deactivate' | 'activate') =>
  `/api/users/${encodeURIComponent(id)}/${action}`;

export function createPeopleApi(request: DeskRequest) {
  return {
    list(): Promise<DeskResult<AccountList>> {
      return request('/api/users', accountListSchema);
    },
    create(account: CreateAccountInput): Promise<DeskResult<AccountCreated>> {
      return request('/api/users', accountCreatedSchema, { method: 'POST', body: JSON.stringify(account) });
    },
    resetPassword(id: string): Promise<DeskResult<PasswordReset>> {
      return request(accountPath(id, 'password'), passwordResetSchema, { method: 'POST' });
    },
    deactivate(id: string): Promise<DeskResult<AccountStatusChanged>> {
      return request(accountPath(id, 'deactivate'), accountStatusChangedSchema, { method: 'POST' });
    },
    activate(id: string): Promise<DeskResult<AccountStatusChanged>> {
      return request(accountPath(id, 'activate'), accountStatusChangedSchema, { method: 'POST' });
    },
  };
}
export type PeopleApi = ReturnType<typeof createPeopleApi>;

/** The People calls for the signed-in coordinator (null while the stored session is read). */
export function usePeopleApi(): PeopleApi | null {
  const api = useDeskApi();
  return useMemo(() => (api ? createPeopleApi(api.request) : null), [api]);
}
