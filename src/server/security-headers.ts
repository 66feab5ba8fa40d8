/**
 * Security headers on every answer: the API's JSON, its errors, the server-rendered API guides and
 * the PWA's files. One policy for all of them, so no route can be forgotten.
 *
 * The Content-Security-Policy allows no inline script anywhere: the built index.html loads only
 * /assets/*.js and the service worker is registered from the bundle (vite.config.ts,
 * `injectRegister: false`). React's `style` props are set through the CSSOM, which CSP does not
 * govern, so the app needs no inline styles either. The two API guides (/api/docs, /api/v1/docs)
 * carry one `<style>` block each; those blocks are allowed by their hash, computed here from the
 * page itself, so a guide's stylesheet can change without anyone updating a list of hashes.
 *
 * Images may come from the map's tile server: the build setting VITE_MAP_TILE_URL (see
 * src/client/features/desk/map-tiles.ts), which the server reads from the same variable at start
 * (env.ts) — `npm start` builds and serves in one environment, so both sides see one value.
 *
 * Referrer-Policy is strict-origin-when-cross-origin, not no-referrer: OpenStreetMap's tile policy
 * asks web pages to send a Referer, and this sends only the origin (never a path such as
 * /usaha/<id>) to another site.
 *
 * binaan signs in with bearer tokens kept by the page, never cookies: nothing here sets one, and
 * tests/server/routes/security-headers.test.ts checks that no answer carries Set-Cookie.
 */
import type { MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';

/** OpenStreetMap's tile server: the base map when VITE_MAP_TILE_URL is unset (as in map-tiles.ts). */
export const DEFAULT_TILE_SOURCE = 'https://tile.openstreetmap.org';

/**
 * The CSP source that admits the tiles of `tileUrl` (a `{z}/{x}/{y}` template), or null when none
 * is needed: no base map (`none`) or tiles served by binaan's own origin (a path). A `{s}`
 * subdomain placeholder becomes a `*.` wildcard. Throws on anything else that is not http(s).
 */
export function tileImageSource(tileUrl: string | undefined): string | null {
  const url = tileUrl?.trim() ?? '';
  if (url === '') return DEFAULT_TILE_SOURCE;
  if (url.toLowerCase() === 'none' || url.startsWith('/')) return null;
  const match = /^(https?):\/\/([^/?#]+)/i.exec(url);
  if (!match?.[1] || !match[2]) throw new Error('must be an http(s) URL template, a path, or none');
  const host = match[2].toLowerCase().replace(/^\{[a-z]+\}\./, '*.');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/.test(host)) throw new Error('has an unusable host name');
  return `${match[1].toLowerCase()}://${host}`;
}

/** Only features Chromium knows: an unknown name is a console warning on every page. */
export const PERMISSIONS_POLICY = [
  // The visit form's "use my location" button (components/location-field.tsx).
  'geolocation=(self)',
  // Photos of products and packaging (components/photo-picker.tsx).
  'camera=(self)',
  'microphone=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'midi=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
].join(', ');

export function contentSecurityPolicy(options: { tileSource: string | null; styleHashes?: string[] }) {
  const styles = (options.styleHashes ?? []).map((hash) => `'sha256-${hash}'`);
  return [
    "default-src 'self'",
    "script-src 'self'",
    ["style-src 'self'", ...styles].join(' '),
    ["img-src 'self' data: blob:", options.tileSource].filter(Boolean).join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const STYLE_BLOCK = /<style>([\s\S]*?)<\/style>/g;

/** The base64 SHA-256 of each inline `<style>` block of an HTML page (what CSP's hash source names). */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(STYLE_BLOCK)].map((m) =>
    createHash('sha256')
      .update(m[1] ?? '')
      .digest('base64'),
  );
}

export function securityHeaders(options: { mapTileUrl?: string | undefined }): MiddlewareHandler {
  const tileSource = tileImageSource(options.mapTileUrl);
  const policy = contentSecurityPolicy({ tileSource });
  return async (c, next) => {
    await next();
    let csp = policy;
    // Only the server-rendered API guides have inline styles; the PWA's index.html has none.
    const type = c.res.headers.get('content-type') ?? '';
    if (c.req.path.startsWith('/api/') && type.startsWith('text/html') && c.res.body) {
      const hashes = inlineStyleHashes(await c.res.clone().text());
      if (hashes.length > 0) csp = contentSecurityPolicy({ tileSource, styleHashes: hashes });
    }
    c.res.headers.set('Content-Security-Policy', csp);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('X-Frame-Options', 'DENY');
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    c.res.headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  };
}
