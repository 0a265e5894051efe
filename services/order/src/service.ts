import { fileURLToPath } from 'node:url';
import { JwksKeyStore, type KeyLookup } from '@shop/identity';
import { type RevocationWatch, startRevocationWatch, startServiceMessaging } from '@shop/messaging';
import { createLogger, createMetricsRegistry, databaseIsReady, type Logger, serveHttp } from '@shop/platform';
import { openServiceDatabase } from '@shop/service';
import { createApp } from './app.js';
import type { OrderConfig } from './config.js';
import { orderPurges } from './data/order-retention.repository.js';
import { orderBatchHandlers, orderEventHandlers } from './messaging/event-handlers.js';
import { startExecutionSweeper } from './orders/execution-sweeper.js';
import { OrderSettlements } from './orders/order-settlements.js';
import { requestResyncIfEmpty } from './replica/request-resync.js';

const SCHEMA = 'orders';
const SERVICE = 'order';
const REPLICA_BATCH_SIZE = 500;
const orderMigrations = { name: SCHEMA, dir: fileURLToPath(new URL('../migrations', import.meta.url)) };

export interface OrderService {
  port: number;
  /** Stops taking requests and messages, drains them, then closes the broker and the pool. */
  stop(): Promise<void>;
}

export interface OrderDeps {
  /** Token keys by kid; default: auth's JWKS at AUTH_URL. Tests pass their own signer's key. */
  keys?: KeyLookup;
  /** Which tokens are revoked; default: a watch fed by auth at AUTH_URL. Tests without auth pass fixedRevocations. */
  revocations?: RevocationWatch;
  logger?: Logger;
}

/** Starts the order service: database and migrations, broker, consumer, relay, settlement LISTEN, then HTTP. */
export async function startOrderService(config: OrderConfig, deps: OrderDeps = {}): Promise<OrderService> {
  const logger =
    deps.logger ?? createLogger({ service: SERVICE, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const sql = await openServiceDatabase(config, { schema: SCHEMA, migrations: orderMigrations, logger });
  await requestResyncIfEmpty(sql, logger);

  const settlements = new OrderSettlements();
  await settlements.start(sql, logger);
  const metrics = createMetricsRegistry(SERVICE);
  const messaging = await startServiceMessaging({
    config,
    sql,
    service: SERVICE,
    schema: SCHEMA,
    logger,
    metrics,
    handlers: orderEventHandlers,
    batchHandlers: orderBatchHandlers,
    // One batch at a time: a batch touches product and category rows run after run, and concurrent
    // batches taking them in other orders would deadlock.
    concurrency: 1,
    // An import's backlog of product.upserted is absorbed a few hundred rows per statement; a batch
    // forms only from what waits, so saga events alone still go through one by one.
    batchSize: REPLICA_BATCH_SIZE,
    prefetch: 2 * REPLICA_BATCH_SIZE,
    purges: orderPurges(config),
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
    settlements,
    executeWaitMs: config.EXECUTE_WAIT_MS,
    shipsTo: config.SHIPPING_COUNTRIES,
  });
  const sweeper = startExecutionSweeper(sql, logger, {
    retryAfterMs: config.EXECUTION_RETRY_AFTER_MS,
    timeoutMs: config.EXECUTION_TIMEOUT_MS,
    intervalMs: config.EXECUTION_SWEEP_INTERVAL_MS,
  });
  const server = await serveHttp(app.fetch, config.PORT, config.HOST);
  logger.info({ port: server.port }, 'order service listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      await sweeper.stop();
      await revocations.stop();
      await messaging.stop();
      await settlements.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
