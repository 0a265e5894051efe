// The consumer's effect, kept pure: revenue in cents from executed orders, less cancelled executed
// ones. A cancellation may arrive before its execution (docs/integration.md): it waits for it.

/** What the store remembers of one handled event (a line of the store file). */
export type Effect =
  | { id: string; type: 'order.executed'; order_id: number; total_cents: number; offset?: number }
  | { id: string; type: 'order.cancelled'; order_id: number; offset?: number }
  | { id: string; type: 'no effect'; offset?: number }
  | { id: string; type: 'backfilled' };

export class Revenue {
  cents = 0;
  readonly executed = new Map<number, number>();
  private readonly cancelled = new Set<number>();

  /** Applies one effect; answers the change in cents. */
  apply(effect: Effect): number {
    if (effect.type === 'order.executed') {
      if (this.executed.has(effect.order_id)) return 0;
      this.executed.set(effect.order_id, effect.total_cents);
      return this.cancelled.has(effect.order_id) ? 0 : this.change(effect.total_cents);
    }
    if (effect.type === 'order.cancelled') {
      if (this.cancelled.has(effect.order_id)) return 0;
      this.cancelled.add(effect.order_id);
      const total = this.executed.get(effect.order_id);
      return total === undefined ? 0 : this.change(-total);
    }
    return 0;
  }

  private change(cents: number): number {
    this.cents += cents;
    return cents;
  }
}

/** Money as Shop sends it (a JSON number with at most two decimals) in integer cents. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Cents as a decimal amount for printing. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
