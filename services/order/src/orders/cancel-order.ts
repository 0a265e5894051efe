import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { linesToReserve } from '../data/order-items.repository.js';
import { cancelOrder as cancelOrderRow } from '../data/order-transitions.repository.js';
import { findOrder, lockOrder } from '../data/orders.repository.js';
import { type Caller, canRead, type Order } from './order.js';
import { orderNotFound, wrongState } from './order-errors.js';
import { orderCancelled } from './order-events.js';

/**
 * Cancels a pending or executed order, for its owner or an admin, and announces it; for an executed one
 * catalog puts the stock back (and answers stock.released) and analytics reverses the sale. 409 while
 * executing or once cancelled; 404 for anyone else, as for a missing order.
 */
export async function cancelOrder(
  sql: Sql,
  caller: Caller,
  id: number,
  causation: Causation,
): Promise<Order> {
  return sql.begin(async (tx) => {
    const current = await lockOrder(tx, id);
    // Whoever may see the order may cancel it: its owner or an admin.
    if (!current || !canRead(current, caller)) throw orderNotFound(id);
    const was = await cancelOrderRow(tx, id, current.userId);
    if (!was) {
      throw wrongState(
        id,
        current.status,
        current.status === 'executing' ? 'wait for its execution to settle' : 'it cannot be cancelled again',
      );
    }
    const items = await linesToReserve(tx, id);
    enqueueEvents(tx, 'order', [orderCancelled(id, was === 'executed', items, causation)]);
    return (await findOrder(tx, id)) as Order;
  }) as Promise<Order>;
}
