import { describe, expect, it } from 'vitest';
import { isIosBrowserTab } from '@/client/pwa/home-screen';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD_AS_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

describe('the iPhone Home Screen hint', () => {
  const base = { maxTouchPoints: 5, standalone: false, displayStandalone: false };
  it('shows in Safari on an iPhone or an iPad (which says it is a Mac) in a tab', () => {
    expect(isIosBrowserTab({ ...base, userAgent: IPHONE })).toBe(true);
    expect(isIosBrowserTab({ ...base, userAgent: IPAD_AS_MAC })).toBe(true);
  });
  it('does not show once binaan runs from the Home Screen, on a real Mac, or on Android', () => {
    expect(isIosBrowserTab({ ...base, userAgent: IPHONE, standalone: true })).toBe(false);
    expect(isIosBrowserTab({ ...base, userAgent: IPHONE, displayStandalone: true })).toBe(false);
    expect(isIosBrowserTab({ ...base, userAgent: IPAD_AS_MAC, maxTouchPoints: 0 })).toBe(false);
    expect(isIosBrowserTab({ ...base, userAgent: ANDROID })).toBe(false);
  });
});
