/**
 * Authentication for every /api route: deny by default. A route is reachable without a session
 * only when it is in PUBLIC_ROUTES; every other route needs a valid bearer token, and then its
 * own `requireRole` decides by role. Organisation scoping happens in each query (see routes).
 *
 * A session closed by its account's deactivation (sessions.ts) may still make the requests that
 * hand over what its phone saved offline: the push (the server applies it and tells the phone to
 * sign out, see sync-routes.ts) and photo uploads. Anything else it asks gets 401 `account_inactive`
 * at once, which the phone reads as "send what is waiting, then sign out".
 */
import type { MiddlewareHandler } from 'hono';
import { API_TOKEN_PATTERN } from '@/shared/domain/api-token';
import type { Role } from '@/shared/domain/user';
import type { Db } from '../db/connect';
import { sendError, type AppEnv } from '../errors';
import { resolveClosedSession, resolveSession } from './sessions';

const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/public/config',
  'POST /api/auth/login',
  'POST /api/invites/preview',
  'POST /api/invites/accept',
]);

/**
 * The city's API authenticates its own read-only tokens, and only those (routes/city-api-routes.ts):
 * no session is looked up or accepted there.
 */
function isCityApi(path: string): boolean {
  return path === '/api/v1' || path.startsWith('/api/v1/');
}

/** What a closed session may still do: hand over the phone's unsent changes and their photos. */
function isHandover(method: string, path: string): boolean {
  if (method === 'POST' && path === '/api/sync') return true;
  return (method === 'HEAD' || method === 'PUT') && path.startsWith('/api/blobs/');
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return match?.[1] ?? null;
}

export function authenticate(deps: {
  db: Db;
  sessionDays: number;
  now: () => Date;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isCityApi(c.req.path)) {
      c.set('user', null);
      c.set('accountClosed', false);
      await next();
      return undefined;
    }
    const token = bearerToken(c.req.header('authorization'));
    // A city-API token is no session: refused here without a lookup (it works only under /api/v1).
    // Sessions are 43 characters, API tokens `bnn_` + 43, so one is never taken for the other.
    const cityToken = token !== null && API_TOKEN_PATTERN.test(token);
    const user =
      token && !cityToken
        ? await resolveSession(deps.db, token, { days: deps.sessionDays, now: deps.now() })
        : null;
    c.set('user', user);
    c.set('accountClosed', false);
    const isPublic = PUBLIC_ROUTES.has(`${c.req.method} ${c.req.path}`);
    if (!user && token && !isPublic && !cityToken) {
      const closed = await resolveClosedSession(deps.db, token, { now: deps.now() });
      if (closed && isHandover(c.req.method, c.req.path)) {
        c.set('user', closed);
        c.set('accountClosed', true);
        await next();
        return undefined;
      }
      if (closed) return sendError(c, 401, 'account_inactive', 'api.accountInactive');
    }
    if (!user && !isPublic) return sendError(c, 401, 'unauthenticated', 'api.unauthenticated');
    await next();
    return undefined;
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) return sendError(c, 401, 'unauthenticated', 'api.unauthenticated');
    if (!roles.includes(user.role)) return sendError(c, 403, 'forbidden', 'api.forbidden');
    await next();
    return undefined;
  };
}

/** The signed-in user; only call behind `authenticate` on a non-public route. */
export function currentUser(c: { get: (key: 'user') => AppEnv['Variables']['user'] }) {
  const user = c.get('user');
  if (!user) throw new Error('currentUser() on a route without authentication');
  return user;
}
