import { type RunningService, type ServiceDeps, startService } from '@shop/service';
import { createApp } from './app.js';
import type { OrderConfig } from './config.js';
import { orderPurges } from './data/order-retention.repository.js';
import { startExecutionSweeper } from './execution/execution-sweeper.js';
import { OrderSettlements } from './execution/order-settlements.js';
import { orderBatchHandlers, orderEventHandlers } from './messaging/event-handlers.js';
import { requestResyncIfEmpty } from './replica/request-resync.js';

const SCHEMA = 'orders';
// An import's products.upserted carry 100 products each: a batch upserts at most 10,000 replica rows,
// so the saga events queued behind an import's backlog wait a fraction of a second, not seconds.
const REPLICA_BATCH_SIZE = 100;

/** Starts the order service through the service kit: its database, settlement LISTEN, messaging, sweeper and HTTP. */
export function startOrderService(config: OrderConfig, deps: ServiceDeps = {}): Promise<RunningService> {
  return startService({ name: 'order', config, port: config.PORT, deps }, async (kit) => {
    const sql = await kit.openDatabase(SCHEMA, new URL('../migrations', import.meta.url));
    await requestResyncIfEmpty(sql, kit.logger);
    const settlements = new OrderSettlements();
    await settlements.start(sql, kit.logger);
    kit.onStop('settlements', () => settlements.stop());
    const { broker } = await kit.startMessaging(sql, {
      schema: SCHEMA,
      handlers: orderEventHandlers,
      batchHandlers: orderBatchHandlers,
      // One batch at a time: a batch touches product and category rows run after run, and concurrent
      // batches taking them in other orders would deadlock.
      concurrency: 1,
      // A backlog of replica events is absorbed many rows per statement; a batch forms only from what
      // waits, so saga events alone still go through one by one.
      batchSize: REPLICA_BATCH_SIZE,
      prefetch: 2 * REPLICA_BATCH_SIZE,
      purges: orderPurges(config),
    });
    const { verifier } = await kit.verifyTokens(broker, config);
    const app = createApp(kit, { sql, broker, verifier, settlements });
    const sweeper = startExecutionSweeper(sql, kit.logger, {
      retryAfterMs: config.EXECUTION_RETRY_AFTER_MS,
      timeoutMs: config.EXECUTION_TIMEOUT_MS,
      intervalMs: config.EXECUTION_SWEEP_INTERVAL_MS,
    });
    kit.onStop('sweeper', sweeper.stop);
    return app;
  });
}
