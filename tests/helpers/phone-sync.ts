/**
 * Phones syncing against a test server as the app does: each device keeps its own cursor between
 * syncs. For server tests that follow what several phones see over a story.
 */
import { expect } from 'vitest';
import type { Business } from '@/shared/domain/business';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import type { TestServer } from './server';
import type { device } from './sync-fixtures';

export type PullAnswer = {
  cursor: string;
  rejected: Array<{ mutationId: number; reason: string }>;
  changes: { businesses: Business[]; visits: Array<{ id: string; businessId: string }> };
  revokedBusinessIds: string[];
};

export function phoneSync(server: () => TestServer) {
  const cursors = new Map<string, string>();
  return async function sync(
    token: string,
    phone: ReturnType<typeof device>,
    mutations: unknown[] = [],
  ): Promise<PullAnswer> {
    const res = await server().json('/api/sync', {
      method: 'POST',
      token,
      body: {
        schemaVersion: PROTOCOL_VERSION,
        clientId: phone.clientId,
        cursor: cursors.get(phone.clientId) ?? '0',
        mutations,
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const pull = (await res.json()) as PullAnswer;
    cursors.set(phone.clientId, pull.cursor);
    return pull;
  };
}
