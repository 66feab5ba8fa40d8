/**
 * The real app (createApp, as main.ts builds it, without the request log) served on a loopback
 * port in the bench's own process, so each request's handling time can be taken around the app's
 * fetch: from the request reaching Hono to its Response being ready, without the socket's write.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '@/server/app';
import { createLoginLimiter } from '@/server/auth/rate-limit';
import type { Database } from '@/server/db/connect';

export type Timing = { method: string; path: string; ms: number; status: number };

export type ServedApp = {
  url: string;
  /** Every request the app handled, in order. */
  timings: Timing[];
  close: () => Promise<void>;
};

export async function serveApp(database: Database, blobDir: string): Promise<ServedApp> {
  const app = createApp({
    database,
    version: 'bench',
    sessionDays: 30,
    loginLimiter: createLoginLimiter(database.db),
    trustProxy: false,
    logger: null,
    now: () => new Date(),
    staticDir: null,
    maxJsonBytes: 1024 * 1024,
    blobDir,
  });
  const timings: Timing[] = [];
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request, env) => {
      const started = performance.now();
      const response = await app.fetch(request, env);
      timings.push({
        method: request.method,
        path: new URL(request.url).pathname,
        ms: performance.now() - started,
        status: response.status,
      });
      return response;
    },
  });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    timings,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
