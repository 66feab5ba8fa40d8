/**
 * Whether this is Safari on an iPhone or iPad in a browser tab (not added to the Home Screen).
 * There WebKit may delete a site's data after seven days without use; an app on the Home Screen
 * keeps it. So such a coach is told how to add binaan (sync.md, "Browser traps").
 */
export function isIosBrowserTab(env: {
  userAgent: string;
  maxTouchPoints: number;
  standalone: boolean | undefined;
  displayStandalone: boolean;
}): boolean {
  const ios =
    /iPhone|iPad|iPod/.test(env.userAgent) || (/Macintosh/.test(env.userAgent) && env.maxTouchPoints > 1);
  return ios && env.standalone !== true && !env.displayStandalone;
}

export function currentIosBrowserTab(): boolean {
  if (typeof navigator === 'undefined' || typeof window === 'undefined') return false;
  return isIosBrowserTab({
    userAgent: navigator.userAgent,
    maxTouchPoints: navigator.maxTouchPoints ?? 0,
    standalone: (navigator as Navigator & { standalone?: boolean }).standalone,
    displayStandalone:
      typeof window.matchMedia === 'function' && window.matchMedia('(display-mode: standalone)').matches,
  });
}
