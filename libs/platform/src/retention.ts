import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Sql, TransactionSql } from './database.js';

/** One table's clean-up: deletes at most `limit` rows past their window, answers how many it deleted. */
export interface Purge {
  /** The table it shrinks: the `table` label of rows_purged_total and its advisory-lock key. */
  table: string;
  purge(tx: TransactionSql, limit: number): Promise<number>;
}

export interface RetentionOptions {
  /** A pool bound to the service's schema (the lock key includes it: schemas purge independently). */
  sql: Sql;
  purges: Purge[];
  logger: Logger;
  /** Where `rows_purged_total{table}` is counted. */
  metrics?: Registry;
  /** Pause between runs (RETENTION_INTERVAL_MS). */
  intervalMs?: number;
  /** Rows one delete takes at most (RETENTION_BATCH_SIZE): each batch is its own short transaction. */
  batchSize?: number;
  /** Batches per table and run (RETENTION_MAX_BATCHES_PER_RUN): what is left waits for the next run. */
  maxBatchesPerRun?: number;
}

export interface Retention {
  /** Runs every purge once now (bounded like a scheduled run); answers the rows deleted per table. */
  runOnce(): Promise<Record<string, number>>;
  /** Finishes the batch in flight and stops. */
  stop(): Promise<void>;
}

// Two-key advisory locks live in their own space, apart from the one-bigint keys used elsewhere.
const LOCK_CLASS = 'shop.retention';

/**
 * Runs each purge every `intervalMs`, in batches of `batchSize` rows, at most `maxBatchesPerRun`
 * per table and run. A batch takes a transaction-scoped advisory lock per schema and table first:
 * when a replica holds it, the others skip that table for this run instead of queueing behind it.
 * A run with nothing to delete costs one indexed select per table.
 */
export function startRetention(options: RetentionOptions): Retention {
  const { sql, purges, logger, intervalMs = 60_000, batchSize = 1_000, maxBatchesPerRun = 10 } = options;
  const purged = options.metrics && rowsPurgedCounter(options.metrics);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function purgeTable(purge: Purge): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerRun; batch++) {
      const deleted = await sql.begin(async (tx) => {
        const [lock] = await tx<{ locked: boolean }[]>`
          select pg_try_advisory_xact_lock(hashtext(${LOCK_CLASS}),
                                           hashtext(current_schema() || '.' || ${purge.table})) as locked`;
        return lock?.locked ? purge.purge(tx, batchSize) : null;
      });
      if (deleted === null) break;
      total += deleted;
      if (deleted > 0) purged?.inc({ table: purge.table }, deleted);
      if (deleted < batchSize || stopped) break;
    }
    return total;
  }

  async function runOnce(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const purge of purges) {
      if (stopped) break;
      try {
        deleted[purge.table] = await purgeTable(purge);
      } catch (error) {
        logger.warn(
          { err: (error as Error).message, table: purge.table },
          'retention purge failed; next run retries',
        );
      }
    }
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    if (total > 0) logger.info({ deleted }, 'retention purged expired rows');
    return deleted;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      const run = runOnce().finally(() => schedule(intervalMs));
      running = run;
    }, delayMs);
    timer.unref();
  }
  // The first run comes soon after start, spread a little so replicas started together differ.
  schedule(Math.min(intervalMs, 1_000 + Math.floor(Math.random() * 4_000)));

  return {
    runOnce() {
      const run = runOnce();
      running = running.then(() => run);
      return run;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}

/** Rows deleted by retention, by table; one counter per registry, shared by every Retention on it. */
function rowsPurgedCounter(registry: Registry): Counter<'table'> {
  const existing = registry.getSingleMetric('rows_purged_total');
  if (existing) return existing as Counter<'table'>;
  return new Counter({
    name: 'rows_purged_total',
    help: 'Rows deleted by retention purges past their window, by table',
    labelNames: ['table'] as const,
    registers: [registry],
  });
}
