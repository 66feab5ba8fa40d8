/**
 * Every answer carries the security headers (src/server/security-headers.ts): JSON, errors, the two
 * API guides, the PWA's files and its index.html. The policy admits no inline script anywhere, and
 * binaan sets no cookie (bearer tokens only).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TILE_URL } from '@/client/features/desk/map-tiles';
import { parseEnv } from '@/server/env';
import {
  DEFAULT_TILE_SOURCE,
  inlineStyleHashes,
  PERMISSIONS_POLICY,
  tileImageSource,
} from '@/server/security-headers';
import { makeApiToken } from '../../helpers/city-api';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../helpers/server';

const INDEX_HTML = `<!doctype html><html lang="id"><head><title>binaan</title>
<script type="module" crossorigin src="/assets/index-abc.js"></script></head>
<body><div id="root"></div></body></html>`;

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectSecurityHeaders(res: Response, what: string): Map<string, string[]> {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
  expect(res.headers.get('permissions-policy'), what).toBe(PERMISSIONS_POLICY);
  expect(res.headers.get('set-cookie'), what).toBeNull();
  const csp = res.headers.get('content-security-policy');
  expect(csp, what).not.toContain('unsafe-inline');
  expect(csp, what).not.toContain('unsafe-eval');
  const policy = directives(csp);
  expect(policy.get('script-src'), what).toEqual(["'self'"]);
  expect(policy.get('default-src'), what).toEqual(["'self'"]);
  expect(policy.get('object-src'), what).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(policy.get('base-uri'), what).toEqual(["'self'"]);
  expect(policy.get('form-action'), what).toEqual(["'self'"]);
  expect(policy.get('connect-src'), what).toEqual(["'self'"]);
  return policy;
}

describe('security headers', () => {
  let s: TestServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'binaan-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(staticDir, 'assets', 'index-abc.js'), 'console.log("binaan");\n');
    s = await startTestServer('embedded', { staticDir });
  });
  afterAll(async () => {
    await s.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('are on API answers, signed in or not', async () => {
    const token = await s.login('koor-a');
    const me = await s.json('/api/me', { token });
    expect(me.status).toBe(200);
    const policy = expectSecurityHeaders(me, 'GET /api/me');
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', DEFAULT_TILE_SOURCE]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expectSecurityHeaders(await s.json('/api/health'), 'GET /api/health');
  });

  it('are on errors: 401, 404, 400 and 429', async () => {
    const unauthenticated = await s.json('/api/me');
    expect(unauthenticated.status).toBe(401);
    expectSecurityHeaders(unauthenticated, '401');
    const token = await s.login('coach-a');
    const missing = await s.json('/api/no-such-route', { token });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, '404');
    const bad = await s.json('/api/auth/login', { method: 'POST', body: '{"username":' });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad, '400');
  });

  it('are on the API guides, whose inline stylesheet is allowed by its hash and nothing else', async () => {
    for (const path of ['/api/docs', '/api/v1/docs']) {
      const res = await s.json(path);
      expect(res.status, path).toBe(200);
      const html = await res.clone().text();
      expect(html, path).not.toMatch(/<script/i);
      const hashes = inlineStyleHashes(html);
      expect(hashes.length, path).toBe(1);
      const policy = expectSecurityHeaders(res, path);
      expect(policy.get('style-src'), path).toEqual(["'self'", `'sha256-${hashes[0]}'`]);
    }
  });

  it('are on the PWA’s index.html (also as the fallback of a deep link) and its files', async () => {
    for (const path of ['/', '/index.html', '/usaha/123']) {
      const res = await s.json(path);
      expect(res.status, path).toBe(200);
      expect(await res.clone().text(), path).toContain('<div id="root">');
      const policy = expectSecurityHeaders(res, path);
      // No hash is added to the app's page: its styles come only from files.
      expect(policy.get('style-src'), path).toEqual(["'self'"]);
    }
    const script = await s.json('/assets/index-abc.js');
    expect(script.status).toBe(200);
    expectSecurityHeaders(script, 'static file');
    const missing = await s.json('/assets/missing.js');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, 'missing static file');
  });

  it('set no cookie: signing in, a city-API token and its use answer without Set-Cookie', async () => {
    const login = await s.json('/api/auth/login', {
      method: 'POST',
      body: { username: 'koor-a', password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toBeNull();
    const { token } = (await login.json()) as { token: string };
    const created = await makeApiToken(s, token);
    const used = await s.json('/api/v1/businesses', { token: created.token });
    expect(used.status).toBe(200);
    expectSecurityHeaders(used, 'GET /api/v1/businesses');
    const logout = await s.json('/api/auth/logout', { method: 'POST', token });
    expect(logout.status).toBe(204);
    expectSecurityHeaders(logout, 'logout');
  });
});

describe('the map tile host in img-src', () => {
  it('defaults to the tile server the client uses when VITE_MAP_TILE_URL is unset', () => {
    expect(tileImageSource(undefined)).toBe(new URL(DEFAULT_TILE_URL.replace(/\{\w\}/g, '0')).origin);
  });

  it('follows VITE_MAP_TILE_URL: a host, a subdomain placeholder, own origin, or no map at all', () => {
    expect(tileImageSource('https://tiles.kota.go.id/osm/{z}/{x}/{y}.png')).toBe('https://tiles.kota.go.id');
    expect(tileImageSource('https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png')).toBe(
      'https://*.tile.opentopomap.org',
    );
    expect(tileImageSource('http://10.0.0.5:8081/{z}/{x}/{y}.png')).toBe('http://10.0.0.5:8081');
    expect(tileImageSource('/tiles/{z}/{x}/{y}.png')).toBeNull();
    expect(tileImageSource('none')).toBeNull();
  });

  it('a tile URL that cannot be put in the policy stops start-up with one clear line', () => {
    expect(() => parseEnv({ VITE_MAP_TILE_URL: 'ftp://tiles.example/{z}/{x}/{y}.png' })).toThrow(
      /^Invalid environment variable VITE_MAP_TILE_URL: must be an http\(s\) URL template/,
    );
    expect(() => parseEnv({ VITE_MAP_TILE_URL: "https://a.example 'unsafe-inline'/{z}" })).toThrow(
      /VITE_MAP_TILE_URL: has an unusable host name/,
    );
    expect(parseEnv({ VITE_MAP_TILE_URL: 'none' }).VITE_MAP_TILE_URL).toBe('none');
  });

  it('a configured tile host is what the served policy admits', async () => {
    const s = await startTestServer('embedded', {
      mapTileUrl: 'https://{s}.tiles.kota.go.id/{z}/{x}/{y}.png',
    });
    try {
      const policy = directives((await s.json('/api/health')).headers.get('content-security-policy'));
      expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://*.tiles.kota.go.id']);
    } finally {
      await s.dispose();
    }
  });
});
