import type { Logger, Sql } from '@shop/platform';
import { type SweepSettings, sweepExecutions } from './sweep-executions.js';

export interface ExecutionSweeper {
  /** Stops sweeping, waiting for a sweep under way to end. */
  stop(): Promise<void>;
}

/**
 * Sweeps overdue executions every `intervalMs`, one sweep at a time; replicas may each run one
 * (claimed rows are skipped by the others). A failed sweep is logged and tried at the next tick.
 */
export function startExecutionSweeper(
  sql: Sql,
  logger: Logger,
  settings: SweepSettings & { intervalMs: number },
): ExecutionSweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function sweepOnce(): Promise<void> {
    try {
      const handled = await sweepExecutions(sql, settings);
      if (handled > 0) logger.info({ orders: handled }, 'overdue executions asked again or given up');
    } catch (error) {
      logger.warn({ err: error }, 'execution sweep failed; trying again at the next tick');
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepOnce().then(schedule);
    }, settings.intervalMs);
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
