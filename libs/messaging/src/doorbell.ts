/**
 * Waits for a signal or a timeout: a loop sleeps until something is announced (a ring), its timeout
 * passes, or the doorbell is closed. A ring while nobody waits is kept until answered. The outbox
 * relay's poll and order's wait for a settlement both sleep on one.
 */
export class Doorbell {
  private rung = false;
  private closed = false;
  private listening = true;
  private wakeUp: (() => void) | null = null;

  ring(): void {
    this.rung = true;
    if (this.listening) this.wakeUp?.();
  }

  close(): void {
    this.closed = true;
    this.wakeUp?.();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Rung since last answered: more work was announced meanwhile. */
  get hasRung(): boolean {
    return this.rung;
  }

  /** Forgets earlier rings: call just before looking for work. */
  answer(): void {
    this.rung = false;
  }

  /** Resolves after `ms`, or sooner when closed or (unless `ignoreRings`, for back-off) rung. */
  wait(ms: number, { ignoreRings = false } = {}): Promise<void> {
    if (this.closed || (this.rung && !ignoreRings)) return Promise.resolve();
    this.listening = !ignoreRings;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
