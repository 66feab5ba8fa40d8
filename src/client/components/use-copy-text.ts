import { useCallback, useState } from 'react';

/** What the last copy did: copied, failed (no clipboard, or refused), or nothing yet. */
export type CopyState = 'copied' | 'failed' | null;

/**
 * Copying a shown-once secret or a link to the clipboard, with the outcome to tell the person. The
 * clipboard may be missing (an insecure origin) or refuse (no permission): both read as "failed",
 * and the screen then says how to copy by hand.
 */
export function useCopyText(): {
  state: CopyState;
  copy: (text: string) => Promise<void>;
  reset: () => void;
} {
  const [state, setState] = useState<CopyState>(null);
  const copy = useCallback(async (text: string) => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }, []);
  const reset = useCallback(() => setState(null), []);
  return { state, copy, reset };
}
