/**
 * Serves the built PWA. Hashed assets are cached for a year; index.html, the service worker and
 * the manifest are always revalidated, so an update is seen on the next visit and then offered by
 * the update prompt (never forced). Unknown paths get index.html: the client router owns them.
 */
import type { MiddlewareHandler } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function staticFiles(dir: string): MiddlewareHandler {
  const root = resolve(dir);
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
    if (!(await isFile(file))) {
      // Asset-looking paths that do not exist are real 404s; page paths get the app.
      if (extname(relative) !== '' && !relative.endsWith('.html')) return next();
      file = join(root, 'index.html');
      fallback = true;
      if (!(await isFile(file))) return next();
    }
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = !fallback && relative.startsWith('assets/');
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': type,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}
