/**
 * createApp(deps): the whole HTTP application, with no listening socket. main.ts serves it; tests
 * call app.request() against a fresh embedded database.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { randomUUID } from 'node:crypto';
import { languageFromHeader } from '@/shared/i18n';
import { authenticate } from './auth/middleware';
import type { AppDeps } from './deps';
import { sendError, validationError, type AppEnv } from './errors';
import { authRoutes } from './routes/auth-routes';
import { inviteRoutes } from './routes/invite-routes';
import { businessRoutes } from './routes/business-routes';
import { deskBusinessRoutes } from './routes/desk-business-routes';
import { renderDocsPage } from './routes/docs-page';
import { peopleRoutes } from './routes/people-routes';
import { referenceRoutes } from './routes/reference-routes';
import { reviewRoutes } from './routes/review-routes';
import { dashboardRoutes } from './routes/dashboard-routes';
import { exportRoutes } from './routes/export-routes';
import { importRoutes } from './routes/import-routes';
import { syncRoutes } from './routes/sync-routes';
import { blobRoutes } from './routes/blob-routes';
import { createBlobStore } from './blobs/blob-store';
import { MAX_IMPORT_BYTES } from '@/shared/domain/import';
import { MAX_PHOTO_BYTES } from '@/shared/domain/photo';
import { systemRoutes } from './routes/system-routes';
import { cityApiRoutes } from './routes/city-api-routes';
import { auditRoutes } from './routes/audit-routes';
import { staticFiles } from './static-files';
import { compressAnswers } from './compression';
import { securityHeaders } from './security-headers';

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error);
      return undefined;
    },
  });

  // JSON answers go brotli/gzip-compressed to a client that accepts it: a first sync's pages, the
  // map's points and the lists are megabytes of text on a phone's slow, metered connection. First
  // in, last out: every other middleware (the security headers hash the API guides' inline
  // styles) sees the answer as written.
  app.use('/api/*', compressAnswers());
  app.use('*', securityHeaders({ mapTileUrl: deps.mapTileUrl }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? randomUUID());
    c.set('lang', languageFromHeader(c.req.header('accept-language')));
    await next();
    c.header('X-Request-Id', c.get('requestId'));
    if (c.req.path.startsWith('/api/')) {
      deps.logger?.info(
        {
          event: 'request',
          requestId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
          userId: c.get('user')?.id,
        },
        'request',
      );
    }
  });

  const payloadTooLarge = (c: Context<AppEnv>) =>
    sendError(c, 413, 'payload_too_large', 'api.payloadTooLarge', {
      limit: `${Math.round(deps.maxJsonBytes / 1024)} KB`,
    });
  const jsonLimit = bodyLimit({
    maxSize: deps.maxJsonBytes,
    onError: (c) => payloadTooLarge(c as Context<AppEnv>),
  });
  const photoLimit = bodyLimit({
    maxSize: MAX_PHOTO_BYTES,
    onError: (c) =>
      sendError(c as Context<AppEnv>, 413, 'payload_too_large', 'api.payloadTooLarge', {
        limit: `${MAX_PHOTO_BYTES / 1024 / 1024} MB`,
      }),
  });
  const importLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: (c) =>
      sendError(c as Context<AppEnv>, 413, 'payload_too_large', 'api.payloadTooLarge', {
        limit: `${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      }),
  });
  // Photo bytes and uploaded spreadsheets have their own, larger limits; every other body is JSON.
  app.use('/api/*', (c, next) => {
    if (c.req.method === 'PUT' && c.req.path.startsWith('/api/blobs/')) return photoLimit(c, next);
    if (c.req.method === 'POST' && c.req.path === '/api/imports') return importLimit(c, next);
    return jsonLimit(c, next);
  });
  app.use('/api/*', authenticate({ db: deps.database.db, sessionDays: deps.sessionDays, now: deps.now }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'Token from POST /api/auth/login',
  });

  app.route('/', systemRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', inviteRoutes(deps));
  app.route('/', peopleRoutes(deps));
  app.route('/', businessRoutes(deps));
  app.route('/', referenceRoutes(deps));
  app.route('/', reviewRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', deskBusinessRoutes(deps));
  app.route('/', syncRoutes(deps));
  app.route('/', blobRoutes(deps, createBlobStore(deps.blobDir)));
  app.route('/', cityApiRoutes(deps));
  app.route('/', auditRoutes(deps));

  const openApiConfig = {
    openapi: '3.1.0',
    info: {
      title: 'binaan API',
      version: deps.version,
      description:
        'One UMKM database for the city: businesses with Kemendagri region codes, KBLI 2020 and NIB; visits, checklists and follow-ups. Errors are JSON `{error:{code,message,fields?}}`, in Indonesian unless Accept-Language prefers English.',
    },
  };
  app.doc31('/api/openapi.json', openApiConfig);
  app.get('/api/docs', (c) => c.html(renderDocsPage(app.getOpenAPI31Document(openApiConfig))));

  app.notFound((c) => sendError(c, 404, 'not_found', 'api.notFound'));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.res) return err.res;
      if (err.status === 400) return sendError(c, 400, 'malformed_json', 'api.malformedJson');
      if (err.status === 413) return payloadTooLarge(c);
      // A JSON route sent another content type (zod-openapi's media-type gate): the body is no JSON to it.
      if (err.status === 415) return sendError(c, 415, 'malformed_json', 'api.malformedJson');
    }
    deps.logger?.error({ event: 'error', requestId: c.get('requestId'), err }, 'unhandled error');
    return sendError(c, 500, 'internal', 'api.internal');
  });

  if (deps.staticDir) {
    const serveApp = staticFiles(deps.staticDir);
    app.get('*', serveApp);
    app.on('HEAD', '*', serveApp);
  }

  return app;
}
export type App = ReturnType<typeof createApp>;
