import type { Causation, NewEvent } from '@shop/messaging';

type Line = { product_id: number; quantity: number };

/** order.cancelled: catalog restocks an executed order's lines, analytics reverses its sale. */
export function orderCancelled(
  orderId: number,
  wasExecuted: boolean,
  items: Line[],
  causation: Causation,
): NewEvent<'order.cancelled'> {
  return {
    type: 'order.cancelled',
    data: { order_id: orderId, was_executed: wasExecuted, items },
    ...causation,
  };
}

/** order.execution-requested: catalog takes the stock of every line or of none, for this attempt. */
export function executionRequested(
  execution: { orderId: number; userId: number; attempt: number },
  items: Line[],
  causation: Causation,
): NewEvent<'order.execution-requested'> {
  const { orderId, userId, attempt } = execution;
  return {
    type: 'order.execution-requested',
    data: { order_id: orderId, user_id: userId, attempt, items },
    ...causation,
  };
}

/** order.execution-abandoned: catalog gives back any stock it took for this attempt (or an earlier one). */
export function executionAbandoned(
  orderId: number,
  attempt: number,
  causation: Causation,
): NewEvent<'order.execution-abandoned'> {
  return { type: 'order.execution-abandoned', data: { order_id: orderId, attempt }, ...causation };
}
