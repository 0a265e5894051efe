import { setTimeout as sleep } from 'node:timers/promises';

const MIN_PAUSE_MS = 100;
const MAX_PAUSE_MS = 5_000;

/**
 * The consumer's shared back-off: an infrastructure failure pauses every batch (and starting new
 * ones), doubling up to 5 s while failures go on; a successful commit ends it.
 */
export class ConsumptionPause {
  private pauseMs = 0;
  private until = 0;

  /** Records a failure (joining a pause already running) and resolves when the pause is over. */
  async failed(): Promise<number> {
    if (Date.now() >= this.until) {
      this.pauseMs = this.pauseMs === 0 ? MIN_PAUSE_MS : Math.min(this.pauseMs * 2, MAX_PAUSE_MS);
      this.until = Date.now() + this.pauseMs;
    }
    await sleep(this.remainingMs());
    return this.pauseMs;
  }

  succeeded(): void {
    this.pauseMs = 0;
    this.until = 0;
  }

  remainingMs(): number {
    return Math.max(0, this.until - Date.now());
  }
}
