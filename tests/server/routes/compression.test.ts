/**
 * Compressed answers (src/server/compression.ts): the app's files and the API's JSON go brotli or
 * gzip to a client that accepts it, byte-for-byte the same once decoded, over real HTTP (node:http,
 * which, unlike fetch, shows the bytes as sent). What must not be compressed is not: small answers,
 * images, the streamed CSV export. A build's precompressed copy is used only while it is current.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressBytes, preferredEncoding } from '@/server/compression';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { startTestServer, type TestServer } from '../../helpers/server';

describe('preferredEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['GZIP;q=0.5, BR;q=0.1', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0.000', null],
    ['br;q=nonsense, gzip', 'gzip'],
    [' , ;q=1, deflate', null],
  ] as const)('%j → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

function fetchRaw(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function decoded(answer: Answer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return gunzipSync(answer.body);
  expect(encoding).toBeUndefined();
  return answer.body;
}

/** Text that compresses like code: varied, repetitive. */
function codeLike(lines: number, salt: string): string {
  return Array.from(
    { length: lines },
    (_, i) =>
      `export const item${i}_${salt} = { id: ${i * 7919}, name: "barang ${i % 13}", on: ${i % 2 === 0} };\n`,
  ).join('');
}

describe('compressed answers over HTTP', () => {
  let s: TestServer;
  let http: ServerType;
  let base: string;
  let staticDir: string;
  const big = codeLike(400, 'a');
  const css = codeLike(80, 'b');
  const png = Buffer.alloc(4096, 7);

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'binaan-compress-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(
      join(staticDir, 'index.html'),
      `<!doctype html><title>binaan</title>${'<p>x</p>'.repeat(300)}`,
    );
    writeFileSync(join(staticDir, 'assets', 'big-1.js'), big);
    // The build's brotli copy (a different level than the server's own: its bytes tell which was sent).
    writeFileSync(
      join(staticDir, 'assets', 'big-1.js.br'),
      await compressBytes(Buffer.from(big), 'br', 'build'),
    );
    writeFileSync(join(staticDir, 'assets', 'page-2.css'), css);
    writeFileSync(join(staticDir, 'assets', 'tiny-3.js'), 'console.log(1);\n');
    writeFileSync(join(staticDir, 'assets', 'logo-4.png'), png);
    s = await startTestServer('embedded', { staticDir });
    http = serve({ fetch: s.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => http.once('listening', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await s.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('sends the build’s brotli copy of a script, gzip to a gzip-only client, the file as it is otherwise', async () => {
    const brotli = await fetchRaw(base, '/assets/big-1.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    expect(brotli.headers['cache-control']).toContain('immutable');
    expect(brotli.body.equals(await compressBytes(Buffer.from(big), 'br', 'build'))).toBe(true);
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(brotli.body.length).toBeLessThan(big.length / 4);

    const gzip = await fetchRaw(base, '/assets/big-1.js', { headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip).toString()).toBe(big);

    const plain = await fetchRaw(base, '/assets/big-1.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(big);

    const head = await fetchRaw(base, '/assets/big-1.js', {
      method: 'HEAD',
      headers: { 'accept-encoding': 'br' },
    });
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(brotli.body.length);
    expect(head.body.length).toBe(0);
  });

  it('compresses a file the build did not, and follows it when it changes; a stale build copy is not sent', async () => {
    const first = await fetchRaw(base, '/assets/page-2.css', { headers: { 'accept-encoding': 'br' } });
    expect(first.headers['content-encoding']).toBe('br');
    expect(decoded(first).toString()).toBe(css);

    const changed = codeLike(90, 'c');
    writeFileSync(join(staticDir, 'assets', 'page-2.css'), changed);
    const second = await fetchRaw(base, '/assets/page-2.css', { headers: { 'accept-encoding': 'br' } });
    expect(decoded(second).toString()).toBe(changed);

    // A brotli copy older than its file (the file was replaced after the build): the file wins.
    const path = join(staticDir, 'assets', 'big-1.js');
    const newer = codeLike(410, 'd');
    writeFileSync(path, newer);
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${path}.br`, past, past);
    const fresh = await fetchRaw(base, '/assets/big-1.js', { headers: { 'accept-encoding': 'br' } });
    expect(decoded(fresh).toString()).toBe(newer);
    writeFileSync(path, big);
  });

  it('leaves small files and images as they are; compresses the app page for any page path', async () => {
    for (const path of ['/assets/tiny-3.js', '/assets/logo-4.png']) {
      const answer = await fetchRaw(base, path, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
    const logo = await fetchRaw(base, '/assets/logo-4.png', { headers: { 'accept-encoding': 'br' } });
    expect(logo.body.equals(png)).toBe(true);

    const page = await fetchRaw(base, '/usaha/123', { headers: { 'accept-encoding': 'br' } });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(decoded(page).toString()).toContain('<title>binaan</title>');
  });

  it('compresses the API’s JSON: a sync page decodes to the same rows as the uncompressed answer', async () => {
    const token = await s.login('koor-a');
    const pull = (encoding?: string) =>
      fetchRaw(base, '/api/sync', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(encoding ? { 'accept-encoding': encoding } : {}),
        },
        body: JSON.stringify({
          clientId: crypto.randomUUID(),
          schemaVersion: PROTOCOL_VERSION,
          cursor: '0',
          limit: 500,
          mutations: [],
        }),
      });
    const plain = await pull();
    expect(plain.status, plain.body.toString()).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const encoding of ['br', 'gzip'] as const) {
      const packed = await pull(encoding);
      expect(packed.headers['content-encoding'], encoding).toBe(encoding);
      expect(packed.headers.vary).toContain('Accept-Encoding');
      expect(packed.body.length).toBeLessThan(plain.body.length);
      const { serverTime: _a, ...fromPacked } = JSON.parse(decoded(packed).toString()) as Record<
        string,
        unknown
      >;
      const { serverTime: _b, ...fromPlain } = JSON.parse(plain.body.toString()) as Record<string, unknown>;
      expect(fromPacked).toEqual(fromPlain);
    }

    const spec = await fetchRaw(base, '/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(spec.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(spec).toString())).toHaveProperty('openapi', '3.1.0');

    // The API guide's inline style is allowed by its hash, taken from the page before compression.
    const guide = await fetchRaw(base, '/api/docs', { headers: { 'accept-encoding': 'br' } });
    expect(guide.headers['content-encoding']).toBe('br');
    const style = /<style>([\s\S]*?)<\/style>/.exec(decoded(guide).toString())?.[1];
    expect(style).toBeDefined();
    const hash = createHash('sha256')
      .update(style ?? '')
      .digest('base64');
    expect(guide.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
  });

  it('sends small answers, errors under 1 kB and the streamed CSV export uncompressed', async () => {
    const health = await fetchRaw(base, '/api/health', { headers: { 'accept-encoding': 'br' } });
    expect(health.status).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.headers.vary).toBe('Accept-Encoding');
    expect(JSON.parse(health.body.toString())).toHaveProperty('status');

    const refused = await fetchRaw(base, '/api/businesses', { headers: { 'accept-encoding': 'br' } });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.body.toString())).toHaveProperty('error.code');

    const token = await s.login('koor-a');
    const csv = await fetchRaw(base, '/api/exports/businesses?format=csv', {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.body.toString()).toContain('\n');
  });
});
