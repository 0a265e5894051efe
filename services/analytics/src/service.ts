import { fileURLToPath } from 'node:url';
import { JwksKeyStore, type KeyLookup } from '@shop/identity';
import { type RevocationWatch, startRevocationWatch, startServiceMessaging } from '@shop/messaging';
import { createLogger, createMetricsRegistry, databaseIsReady, type Logger, serveHttp } from '@shop/platform';
import { openServiceDatabase } from '@shop/service';
import { createApp } from './app.js';
import type { AnalyticsConfig } from './config.js';
import { analyticsBatchHandlers, analyticsEventHandlers } from './messaging/event-handlers.js';
import { requestCatalogResyncIfEmpty } from './names/request-catalog-resync.js';

const SCHEMA = 'analytics';
const CONSUMER_BATCH_SIZE = 500;
const analyticsMigrations = { name: SCHEMA, dir: fileURLToPath(new URL('../migrations', import.meta.url)) };

export interface AnalyticsService {
  port: number;
  /** Stops taking requests and messages, drains them, then closes the broker and the pool. */
  stop(): Promise<void>;
}

export interface AnalyticsDeps {
  /** Token keys by kid; default: auth's JWKS at AUTH_URL. Tests pass their own signer's key. */
  keys?: KeyLookup;
  /** Which tokens are revoked; default: a watch fed by auth at AUTH_URL. Tests without auth pass fixedRevocations. */
  revocations?: RevocationWatch;
  logger?: Logger;
}

/** Starts analytics: database and migrations, broker, consumer, outbox relay, then HTTP. */
export async function startAnalyticsService(
  config: AnalyticsConfig,
  deps: AnalyticsDeps = {},
): Promise<AnalyticsService> {
  const logger =
    deps.logger ?? createLogger({ service: SCHEMA, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const sql = await openServiceDatabase(config, { schema: SCHEMA, migrations: analyticsMigrations, logger });
  if (await requestCatalogResyncIfEmpty(sql)) logger.info('names replica empty: catalog resync requested');

  const metrics = createMetricsRegistry(SCHEMA);
  const messaging = await startServiceMessaging({
    config,
    sql,
    service: SCHEMA,
    schema: SCHEMA,
    logger,
    metrics,
    handlers: analyticsEventHandlers,
    batchHandlers: analyticsBatchHandlers,
    // Every handler takes the ledger lock, so transactions run one at a time: big batches amortise
    // the commit (an import's product.upserted go a few hundred per statement), and a second
    // transaction in flight keeps the next batch ready behind the lock.
    batchSize: CONSUMER_BATCH_SIZE,
    prefetch: 2 * CONSUMER_BATCH_SIZE,
    concurrency: 2,
  });
  const { broker } = messaging;

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
  });
  const server = await serveHttp(app.fetch, config.PORT, config.HOST);
  logger.info({ port: server.port }, 'analytics listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      await revocations.stop();
      await messaging.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
