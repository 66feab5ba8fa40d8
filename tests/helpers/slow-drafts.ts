/**
 * A slow disk for form drafts: every draft write of `db` waits `delayMs` before it is made, so a
 * test can press Simpan while a draft write is still under way. Restored by `vi.restoreAllMocks()`.
 */
import { vi } from 'vitest';
import type { LocalDb } from '@/client/data/local-db';

export function slowDraftWrites(db: LocalDb, delayMs = 500): { started: () => number } {
  const put = db.drafts.put.bind(db.drafts);
  let started = 0;
  const slowPut = async (...args: Parameters<typeof put>) => {
    started += 1;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return put(...args);
  };
  vi.spyOn(db.drafts, 'put').mockImplementation(slowPut as unknown as typeof put);
  return { started: () => started };
}
