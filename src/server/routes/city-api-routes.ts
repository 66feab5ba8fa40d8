/**
 * The city's API (issue 6): read-only /api/v1 routes for other departments' systems, and the
 * coordinator's routes that make, list and revoke their tokens.
 *
 * /api/v1 authenticates on its own (the session middleware lets it through untouched): only a
 * `bnn_` API token is accepted, never a person's session, and auth/middleware.ts refuses API tokens
 * everywhere else. Each request is checked against the token's scopes and rate limit, and written
 * to api_token_uses afterwards with its status, rows and duration, refused ones included.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  API_TOKEN_PATTERN,
  apiTokenCreatedSchema,
  apiTokenListSchema,
  apiTokenSchema,
  apiTokenUsesQuerySchema,
  apiTokenUsesSchema,
  createApiTokenSchema,
  type ApiScope,
} from '@/shared/domain/api-token';
import { translate } from '@/shared/i18n';
import { audit } from '../audit';
import { clientAddress } from '../client-address';
import { bearerToken, currentUser, requireRole } from '../auth/middleware';
import {
  apiTokenUsesOf,
  createApiToken,
  DEFAULT_RATE_LIMIT,
  listApiTokens,
  lookUpApiToken,
  rateLimitState,
  recordTokenUse,
  revokeApiToken,
  type CityToken,
  type RateLimit,
  type RateLimitState,
} from '../city-api/api-token-store';
import { renderCityApiGuide } from '../city-api/city-api-guide';
import {
  businessPage,
  cityStatistics,
  decodeCursor,
  oneBusiness,
  organisationOf,
  tombstoneHorizon,
  visitPage,
  type WalkPosition,
} from '../city-api/city-api-queries';
import {
  businessAnswerSchema,
  businessesQuerySchema,
  businessPageSchema,
  idParamSchema,
  statisticsQuerySchema,
  statisticsSchema,
  visitPageSchema,
  visitsQuerySchema,
} from '../city-api/city-api-schemas';
import type { AppDeps } from '../deps';
import { errorResponses, fail, sendError, type AppEnv } from '../errors';

export const CITY_API_GUIDE_PATH = '/api/v1/docs';
export const CITY_API_SPEC_PATH = '/api/v1/openapi.json';
const CITY_TAG = 'City API v1';

type CityEnv = {
  Variables: AppEnv['Variables'] & {
    cityToken: CityToken;
    /** Rows the answer carried, for the use log. */
    cityRows: number | null;
  };
};

// ---- the coordinator's token routes ----

const tokenIdParams = z.object({
  id: z.uuid({ message: 'validation.id' }).openapi({
    param: { name: 'id', in: 'path' },
    example: '0193a1c2-7b4e-7c1a-9f3e-2a6b8d0c4e51',
  }),
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['city api tokens'],
  summary: 'The organisation’s city-API tokens, newest first (never the tokens themselves)',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  responses: {
    200: { description: 'The tokens', content: { 'application/json': { schema: apiTokenListSchema } } },
    ...errorResponses(401, 403),
  },
});

