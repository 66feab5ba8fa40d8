/**
 * Authentication for every /api route: deny by default. A route is reachable without a session
 * only when it is in PUBLIC_ROUTES; every other route needs a valid bearer token, and then its
 * own `requireRole` decides by role. Organisation scoping happens in each query (see routes).
 */
import type { MiddlewareHandler } from 'hono';
import type { Role } from '@/shared/domain/user';
import type { Db } from '../db/connect';
import { sendError, type AppEnv } from '../errors';
import { resolveSession } from './sessions';

const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/public/config',
  'POST /api/auth/login',
]);

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
    const token = bearerToken(c.req.header('authorization'));
    const user = token
      ? await resolveSession(deps.db, token, { days: deps.sessionDays, now: deps.now() })
      : null;
    c.set('user', user);
    const isPublic = PUBLIC_ROUTES.has(`${c.req.method} ${c.req.path}`);
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
