import type { NewEvent } from '@shop/messaging';
import type { Causation } from '../messaging/causation.js';

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

/** order.execution-requested: catalog takes the stock of every line or of none. */
export function executionRequested(
  orderId: number,
  userId: number,
  items: Line[],
  causation: Causation,
): NewEvent<'order.execution-requested'> {
  return {
    type: 'order.execution-requested',
    data: { order_id: orderId, user_id: userId, items },
    ...causation,
  };
}
