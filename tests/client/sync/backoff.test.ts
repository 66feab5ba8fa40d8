import { expect, it } from 'vitest';
import { backoffDelay } from '@/client/sync/background-sync';

it('waits longer after each failed sync, from 45 s up to 10 min, and not at all after a success', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 50].map(backoffDelay)).toEqual([
    0, 45_000, 90_000, 180_000, 360_000, 600_000, 600_000, 600_000,
  ]);
});
