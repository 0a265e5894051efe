import { fileURLToPath } from 'node:url';
import { JwksKeyStore, type KeyLookup } from '@shop/identity';
import { type RevocationWatch, startRevocationWatch, startServiceMessaging } from '@shop/messaging';
import { createLogger, createMetricsRegistry, databaseIsReady, type Logger, serveHttp } from '@shop/platform';
import { openServiceDatabase } from '@shop/service';
import { createApp } from './app.js';
import type { CatalogConfig } from './config.js';
import { ImportJobs } from './imports/import-jobs.js';
import { seedSampleCatalog } from './imports/seed-sample-catalog.js';
import { catalogBatchHandlers, catalogEventHandlers } from './messaging/event-handlers.js';

const SCHEMA = 'catalog';
const catalogMigrations = { name: SCHEMA, dir: fileURLToPath(new URL('../migrations', import.meta.url)) };

export interface CatalogService {
  port: number;
  /** Stops taking requests and messages, drains them, then closes the broker and the pool. */
  stop(): Promise<void>;
}

export interface CatalogDeps {
  /** Token keys by kid; default: auth's JWKS at AUTH_URL. Tests pass their own signer's key. */
  keys?: KeyLookup;
  /** Which tokens are revoked; default: a watch fed by auth at AUTH_URL. Tests without auth pass fixedRevocations. */
  revocations?: RevocationWatch;
  logger?: Logger;
}

/** Starts the catalog: database and migrations, broker, consumer, dead-letter keeper, outbox relay, then HTTP. */
export async function startCatalogService(
  config: CatalogConfig,
  deps: CatalogDeps = {},
): Promise<CatalogService> {
  const logger =
    deps.logger ?? createLogger({ service: SCHEMA, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const sql = await openServiceDatabase(config, { schema: SCHEMA, migrations: catalogMigrations, logger });

  const importLimits = {
    maxBytes: config.IMPORT_MAX_BYTES,
    maxRows: config.IMPORT_MAX_ROWS,
    maxInflatedBytes: config.IMPORT_XLSX_MAX_INFLATED_BYTES,
  };
  if (config.SEED_SAMPLE_CATALOG) await seedSampleCatalog(sql, importLimits, logger);

  const metrics = createMetricsRegistry(SCHEMA);
  const messaging = await startServiceMessaging({
    config,
    sql,
    service: SCHEMA,
    schema: SCHEMA,
    logger,
    metrics,
    handlers: catalogEventHandlers,
    // A run of reservations locks all its products in id order first (no deadlock between replicas);
    // one transaction at a time per replica, so a batch never waits on its own replica's locks.
    batchHandlers: catalogBatchHandlers,
    batchSize: 32,
    concurrency: 1,
  });
  const { broker } = messaging;

  // Each running import holds one pooled connection: at most half the pool, the rest stays for the others.
  const importJobs = new ImportJobs({
    sql,
    logger,
    concurrency: Math.max(1, Math.min(config.IMPORT_CONCURRENCY, Math.floor(config.DATABASE_POOL_MAX / 2))),
  });
  const revocations =
    deps.revocations ??
    (await startRevocationWatch({
      broker,
      authUrl: config.AUTH_URL,
      internalToken: config.INTERNAL_TOKEN,
      logger,
    }));
  const keys = deps.keys ?? new JwksKeyStore({ url: `${config.AUTH_URL}/.well-known/jwks.json` }).lookup;
  const app = createApp({
    sql,
    broker,
    logger,
    metrics,
    readiness: {
      database: () => databaseIsReady(sql),
      broker: async () => broker.isConnected(),
      revocations: async () => revocations.isCurrent(),
    },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    keys,
    issuer: config.JWT_ISSUER,
    revocations: revocations.check,
    importLimits,
    importJobs,
  });
  const server = await serveHttp(app.fetch, config.PORT, config.HOST);
  logger.info({ port: server.port }, 'catalog listening');

  return {
    port: server.port,
    async stop() {
      // Half the shutdown budget for running imports; queued ones end interrupted at once.
      await importJobs.drain(Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2));
      await server.close();
      await revocations.stop();
      await messaging.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
