import { type Causation, enqueueEvents, type NewEvent } from '@shop/messaging';
import type { Sql, TransactionSql } from '@shop/platform';
import {
  claimOverdueExecutions,
  markRequestedAgain,
  type OverdueExecution,
} from '../data/execution-sweep.repository.js';
import { linesToReserve } from '../data/order-items.repository.js';
import { markRejected } from '../data/order-transitions.repository.js';
import { notifySettled } from '../data/settlements.channel.js';
import { executionAbandoned, executionRequested, orderCancelled } from '../orders/order-events.js';

export interface SweepSettings {
  retryAfterMs: number;
  timeoutMs: number;
}

// Enough to drain a backlog over a few sweeps without one long transaction.
const BATCH = 100;

/**
 * One sweep over executing orders whose catalog answer is overdue: an attempt past its deadline ends
 * (pending with an execution_timed_out rejection, or cancelled if its user is gone) and catalog hears
 * it was abandoned; any other is asked again with the same attempt. How many orders it handled.
 */
export async function sweepExecutions(sql: Sql, settings: SweepSettings): Promise<number> {
  return sql.begin(async (tx) => {
    const overdue = await claimOverdueExecutions(tx, { ...settings, limit: BATCH });
    const events: NewEvent[] = [];
    const askedAgain: number[] = [];
    for (const execution of overdue) {
      const causation = sweepCausation(execution);
      if (execution.expired) events.push(...(await giveUp(tx, execution, causation)));
      else {
        const items = await linesToReserve(tx, execution.orderId);
        events.push(executionRequested(execution, items, causation));
        askedAgain.push(execution.orderId);
      }
    }
    await markRequestedAgain(tx, askedAgain);
    enqueueEvents(tx, 'order', events);
    return overdue.length;
  });
}

async function giveUp(tx: TransactionSql, execution: OverdueExecution, causation: Causation) {
  const { orderId, attempt } = execution;
  const ended = await markRejected(tx, orderId, { reason: 'execution_timed_out', shortages: [] }, attempt);
  const events: NewEvent[] = [executionAbandoned(orderId, attempt, causation)];
  if (ended?.status === 'cancelled') {
    events.push(orderCancelled(orderId, false, await linesToReserve(tx, orderId), causation));
  }
  await notifySettled(tx, orderId);
  return events;
}

/** The sweeper's messages about one attempt share a correlation id, so its re-sends read as one story. */
function sweepCausation(execution: OverdueExecution): Causation {
  return { correlationId: `order-${execution.orderId}-attempt-${execution.attempt}` };
}
