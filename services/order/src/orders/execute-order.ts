import { enqueueEvents } from '@shop/messaging';
import type { Histogram, Sql, TransactionSql } from '@shop/platform';
import {
  claimKey,
  type IdempotencyClaim,
  type StoredReply,
  storeReply,
} from '../data/idempotency.repository.js';
import { startExecution } from '../data/order-transitions.repository.js';
import { findOrder, lockOrder } from '../data/orders.repository.js';
import type { Causation } from '../messaging/causation.js';
import { earlierReply } from './idempotent-request.js';
import type { Order, Shortage } from './order.js';
import { orderNotFound, wrongState } from './order-errors.js';
import { executionRequested } from './order-events.js';
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
  idempotency?: IdempotencyClaim | undefined;
}

// A safety net for a notification lost while the LISTEN connection reconnects.
const RECHECK_MS = 1000;

/**
 * Saga step 1: moves the user's pending order to executing and asks catalog for its stock in one
 * transaction, then waits for the outcome (LISTEN) up to `waitMs`. A retry with the same
 * Idempotency-Key gets the first reply, or, while the first still waits, waits for the same outcome.
 */
export async function executeOrder(
  deps: ExecutionDeps,
  request: ExecutionRequest,
  present: (outcome: ExecutionOutcome) => StoredReply,
): Promise<StoredReply> {
  const watch = deps.settlements.watch(request.orderId);
  const stopTimer = deps.sagaDuration?.startTimer();
  try {
    const start = await deps.sql.begin((tx) => startOrReplay(tx, request));
    if ('replay' in start) return start.replay;
    const outcome = await awaitOutcome(deps, request.orderId, watch);
    if (start.first && outcome.result !== 'executing') stopTimer?.({ outcome: outcome.result });
    const reply = present(outcome);
    if (request.idempotency && start.first) await storeReply(deps.sql, request.idempotency, reply);
    return reply;
  } finally {
    watch.close();
  }
}

async function startOrReplay(
  tx: TransactionSql,
  request: ExecutionRequest,
): Promise<{ replay: StoredReply } | { first: boolean }> {
  if (request.idempotency) {
    const state = await claimKey(tx, request.idempotency);
    if (!state.claimed) {
      const reply = earlierReply(state, request.idempotency);
      return reply ? { replay: reply } : { first: false };
    }
  }
  await requestExecution(tx, request);
  return { first: true };
}

async function requestExecution(tx: TransactionSql, { userId, orderId, causation }: ExecutionRequest) {
  const started = await startExecution(tx, orderId, userId);
  if (!started) {
    const current = await lockOrder(tx, orderId);
    if (!current || current.userId !== userId) throw orderNotFound(orderId);
    throw wrongState(orderId, current.status, 'only a pending order can be executed');
  }
  const { attempt, items } = started;
  await enqueueEvents(tx, 'order', [executionRequested({ orderId, userId, attempt }, items, causation)]);
}

async function awaitOutcome(
  deps: ExecutionDeps,
  orderId: number,
  watch: SettlementWatch,
): Promise<ExecutionOutcome> {
  const deadline = Date.now() + deps.waitMs;
  for (;;) {
    // The order was executing at commit: read it only once notified (or at a recheck or the deadline).
    await watch.next(Math.max(0, Math.min(deadline - Date.now(), RECHECK_MS)));
    const order = (await findOrder(deps.sql, orderId)) as Order;
    if (order.status !== 'executing' || Date.now() >= deadline) return outcomeOf(order);
  }
}

function outcomeOf(order: Order): ExecutionOutcome {
  if (order.status === 'pending') {
    return { result: 'rejected', order, shortages: order.rejection?.shortages ?? [] };
  }
  return { result: order.status, order };
}
