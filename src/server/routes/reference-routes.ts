import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { currentUser } from '../auth/middleware';
import { organisations } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorResponses, fail, type AppEnv } from '../errors';
import { cityRegions } from '../reference/regions';

const regionsSchema = z
  .object({
    city: z.object({ code: z.string(), name: z.string() }),
    districts: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        villages: z.array(z.object({ code: z.string(), name: z.string() })),
      }),
    ),
    attribution: z.string(),
  })
  .openapi('CityRegions');

const regionsRoute = createRoute({
  method: 'get',
  path: '/api/reference/regions',
  tags: ['reference'],
  summary: "Kecamatan and kelurahan of the caller's city (Kemendagri codes)",
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'Regions', content: { 'application/json': { schema: regionsSchema } } },
    ...errorResponses(401, 404),
  },
});

export function referenceRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(regionsRoute, async (c) => {
    const user = currentUser(c);
    const rows = await deps.database.db
      .select({ regionCode: organisations.regionCode })
      .from(organisations)
      .where(eq(organisations.id, user.organisationId));
    const regions = rows[0] ? cityRegions(rows[0].regionCode) : null;
    if (!regions) fail(c, 404, 'not_found', 'api.notFound');
    c.header('Cache-Control', 'private, max-age=86400');
    return c.json(
      {
        ...regions,
        attribution: 'Kemendagri codes via idn-area-data (fityannugroho), Open Database License',
      },
      200,
    );
  });
  return app;
}
