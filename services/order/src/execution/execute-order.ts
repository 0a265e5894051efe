import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Histogram, Sql, TransactionSql } from '@shop/platform';
import { startExecution } from '../data/order-transitions.repository.js';
import { findOrder, lockOrder } from '../data/orders.repository.js';
import type { Order, Shortage } from '../orders/order.js';
import { orderNotFound, wrongState } from '../orders/order-errors.js';
import { executionRequested } from '../orders/order-events.js';
import type { OrderSettlements, SettlementWatch } from './order-settlements.js';

/** How an execution ended, or that it had not ended when the wait was over. */
export type ExecutionOutcome =
  | { result: 'executed' | 'executing' | 'cancelled'; order: Order }
  | { result: 'rejected'; order: Order; shortages: Shortage[] };

export interface ExecutionDeps {
  sql: Sql;
  settlements: OrderSettlements;
  /** How long to wait for the saga before answering that the order is still executing. */
  waitMs: number;
  /** Observes, per outcome, how long execute took from request to executed or rejected. */
  sagaDuration?: Histogram<'outcome'>;
}

export interface ExecutionRequest {
  userId: number;
  orderId: number;
  causation: Causation;
}

// A safety net for a notification lost while the LISTEN connection reconnects.
const RECHECK_MS = 1000;

/**
 * Saga step 1, as one execute request: `start` moves the user's pending order to executing and asks
 * catalog for its stock in the caller's transaction; `outcome` then waits for how it ended (LISTEN)
 * up to `waitMs`. The wait is opened first, so no notification is missed: `close` ends it. Only the
 * request that started the execution observes the saga's duration.
 */
export class OrderExecution {
  private readonly watch: SettlementWatch;
  private readonly stopTimer: ReturnType<Histogram<'outcome'>['startTimer']> | undefined;
  private started = false;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly request: ExecutionRequest,
  ) {
    this.watch = deps.settlements.watch(request.orderId);
    this.stopTimer = deps.sagaDuration?.startTimer();
  }

  async start(tx: TransactionSql): Promise<void> {
    await requestExecution(tx, this.request);
    this.started = true;
  }

  async outcome(): Promise<ExecutionOutcome> {
    const outcome = await this.awaitOutcome();
    if (this.started && outcome.result !== 'executing') this.stopTimer?.({ outcome: outcome.result });
    return outcome;
  }

  close(): void {
    this.watch.close();
  }

  private async awaitOutcome(): Promise<ExecutionOutcome> {
    const deadline = Date.now() + this.deps.waitMs;
    for (;;) {
      // The order was executing at commit: read it only once notified (or at a recheck or the deadline),
      // unless the notification carried it.
      const announced = await this.watch.next(Math.max(0, Math.min(deadline - Date.now(), RECHECK_MS)));
      const order = announced ?? ((await findOrder(this.deps.sql, this.request.orderId)) as Order);
      if (order.status !== 'executing' || Date.now() >= deadline) return outcomeOf(order);
    }
  }
}

async function requestExecution(tx: TransactionSql, { userId, orderId, causation }: ExecutionRequest) {
  const started = await startExecution(tx, orderId, userId);
  if (!started) {
    const current = await lockOrder(tx, orderId);
    if (!current || current.userId !== userId) throw orderNotFound(orderId);
    throw wrongState(orderId, current.status, 'only a pending order can be executed');
  }
  const { attempt, items } = started;
  enqueueEvents(tx, 'order', [executionRequested({ orderId, userId, attempt }, items, causation)]);
}

function outcomeOf(order: Order): ExecutionOutcome {
  if (order.status === 'pending') {
    return { result: 'rejected', order, shortages: order.rejection?.shortages ?? [] };
  }
  return { result: order.status, order };
}
