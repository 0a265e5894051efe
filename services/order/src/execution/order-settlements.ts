import { Doorbell } from '@shop/messaging';
import type { Logger, Sql } from '@shop/platform';
import { listenForSettlements } from '../data/settlements.channel.js';
import type { Order } from '../orders/order.js';

/** A wait for one order's settlement, opened before its execution starts so no notification is missed. */
export interface SettlementWatch {
  /**
   * Resolves on the order's next notification (or one that came since the last call), or after `ms`:
   * with the order when the notification carried it.
   */
  next(ms: number): Promise<Order | undefined>;
  close(): void;
}

/** A request waiting for an order, and the order its last notification carried. */
interface Watcher {
  doorbell: Doorbell;
  announced?: Order | undefined;
}

/** The process's one LISTEN on settled orders, with the requests waiting for each order. */
export class OrderSettlements {
  private readonly watchers = new Map<number, Set<Watcher>>();
  private listening?: { unlisten(): Promise<void> };

  /** Starts listening; a (re)connect wakes every waiter, since notifications may have been missed meanwhile. */
  async start(sql: Sql, logger: Logger): Promise<void> {
    this.listening = await listenForSettlements(
      sql,
      (orderId, readOrder) => this.notify(orderId, readOrder),
      () => {
        logger.debug('listening for settled orders');
        for (const orderId of this.watchers.keys()) this.notify(orderId);
      },
    );
  }

  async stop(): Promise<void> {
    await this.listening?.unlisten().catch(() => {});
  }

  /** Opens a watch on one order's settlement notifications. */
  watch(orderId: number): SettlementWatch {
    const watcher: Watcher = { doorbell: new Doorbell() };
    const forOrder = this.watchers.get(orderId) ?? new Set();
    forOrder.add(watcher);
    this.watchers.set(orderId, forOrder);
    return {
      async next(ms) {
        await watcher.doorbell.wait(ms);
        watcher.doorbell.answer();
        const { announced } = watcher;
        watcher.announced = undefined;
        return announced;
      },
      close: () => {
        forOrder.delete(watcher);
        if (forOrder.size === 0 && this.watchers.get(orderId) === forOrder) this.watchers.delete(orderId);
      },
    };
  }

  private notify(orderId: number, readOrder?: () => Order): void {
    const waiting = this.watchers.get(orderId);
    if (!waiting) return;
    const announced = readOrder?.();
    for (const watcher of waiting) {
      watcher.announced = announced;
      watcher.doorbell.ring();
    }
  }
}
