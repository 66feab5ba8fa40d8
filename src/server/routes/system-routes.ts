import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { systemSettings } from '../db/schema';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../errors';
import { readDemoSetting } from '../seed/bootstrap';
import { DEMO_PASSWORD } from '../seed/demo-constants';

const healthSchema = z
  .object({ status: z.literal('ok'), db: z.enum(['embedded', 'postgres']), version: z.string() })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Liveness and which database is in use',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: healthSchema } } } },
});

const publicConfigSchema = z
  .object({
    demo: z.boolean(),
    demoAccounts: z.array(z.string()).nullable(),
    demoPassword: z.string().nullable(),
    version: z.string(),
  })
  .openapi('PublicConfig');

const publicConfigRoute = createRoute({
  method: 'get',
  path: '/api/public/config',
  tags: ['system'],
  summary: 'What the sign-in page needs before anyone signs in',
  description:
    'Whether this installation holds demo data (the sign-in page then shows a banner and the demo accounts).',
  responses: {
    200: { description: 'Config', content: { 'application/json': { schema: publicConfigSchema } } },
  },
});

export function systemRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps.database;

  app.openapi(healthRoute, async (c) => {
    await db.select({ key: systemSettings.key }).from(systemSettings).limit(1);
    return c.json({ status: 'ok' as const, db: deps.database.kind, version: deps.version }, 200);
  });

  app.openapi(publicConfigRoute, async (c) => {
    const demo = await readDemoSetting(db);
    return c.json(
      {
        demo: demo.active,
        demoAccounts: demo.active ? demo.accounts : null,
        demoPassword: demo.active ? DEMO_PASSWORD : null,
        version: deps.version,
      },
      200,
    );
  });

  return app;
}
