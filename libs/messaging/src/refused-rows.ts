const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

/** Outbox rows the broker refused, each retried alone after a pause doubling up to a minute. */
export class RefusedRows {
  private readonly rows = new Map<string, { retryInMs: number; dueAt: number }>();

  /** Records a refusal; answers the pause before the row is tried again. */
  refuse(id: string): number {
    const retryInMs = Math.min((this.rows.get(id)?.retryInMs ?? FIRST_RETRY_MS / 2) * 2, MAX_RETRY_MS);
    this.rows.set(id, { retryInMs, dueAt: Date.now() + retryInMs });
    return retryInMs;
  }

  forget(id: string): void {
    this.rows.delete(id);
  }

  /** Ids of the refused rows whose pause is not over yet (the relay leaves them out). */
  notDue(): string[] {
    const now = Date.now();
    return [...this.rows].filter(([, row]) => row.dueAt > now).map(([id]) => id);
  }
}
