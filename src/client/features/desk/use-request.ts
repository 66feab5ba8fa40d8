import { useCallback, useEffect, useState } from 'react';
import type { DeskResult } from './desk-api';

/**
 * One server read for a screen: null while it is under way, then its result. `key` names what is
 * asked (an id, the filters); a new key or `retry()` asks again, and the screen shows "loading"
 * until that answer is in (an older answer arriving late is ignored). `replace` swaps in a result
 * read elsewhere (a further page, a quiet re-read).
 */
export function useRequest<T>(run: (() => Promise<DeskResult<T>>) | null, key: string) {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{ key: string; result: DeskResult<T> } | null>(null);
  const requestKey = `${key}#${attempt}`;
  useEffect(() => {
    if (!run) return;
    let cancelled = false;
    void run().then((result) => {
      if (!cancelled) setAnswer({ key: requestKey, result });
    });
    return () => {
      cancelled = true;
    };
  }, [run, requestKey]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback(
    (result: DeskResult<T>) => setAnswer({ key: requestKey, result }),
    [requestKey],
  );
  return { result: answer?.key === requestKey ? answer.result : null, retry, replace };
}
