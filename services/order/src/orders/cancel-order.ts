import { enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { linesToReserve } from '../data/order-items.repository.js';
import { cancelOrder as cancelOrderRow } from '../data/order-transitions.repository.js';
import { findOrder, lockOrder } from '../data/orders.repository.js';
import type { Causation } from '../messaging/causation.js';
import type { Order } from './order.js';
import { orderNotFound, wrongState } from './order-errors.js';
import { orderCancelled } from './order-events.js';

/**
 * Cancels the user's pending or executed order and announces it; for an executed one catalog puts the
 * stock back (and answers stock.released) and analytics reverses the sale. 409 while executing or
 * once cancelled.
 */
export async function cancelOrder(
  sql: Sql,
  userId: number,
  id: number,
  causation: Causation,
): Promise<Order> {
  return sql.begin(async (tx) => {
    const was = await cancelOrderRow(tx, id, userId);
    if (!was) {
      const current = await lockOrder(tx, id);
      if (!current || current.userId !== userId) throw orderNotFound(id);
      throw wrongState(
        id,
        current.status,
        current.status === 'executing' ? 'wait for its execution to settle' : 'it cannot be cancelled again',
      );
    }
    const items = await linesToReserve(tx, id);
    await enqueueEvents(tx, 'order', [orderCancelled(id, was === 'executed', items, causation)]);
    return (await findOrder(tx, id)) as Order;
  }) as Promise<Order>;
}
