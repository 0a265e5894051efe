import { type RunningService, type ServiceDeps, startService } from '@shop/service';
import { createApp } from './app.js';
import type { CatalogConfig } from './config.js';
import { ImportJobs } from './imports/import-jobs.js';
import { seedSampleCatalog } from './imports/seed-sample-catalog.js';
import { catalogBatchHandlers, catalogEventHandlers } from './messaging/event-handlers.js';

const SCHEMA = 'catalog';

/** Starts the catalog through the service kit: database, the sample seed, messaging, the import jobs, then HTTP. */
export function startCatalogService(config: CatalogConfig, deps: ServiceDeps = {}): Promise<RunningService> {
  return startService({ name: 'catalog', config, port: config.PORT, deps }, async (kit) => {
    const sql = await kit.openDatabase(SCHEMA, new URL('../migrations', import.meta.url));
    const importLimits = {
      maxBytes: config.IMPORT_MAX_BYTES,
      maxRows: config.IMPORT_MAX_ROWS,
      maxInflatedBytes: config.IMPORT_XLSX_MAX_INFLATED_BYTES,
    };
    if (config.SEED_SAMPLE_CATALOG) await seedSampleCatalog(sql, importLimits, kit.logger);
    const { broker } = await kit.startMessaging(sql, {
      schema: SCHEMA,
      handlers: catalogEventHandlers,
      // A run of reservations locks all its products in id order first (no deadlock between replicas);
      // one transaction at a time per replica, so a batch never waits on its own replica's locks.
      batchHandlers: catalogBatchHandlers,
      batchSize: 32,
      concurrency: 1,
    });
    // Each running import holds one pooled connection: at most half the pool, the rest stays for the others.
    const importJobs = new ImportJobs({
      sql,
      logger: kit.logger,
      concurrency: Math.max(1, Math.min(config.IMPORT_CONCURRENCY, Math.floor(config.DATABASE_POOL_MAX / 2))),
    });
    // Half the shutdown budget for running imports; queued ones end interrupted at once.
    kit.onStopBeforeHttp('imports', () => importJobs.drain(Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2)));
    const { verifier } = await kit.verifyTokens(broker, config);
    return createApp(kit, { sql, broker, verifier, importLimits, importJobs });
  });
}
