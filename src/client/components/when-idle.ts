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

let gate: Promise<void> | null = null;
let open: () => void = () => undefined;

/**
 * Today, as it starts drawing: work waiting for the first screen (afterFirstScreen) waits for its
 * lists too, until firstScreenDrawn or at most `maxMs`. Other first pages hold nothing.
 */
export function holdFirstScreen(maxMs = 3_000): void {
  if (gate) return;
  gate = new Promise<void>((resolve) => {
    open = resolve;
    window.setTimeout(resolve, maxMs);
  });
}

/** Today calls this once its lists are on screen. */
export function firstScreenDrawn(): void {
  open();
}

/**
 * Runs `action` when the page is idle after the first screen: on Today, once its lists are drawn
 * (holdFirstScreen). Idle alone comes too early there: the page is idle while IndexedDB reads
 * Today's lists, and a chunk fetched then is downloaded before Today is usable. Returns a cancel.
 */
export function afterFirstScreen(action: () => void): () => void {
  let cancelled = false;
  let cancelIdle = whenIdle(() => {
    void (gate ?? Promise.resolve()).then(() => {
      if (!cancelled) cancelIdle = whenIdle(action);
    });
  });
  return () => {
    cancelled = true;
    cancelIdle();
  };
}
