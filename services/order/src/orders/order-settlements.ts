import type { Logger, Sql } from '@shop/platform';
import { listenForSettlements } from '../data/settlements.channel.js';

/** A wait for one order's settlement, opened before its execution starts so no notification is missed. */
export interface SettlementWatch {
  /** Resolves on the order's next notification (or one that came since the last call), or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

interface Watcher {
  notified: boolean;
  wake?: () => void;
}

/** The process's one LISTEN on settled orders, with the requests waiting for each order. */
export class OrderSettlements {
  private readonly watchers = new Map<number, Set<Watcher>>();
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
    const watcher: Watcher = { notified: false };
    const forOrder = this.watchers.get(orderId) ?? new Set();
    forOrder.add(watcher);
    this.watchers.set(orderId, forOrder);
    return {
      next: (ms) => waitForNotification(watcher, ms),
      close: () => {
        forOrder.delete(watcher);
        if (forOrder.size === 0 && this.watchers.get(orderId) === forOrder) this.watchers.delete(orderId);
      },
    };
  }

  private notify(orderId: number): void {
    for (const watcher of this.watchers.get(orderId) ?? []) {
      watcher.notified = true;
      watcher.wake?.();
    }
  }
}

function waitForNotification(watcher: Watcher, ms: number): Promise<void> {
  if (watcher.notified) {
    watcher.notified = false;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      watcher.wake = undefined;
      watcher.notified = false;
      resolve();
    }
    watcher.wake = done;
  });
}
