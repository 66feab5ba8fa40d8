/**
 * Serves the built PWA. Hashed assets are cached for a year; index.html, the service worker and
 * the manifest are always revalidated, so an update is seen on the next visit and then offered by
 * the update prompt (never forced). Unknown paths get index.html: the client router owns them.
 * Text files go brotli- or gzip-compressed to a browser that accepts it (compression.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import {
  addVary,
  asBody,
  COMPRESS_THRESHOLD,
  isCompressible,
  preferredEncoding,
  staticCompressor,
} from './compression';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf } from './content-types';

/** The file's modification time when it is a file, else null. */
async function fileTime(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.mtimeMs : null;
  } catch {
    return null;
  }
}

export function staticFiles(dir: string): MiddlewareHandler {
  const root = resolve(dir);
  const compressedFile = staticCompressor();
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return next();
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
    } catch {
      return next();
    }
    let file = join(root, relative);
    if (!file.startsWith(root + sep) && file !== root) return next();
    let fallback = false;
    let mtime = await fileTime(file);
    if (mtime === null) {
      // Asset-looking paths that do not exist are real 404s; page paths get the app.
      if (extname(relative) !== '' && !relative.endsWith('.html')) return next();
      file = join(root, 'index.html');
      fallback = true;
      mtime = await fileTime(file);
      if (mtime === null) return next();
    }
    const original = await readFile(file);
    const type = contentTypeOf(file);
    const immutable = !fallback && relative.startsWith('assets/');
    const headers = new Headers({
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    let body: Uint8Array = original;
    if (isCompressible(type) && original.byteLength >= COMPRESS_THRESHOLD) {
      addVary(headers);
      const encoding = preferredEncoding(c.req.header('Accept-Encoding'));
      if (encoding) {
        body = await compressedFile(file, original, mtime, encoding);
        headers.set('Content-Encoding', encoding);
      }
    }
    headers.set('Content-Length', String(body.byteLength));
    return new Response(c.req.method === 'HEAD' ? null : asBody(body), { status: 200, headers });
  };
}
