/**
 * At most `size` imports run at once in this process; the others wait their turn in arrival order.
 * Each import holds one pooled connection while it runs, so the bound keeps the rest of the pool
 * for reads, /readyz, the saga and the outbox.
 */
export class ImportSlots {
  private running = 0;
  private readonly waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly size: number) {}

  /** Waits for a free slot, runs `work` in it and frees the slot when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.running--;
    }
  }

  /** Refuses every import still waiting for a slot with `error`. */
  refuseWaiting(error: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