const createTokenRoute = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['city api tokens'],
  summary: 'Make a read-only token for another department’s system; the answer is the only time it is shown',
  description:
    'Coordinators only. The server keeps only the token’s SHA-256. `personalData` adds owner name, NIK and phone to the business answers (UU 27/2022): audited.',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: createApiTokenSchema,
          example: {
            name: 'Dasbor Wali Kota (Diskominfo)',
            scopes: ['businesses', 'statistics'],
            personalData: false,
            expiresAt: '2027-12-31T23:59:59+08:00',
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The token (shown once) and its summary',
      content: { 'application/json': { schema: apiTokenCreatedSchema } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const revokeTokenRoute = createRoute({
  method: 'post',
  path: '/api/tokens/{id}/revoke',
  tags: ['city api tokens'],
  summary: 'Revoke a token at once (revoking again changes nothing)',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: tokenIdParams },
  responses: {
    200: {
      description: 'The token after revocation',
      content: { 'application/json': { schema: z.object({ apiToken: apiTokenSchema }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const tokenUsesRoute = createRoute({
  method: 'get',
  path: '/api/tokens/{id}/uses',
  tags: ['city api tokens'],
  summary: 'The latest requests made with a token, newest first, refused ones included',
  security: [{ bearerAuth: [] }],
  middleware: [requireRole('coordinator')] as const,
  request: { params: tokenIdParams, query: apiTokenUsesQuerySchema },
  responses: {
    200: { description: 'The uses', content: { 'application/json': { schema: apiTokenUsesSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

function tokenRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(listTokensRoute, async (c) => {
    const user = currentUser(c);
    return c.json({ tokens: await listApiTokens(db, user.organisationId, deps.now()) }, 200);
  });

  app.openapi(createTokenRoute, async (c) => {
    const user = currentUser(c);
    const body = c.req.valid('json');
    const now = deps.now();
    if (body.expiresAt && Date.parse(body.expiresAt) <= now.getTime()) {
      const lang = c.get('lang') ?? 'id';
      fail(c, 400, 'invalid_input', 'api.invalidInput', {}, [
        { path: 'expiresAt', message: translate(lang, 'validation.apiTokenExpiry') },
      ]);
    }
    const created = await db.transaction(async (tx) => {
      const made = await createApiToken(tx, {
        ...body,
        organisationId: user.organisationId,
        createdBy: user.id,
        now,
      });
      await audit(tx, {
        organisationId: user.organisationId,
        userId: user.id,
        action: 'api_token.create',
        entity: 'api_token',
        entityId: made.id,
        detail: {
          name: body.name,
          scopes: body.scopes,
          personalData: body.personalData,
          expiresAt: body.expiresAt,
        },
      });
      return made;
    });
    const [apiToken] = await listApiTokens(db, user.organisationId, now, created.id);
    if (!apiToken) throw new Error('the token just made is not there');
    return c.json({ token: created.token, apiToken }, 201);
  });

  app.openapi(revokeTokenRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const now = deps.now();
    const outcome = await db.transaction(async (tx) => {
      const revoked = await revokeApiToken(tx, { organisationId: user.organisationId, id, by: user.id, now });
      if (revoked.changed) {
        await audit(tx, {
          organisationId: user.organisationId,
          userId: user.id,
          action: 'api_token.revoke',
          entity: 'api_token',
          entityId: id,
        });
      }
      return revoked;
    });
    if (!outcome.found) fail(c, 404, 'not_found', 'api.notFound');
    const [apiToken] = await listApiTokens(db, user.organisationId, now, id);
    if (!apiToken) fail(c, 404, 'not_found', 'api.notFound');
    return c.json({ apiToken }, 200);
  });

  app.openapi(tokenUsesRoute, async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const [token] = await listApiTokens(db, user.organisationId, deps.now(), id);
    if (!token) fail(c, 404, 'not_found', 'api.notFound');
    return c.json({ uses: await apiTokenUsesOf(db, id, limit) }, 200);
  });

  return app;
}

// ---- /api/v1 ----

function rateLimitHeaders(c: Context, state: RateLimitState, rule: RateLimit): void {
  c.header('RateLimit-Limit', String(state.limit));
  c.header('RateLimit-Remaining', String(state.remaining));
  c.header('RateLimit-Reset', String(state.resetSeconds));
  c.header('RateLimit-Policy', `${rule.requests};w=${Math.round(rule.windowMs / 1000)}`);
}

const asAppContext = (c: Context<CityEnv>) => c as unknown as Context<AppEnv>;

/**
 * Authenticates /api/v1 requests by API token, enforces the rate limit, and logs the use after the
 * answer. The guide and the v1 OpenAPI document are public.
 */
function cityAuthentication(deps: AppDeps, rule: RateLimit): MiddlewareHandler<CityEnv> {
  const { db } = deps.database;
  return async (c, next) => {
    if (c.req.method === 'GET' && (c.req.path === CITY_API_GUIDE_PATH || c.req.path === CITY_API_SPEC_PATH)) {
      await next();
      return undefined;
    }
    const started = performance.now();
    const at = deps.now();
    const presented = bearerToken(c.req.header('authorization'));
    const lookup = presented ? await lookUpApiToken(db, presented, at) : ({ state: 'unknown' } as const);
    if (lookup.state === 'unknown') {
      // Nothing to log it under: no token of ours was named. A person's session lands here too.
      const looksLikeOurs = presented !== null && API_TOKEN_PATTERN.test(presented);
      return sendError(
        asAppContext(c),
        401,
        'unauthenticated',
        looksLikeOurs ? 'api.cityTokenInvalid' : 'api.cityTokenRequired',
      );
    }
    const url = new URL(c.req.url);
    const search = url.search;
    const logUse = (status: number, rows: number | null) =>
      recordTokenUse(db, {
        token: lookup.token,
        at,
        method: c.req.method,
        // As sent, still percent-encoded: decoded, a path may hold a NUL, which PostgreSQL text refuses.
        path: url.pathname,
        query: search ? search.slice(1) : null,
        status,
        rows,
        durationMs: performance.now() - started,
        ip: clientAddress(c, deps.trustProxy),
      });
    if (lookup.state !== 'valid') {
      await logUse(401, null);
      return sendError(asAppContext(c), 401, 'unauthenticated', 'api.cityTokenInvalid');
    }
    const limit = await rateLimitState(db, lookup.token.id, at, rule);
    if (limit.limited) {
      await logUse(429, null);
      const refused = sendError(asAppContext(c), 429, 'too_many_attempts', 'api.cityRateLimited', {
        limit: rule.requests,
        window: Math.round(rule.windowMs / 1000),
        seconds: limit.resetSeconds,
      });
      refused.headers.set('Retry-After', String(limit.resetSeconds));
      c.res = refused;
      rateLimitHeaders(c, limit, rule);
      return c.res;
    }
    c.set('cityToken', lookup.token);
    c.set('cityRows', null);
    await next();
    const rows = c.get('cityRows');
    await logUse(c.res.status, rows);
    // Every answer carrying personal data is an export of it (UU 27/2022): audited.
    if (
      lookup.token.personalData &&
      c.res.status === 200 &&
      c.req.path.startsWith('/api/v1/businesses') &&
      rows
    ) {
      await audit(db, {
        organisationId: lookup.token.organisationId,
        userId: null,
        action: 'api.personal_data_read',
        entity: 'api_token',
        entityId: lookup.token.id,
        detail: { token: lookup.token.name, path: c.req.path, query: search.slice(1), rows },
      });
    }
    rateLimitHeaders(c, limit, rule);
    return undefined;
  };
}

function requireScope(scope: ApiScope): MiddlewareHandler<CityEnv> {
  return async (c, next) => {
    if (!c.get('cityToken').scopes.includes(scope)) {
      return sendError(asAppContext(c), 403, 'forbidden', 'api.cityScopeMissing', { scope });
    }
    await next();
    return undefined;
  };
}

const CITY_SECURITY = [{ cityToken: [] }];

function cityErrors(...statuses: Array<400 | 401 | 403 | 404 | 410 | 429>) {
  const responses = errorResponses(...statuses);
  const describe: Partial<Record<number, string>> = {
    401: 'No API token, or it is unknown, revoked or expired',
    403: 'The token lacks the scope of this route (the message names it)',
    410: 'The cursor is older than the purge of deleted rows: start again without a cursor',
    429: 'Over the token’s rate limit: wait Retry-After seconds',
  };
  for (const status of statuses) {
    const entry = responses[status];
    const description = describe[status];
    if (entry && description) responses[status] = { ...entry, description };
  }
  if (responses[429]) {
    responses[429] = {
      ...responses[429],
      headers: z.object({
        'Retry-After': z.string().openapi({ description: 'Seconds to wait', example: '17' }),
      }),
    } as (typeof responses)[number];
  }
  return responses;
}

const rateLimitResponseHeaders = z.object({
  'RateLimit-Limit': z.string().openapi({ description: 'Requests allowed per window', example: '120' }),
  'RateLimit-Remaining': z.string().openapi({ description: 'Requests left in this window', example: '117' }),
  'RateLimit-Reset': z
    .string()
    .openapi({ description: 'Seconds until the window frees a request', example: '42' }),
});

const listBusinessesRoute = createRoute({
  method: 'get',
  path: '/api/v1/businesses',
  tags: [CITY_TAG],
  summary: 'Businesses of the city, page by page, in the order they were changed',
  description:
    'Scope `businesses`. Walk with `next_cursor` while `has_more`; keep the last `next_cursor` to fetch only later changes. A row changed during a walk comes again later with its new state. Owner name, NIK and phone only with a personal-data token.',
  security: CITY_SECURITY,
  middleware: [requireScope('businesses')] as const,
  request: { query: businessesQuerySchema },
  responses: {
    200: {
      description: 'A page of businesses',
      headers: rateLimitResponseHeaders,
      content: { 'application/json': { schema: businessPageSchema } },
    },
    ...cityErrors(400, 401, 403, 410, 429),
  },
});

const oneBusinessRoute = createRoute({
  method: 'get',
  path: '/api/v1/businesses/{id}',
  tags: [CITY_TAG],
  summary: 'One business (deleted ones too, with `deleted_at` set)',
  security: CITY_SECURITY,
  middleware: [requireScope('businesses')] as const,
  request: { params: idParamSchema },
  responses: {
    200: {
      description: 'The business',
      headers: rateLimitResponseHeaders,
      content: { 'application/json': { schema: businessAnswerSchema } },
    },
    ...cityErrors(400, 401, 403, 404, 429),
  },
});

const listVisitsRoute = createRoute({
  method: 'get',
  path: '/api/v1/visits',
  tags: [CITY_TAG],
  summary: 'Coaching visits, page by page, in the order they were changed (drafts excluded)',
  description:
    'Scope `visits`. Paging as for businesses. The coordinator’s review comments and the coach’s replies are internal and not included.',
  security: CITY_SECURITY,
  middleware: [requireScope('visits')] as const,
  request: { query: visitsQuerySchema },
  responses: {
    200: {
      description: 'A page of visits',
      headers: rateLimitResponseHeaders,
      content: { 'application/json': { schema: visitPageSchema } },
    },
    ...cityErrors(400, 401, 403, 410, 429),
  },
});

const statisticsRoute = createRoute({
  method: 'get',
  path: '/api/v1/statistics',
  tags: [CITY_TAG],
  summary: 'The city’s figures: by kecamatan and status, size class, sector, visits per month, coverage',
  description:
    'Scope `statistics`. Counted as on the coordinator’s dashboard: deleted rows and draft visits never count; closed (tutup) businesses count in the status figures only.',
  security: CITY_SECURITY,
  middleware: [requireScope('statistics')] as const,
  request: { query: statisticsQuerySchema },
  responses: {
    200: {
      description: 'The figures',
      headers: rateLimitResponseHeaders,
      content: { 'application/json': { schema: statisticsSchema } },
    },
    ...cityErrors(400, 401, 403, 429),
  },
});

const V1_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'binaan — city UMKM API',
    version: '1',
    description: `Read-only API for other departments’ systems. Send \`Authorization: Bearer bnn_…\` (a token from the coordinator). Errors are JSON \`{error:{code,message,fields?}}\`. Guide with examples: ${CITY_API_GUIDE_PATH}.`,
  },
};

function v1Routes(deps: AppDeps) {
  const app = new OpenAPIHono<CityEnv>();
  const { db } = deps.database;
  const rule = deps.cityApiRateLimit ?? DEFAULT_RATE_LIMIT;

  app.openAPIRegistry.registerComponent('securitySchemes', 'cityToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A city-API token (`bnn_…`) made by a coordinator; accepted only under /api/v1',
  });
  app.use('/api/v1/*', cityAuthentication(deps, rule));

  /** The cursor's position, after checking it is ours and not older than the tombstone purge. */
  const positionOf = async (
    c: Context<CityEnv>,
    cursor: string | undefined,
  ): Promise<WalkPosition | null> => {
    if (cursor === undefined) return null;
    const position = decodeCursor(cursor);
    const context = asAppContext(c);
    if (!position) {
      fail(context, 400, 'invalid_input', 'api.invalidInput', {}, [
        { path: 'cursor', message: translate(c.get('lang') ?? 'id', 'validation.cursorFormat') },
      ]);
    }
    if (position.version < (await tombstoneHorizon(db, c.get('cityToken').organisationId))) {
      fail(context, 410, 'cursor_expired', 'api.cityCursorExpired');
    }
    return position;
  };
  const cityCode = async (organisationId: string) => (await organisationOf(db, organisationId)).regionCode;

  app.openapi(listBusinessesRoute, async (c) => {
    const token = c.get('cityToken');
    const query = c.req.valid('query');
    const page = await businessPage(db, {
      organisationId: token.organisationId,
      cityCode: await cityCode(token.organisationId),
      query,
      position: await positionOf(c, query.cursor),
      personalData: token.personalData,
    });
    c.set('cityRows', page.data.length);
    return c.json(page, 200);
  });

  app.openapi(oneBusinessRoute, async (c) => {
    const token = c.get('cityToken');
    const { id } = c.req.valid('param');
    const business = await oneBusiness(db, {
      organisationId: token.organisationId,
      cityCode: await cityCode(token.organisationId),
      id,
      personalData: token.personalData,
    });
    if (!business) fail(asAppContext(c), 404, 'not_found', 'api.notFound');
    c.set('cityRows', 1);
    return c.json({ data: business }, 200);
  });

  app.openapi(listVisitsRoute, async (c) => {
    const token = c.get('cityToken');
    const query = c.req.valid('query');
    const page = await visitPage(db, {
      organisationId: token.organisationId,
      query,
      position: await positionOf(c, query.cursor),
    });
    c.set('cityRows', page.data.length);
    return c.json(page, 200);
  });

  app.openapi(statisticsRoute, async (c) => {
    const token = c.get('cityToken');
    const { district_code } = c.req.valid('query');
    const statistics = await cityStatistics(db, {
      organisationId: token.organisationId,
      organisation: await organisationOf(db, token.organisationId),
      districtCode: district_code ?? null,
      now: deps.now(),
    });
    c.set('cityRows', statistics.districts.length);
    return c.json(statistics, 200);
  });

  app.get(CITY_API_SPEC_PATH, (c) => c.json(app.getOpenAPI31Document(V1_DOCUMENT)));
  app.get(CITY_API_GUIDE_PATH, (c) =>
    c.html(renderCityApiGuide({ base: new URL(c.req.url).origin, rateLimit: rule })),
  );
  return app;
}

/** Everything of the city API, mounted with one `app.route('/', cityApiRoutes(deps))`. */
export function cityApiRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', tokenRoutes(deps));
  app.route('/', v1Routes(deps) as unknown as OpenAPIHono<AppEnv>);
  return app;
}
