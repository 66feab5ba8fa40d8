/**
 * Starts binaan: reads the environment, opens the database (migrating it), bootstraps an empty one,
 * and serves the app and the API from one Node process.
 */
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app';
import { createLoginLimiter } from './auth/rate-limit';
import { openDatabase } from './db/connect';
import { DataDirInUseError } from './db/data-dir-lock';
import { EnvError, readEnv } from './env';
import { createLogger } from './log';
import { createBlobStore } from './blobs/blob-store';
import { runMaintenance } from './sync/maintenance';
import { analyzeStaleTables } from './db/statistics';
import { refreshAllDashboards } from './dashboard/dashboard-facts';
import { bootstrap, readDemoSetting } from './seed/bootstrap';
import { DEMO_PASSWORD } from './seed/demo-constants';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

async function main(): Promise<void> {
  let env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }).catch(
    (error: unknown) => {
      // Another server (or a backup) has the embedded data folder: one line, not a stack trace.
      if (error instanceof DataDirInUseError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    },
  );
  const seeded = await bootstrap(database.db, {
    demo: env.BINAAN_DEMO,
    cityCode: env.BINAAN_CITY_CODE,
    cityName: env.BINAAN_CITY_NAME,
    adminUsername: env.BINAAN_ADMIN_USERNAME,
    adminPassword: env.BINAAN_ADMIN_PASSWORD,
  });
  // PGlite has no autovacuum: give the planner statistics now and keep them fresh (db/statistics.ts).
  const refreshStatistics = async () => {
    if (database.kind !== 'embedded') return;
    const analysed = await analyzeStaleTables(database.db);
    if (analysed.length > 0)
      logger.info({ event: 'analyze', tables: analysed.map((t) => t.table) }, 'statistics refreshed');
  };
  await refreshStatistics();
  setInterval(() => {
    refreshStatistics().catch((error: unknown) =>
      logger.error({ event: 'analyze', err: error }, 'statistics refresh failed'),
    );
  }, 5 * 60_000).unref();
  const demo = await readDemoSetting(database.db);
  const version = packageVersion();
  const blobDir = env.BLOB_DIR ?? join(env.DATA_DIR, 'blobs');
  const app = createApp({
    database,
    version,
    sessionDays: env.SESSION_DAYS,
    loginLimiter: createLoginLimiter(database.db),
    trustProxy: env.TRUST_PROXY,
    logger,
    now: () => new Date(),
    staticDir: env.STATIC_DIR,
    maxJsonBytes: 1024 * 1024,
    blobDir,
    mapTileUrl: env.VITE_MAP_TILE_URL,
  });
  // Purge old tombstones and unreferenced photo bytes a minute after start and every six hours.
  const maintain = () => {
    runMaintenance(database.db, createBlobStore(blobDir), new Date(), env.TOMBSTONE_RETENTION_DAYS).then(
      (result) => {
        const purged = result.purges.reduce((sum, purge) => sum + purge.purged, 0);
        logger.info(
          {
            event: 'maintenance',
            purged,
            blobsRemoved: result.blobsRemoved,
            apiUses: result.apiUses,
            importChunks: result.importChunks,
            loginAttempts: result.loginAttempts,
          },
          'maintenance',
        );
      },
      (error: unknown) => logger.error({ event: 'maintenance', err: error }, 'maintenance failed'),
    );
  };
  setTimeout(maintain, 60_000).unref();
  setInterval(maintain, 6 * 60 * 60_000).unref();
  // The dashboard's per-business tables: caught up shortly after start and every five minutes, so a
  // coordinator's read recomputes only the latest writes (dashboard/dashboard-facts.ts).
  const refreshDashboards = () => {
    refreshAllDashboards(database.db).catch((error: unknown) =>
      logger.error({ event: 'dashboard', err: error }, 'dashboard refresh failed'),
    );
  };
  setTimeout(refreshDashboards, 5_000).unref();
  setInterval(refreshDashboards, 5 * 60_000).unref();
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => {
    const where =
      database.kind === 'embedded' ? `embedded PostgreSQL in ${env.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
    const lines = [
      `binaan ${version} is running: open http://localhost:${env.PORT}`,
      `Database: ${where}`,
      `API docs: http://localhost:${env.PORT}/api/docs`,
    ];
    if (seeded.kind === 'demo') {
      lines.push(
        `Demo city seeded: ${seeded.organisationName} (${seeded.businesses} businesses, ${seeded.visits} visits)`,
      );
    }
    if (seeded.kind === 'empty') {
      lines.push(`Created coordinator account '${seeded.username}' for ${seeded.organisationName}.`);
      if (seeded.generatedPassword)
        lines.push(`Its password (shown only this once): ${seeded.generatedPassword}`);
    }
    if (demo.active) lines.push(`Demo accounts: ${demo.accounts.join(', ')} — password ${DEMO_PASSWORD}`);
    console.log(lines.join('\n'));
  });
  logger.info({ event: 'started', port: env.PORT, db: database.kind, bootstrap: seeded.kind }, 'started');
  // Node closes an idle kept-alive connection after 5 s; a phone whose next request was already on its
  // way then sees a reset (measured under load while the embedded database was busy for seconds).
  // Keep connections longer than a typical proxy's 60 s idle timeout, so the proxy closes first.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }

  const shutdown = (signal: string) => {
    logger.info({ event: 'stopping', signal }, 'stopping');
    server.close(() => {
      void database.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
