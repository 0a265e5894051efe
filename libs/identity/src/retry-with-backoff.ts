import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@shop/platform';

export interface RetryOptions {
  logger: Logger;
  /** What is being attempted, for the log, e.g. 'load revocations'. */
  what: string;
  signal: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs `attempt` until it succeeds, doubling the pause after each failure; gives up only when aborted. */
export async function retryWithBackoff(attempt: () => Promise<void>, options: RetryOptions): Promise<void> {
  const { logger, what, signal, initialDelayMs = 200, maxDelayMs = 10_000 } = options;
  let delayMs = initialDelayMs;
  while (!signal.aborted) {
    try {
      await attempt();
      return;
    } catch (error) {
      logger.warn({ err: (error as Error).message, retry_in_ms: delayMs }, `could not ${what}; retrying`);
    }
    await sleep(delayMs, undefined, { signal }).catch(() => {});
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}
