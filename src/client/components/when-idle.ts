/**
 * Runs work after the first screen has painted and the page is idle (at most 1.5 s later), so code
 * the first screen does not need (sync, the update prompt) stays off its path. Returns a cancel.
 */
export function whenIdle(action: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(action, { timeout: 1_500 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(action, 300);
  return () => window.clearTimeout(handle);
}
