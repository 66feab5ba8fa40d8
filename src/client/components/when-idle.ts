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

let drawn: () => void = () => undefined;
const firstScreen = new Promise<void>((resolve) => {
  drawn = resolve;
});

/** Today calls this once its lists are on screen: work waiting for the first screen may start. */
export function firstScreenDrawn(): void {
  drawn();
}

/**
 * Runs `action` when the page is idle after the first screen is drawn: Today says when it is
 * (firstScreenDrawn); any other first page gets `fallbackMs`. Idle alone comes too early: the page
 * is idle while IndexedDB reads Today's lists, and a chunk fetched then is downloaded before Today
 * is usable. Returns a cancel.
 */
export function afterFirstScreen(action: () => void, fallbackMs = 3_000): () => void {
  let cancelIdle: (() => void) | undefined;
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    window.clearTimeout(timer);
    cancelIdle = whenIdle(action);
  };
  const timer = window.setTimeout(go, fallbackMs);
  void firstScreen.then(go);
  return () => {
    done = true;
    window.clearTimeout(timer);
    cancelIdle?.();
  };
}
