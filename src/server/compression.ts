/**
 * Compressed answers for slow, metered phone connections. A coach's first sync is megabytes of JSON
 * and the app shell is ~0.5 MB of JavaScript; both shrink 4-10× with brotli, which every browser
 * the app supports accepts (gzip for any client that does not).
 *
 * - JSON and HTML answers of the API (`compressAnswers`): compressed at a fast brotli level on
 *   libuv's thread pool, so a 4 MB sync page does not hold up other requests. Answers under 1 kB go
 *   as they are (compression would not pay for its header). Streamed answers (the CSV export, the
 *   import's NDJSON progress) have other content types and are never buffered here.
 * - Static files (static-files.ts, `compressedFile`): served from the `.br`/`.gz` the build wrote
 *   beside each file (vite.config.ts, at the strongest levels), else compressed once here and kept.
 *
 * BREACH (guessing a secret from the size of compressed answers that also reflect attacker text)
 * needs the victim's browser to send credentialed requests on the attacker's behalf. The API takes
 * its session only from an Authorization header the app's own script sets, never from a cookie
 * (security-headers.test.ts checks that no answer sets one), so a foreign page cannot make such
 * requests; compressing answers that hold tokens or personal data does not open that door.
 */
import type { MiddlewareHandler } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Answers smaller than this are sent as they are. */
export const COMPRESS_THRESHOLD = 1024;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to answer with, from an Accept-Encoding header (RFC 9110 §12.5.3): brotli before
 * gzip whenever both are acceptable; a coding (or `*`) with q=0 is refused. Null: send as it is.
 */
export function preferredEncoding(header: string | null | undefined): Encoding | null {
  if (!header) return null;
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key === 'q' && value !== undefined) {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    quality.set(name, q);
  }
  const accepted = (coding: Encoding) => (quality.get(coding) ?? quality.get('*') ?? 0) > 0;
  if (accepted('br')) return 'br';
  if (accepted('gzip')) return 'gzip';
  return null;
}

/** Where the build puts a file's compressed copy: beside it, with this suffix. */
export const PRECOMPRESSED_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

const BROTLI_QUALITY = { fast: 4, strong: 9, build: 11 } as const;
const GZIP_LEVEL = { fast: 4, strong: 9, build: 9 } as const;

/**
 * `fast` for answers made per request (brotli 4: ~150 MB/s here and ~10× smaller JSON, measured on
 * a 3.6 MB sync page; brotli 11 would take 5 s); `strong` for a file compressed once at run time and
 * kept; `build` for the app's files, compressed once by `vite build` (vite.config.ts).
 */
export function compressBytes(
  bytes: Uint8Array,
  encoding: Encoding,
  effort: 'fast' | 'strong' | 'build',
): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(bytes, { level: GZIP_LEVEL[effort] });
  return brotliAsync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[effort],
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/**
 * Bytes as a Response body. zlib's and readFile's Buffers sit on plain ArrayBuffers (never shared
 * memory), which is all the DOM typing's narrower Uint8Array<ArrayBuffer> asks; no copy is made.
 */
export function asBody(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/** Content types worth compressing: text the browser decodes, not images, archives or streams. */
const COMPRESSIBLE =
  /^(?:application\/(?:[\w.-]+\+)?json|text\/(?:html|css|javascript|plain)|application\/(?:javascript|manifest\+json)|image\/svg\+xml)(?:;|$)/i;

export function isCompressible(contentType: string | null | undefined): boolean {
  return COMPRESSIBLE.test(contentType ?? '');
}

export function addVary(headers: Headers): void {
  const vary = headers.get('Vary');
  if (!vary) headers.set('Vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
    headers.set('Vary', `${vary}, Accept-Encoding`);
}

/** Compresses the API's JSON and HTML answers for a client that accepts it (see the file's comment). */
export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.body === null || res.headers.has('Content-Encoding')) return;
    if (!isCompressible(res.headers.get('Content-Type'))) return;
    if (/\bno-transform\b/i.test(res.headers.get('Cache-Control') ?? '')) return;
    // Whether or not this answer is compressed, the same URL may be for another client.
    const encoding = preferredEncoding(c.req.header('Accept-Encoding'));
    const bytes = new Uint8Array(await res.arrayBuffer());
    const compressed = encoding && bytes.byteLength >= COMPRESS_THRESHOLD;
    c.res = new Response(asBody(compressed ? await compressBytes(bytes, encoding, 'fast') : bytes), res);
    c.res.headers.delete('Content-Length');
    if (compressed) c.res.headers.set('Content-Encoding', encoding);
    addVary(c.res.headers);
  };
}

/**
 * A static file's bytes in `encoding`: the build's `.br`/`.gz` beside it when there is one and it
 * is not older than the file, else compressed here once and kept for as long as the file is
 * unchanged (the built app is a few MB; the cache holds one entry per file and encoding).
 */
export function staticCompressor() {
  const kept = new Map<string, { version: string; bytes: Promise<Buffer> }>();
  return async function compressedFile(
    path: string,
    original: Uint8Array,
    mtimeMs: number,
    encoding: Encoding,
  ): Promise<Buffer> {
    const version = `${mtimeMs}:${original.byteLength}`;
    const key = `${path}\0${encoding}`;
    const hit = kept.get(key);
    if (hit && hit.version === version) return hit.bytes;
    const bytes = (async () => {
      const sibling = `${path}${PRECOMPRESSED_SUFFIX[encoding]}`;
      try {
        if ((await stat(sibling)).mtimeMs >= mtimeMs) return await readFile(sibling);
      } catch {
        // No file from the build: compress it here.
      }
      return compressBytes(original, encoding, 'strong');
    })();
    kept.set(key, { version, bytes });
    bytes.catch(() => kept.delete(key));
    return bytes;
  };
}
