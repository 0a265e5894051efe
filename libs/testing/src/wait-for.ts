import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns a value that passes `until` (default: truthy) and returns it;
 * fails with the last value after `timeoutMs`. Tests wait for a row or a message this way, never sleep.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  { until = Boolean, timeoutMs = 10_000, intervalMs = 25, what = 'condition' }: WaitOptions<T> = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!until(last)) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
      );
    }
    await sleep(intervalMs);
    last = await probe();
  }
  return last;
}

export interface WaitOptions<T> {
  until?: (value: T) => boolean;
  timeoutMs?: number;
  intervalMs?: number;
  what?: string;
}
