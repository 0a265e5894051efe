import { type RunningService, type ServiceDeps, startService } from '@shop/service';
import { createApp } from './app.js';
import type { AnalyticsConfig } from './config.js';
import { analyticsBatchHandlers, analyticsEventHandlers } from './messaging/event-handlers.js';
import { requestCatalogResyncIfEmpty } from './names/request-catalog-resync.js';

// products.upserted carry 100 products each: a batch writes at most 10,000 name rows, so an executed
// order queued behind an import's backlog still reaches the statistics within about a second.
const CONSUMER_BATCH_SIZE = 100;

/** Starts analytics through the service kit: database and migrations, broker, consumer, outbox relay, then HTTP. */
export function startAnalyticsService(
  config: AnalyticsConfig,
  deps: ServiceDeps = {},
): Promise<RunningService> {
  return startService({ name: 'analytics', config, port: config.PORT, deps }, async (kit) => {
    const sql = await kit.openDatabase('analytics', new URL('../migrations', import.meta.url));
    if (await requestCatalogResyncIfEmpty(sql))
      kit.logger.info('names replica empty: catalog resync requested');
    const { broker } = await kit.startMessaging(sql, {
      schema: 'analytics',
      handlers: analyticsEventHandlers,
      batchHandlers: analyticsBatchHandlers,
      // Every handler takes the ledger lock, so transactions run one at a time: big batches amortise
      // the commit (an import's products go thousands per statement), and a second
      // transaction in flight keeps the next batch ready behind the lock.
      batchSize: CONSUMER_BATCH_SIZE,
      prefetch: 2 * CONSUMER_BATCH_SIZE,
      concurrency: 2,
      // At 100 orders/s the default 25 ms lets one transaction count a few of them, at 1,000/s a few dozen.
      gatherMs: config.SALES_GATHER_MS,
    });
    const { verifier } = await kit.verifyTokens(broker, config);
    return createApp(kit, { sql, broker, verifier });
  });
}
