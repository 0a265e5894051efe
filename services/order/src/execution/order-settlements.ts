import { Doorbell } from '@shop/messaging';
import type { Logger, Sql } from '@shop/platform';
import { listenForSettlements } from '../data/settlements.channel.js';

/** A wait for one order's settlement, opened before its execution starts so no notification is missed. */
export interface SettlementWatch {
  /** Resolves on the order's next notification (or one that came since the last call), or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

/** The process's one LISTEN on settled orders, with the requests waiting for each order. */
export class OrderSettlements {
  private readonly watchers = new Map<number, Set<Doorbell>>();
  private listening?: { unlisten(): Promise<void> };

  /** Starts listening; a (re)connect wakes every waiter, since notifications may have been missed meanwhile. */
  async start(sql: Sql, logger: Logger): Promise<void> {
    this.listening = await listenForSettlements(
      sql,
      (orderId) => this.notify(orderId),
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
    const doorbell = new Doorbell();
    const forOrder = this.watchers.get(orderId) ?? new Set();
    forOrder.add(doorbell);
    this.watchers.set(orderId, forOrder);
    return {
      async next(ms) {
        await doorbell.wait(ms);
        doorbell.answer();
      },
      close: () => {
        forOrder.delete(doorbell);
        if (forOrder.size === 0 && this.watchers.get(orderId) === forOrder) this.watchers.delete(orderId);
      },
    };
  }

  private notify(orderId: number): void {
    for (const doorbell of this.watchers.get(orderId) ?? []) doorbell.ring();
  }
}
