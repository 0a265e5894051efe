import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { lockUserOrders } from '../data/deleted-users.repository.js';
import { linesToReserve } from '../data/order-items.repository.js';
import { cancelPendingOrdersOf } from '../data/order-transitions.repository.js';
import { recordUserDeleted } from '../data/orders.repository.js';
import { orderCancelled } from './order-events.js';

/**
 * A deleted user's pending orders are cancelled (and announced); executed ones stay as sales history,
 * and executing ones are cancelled if their stock is rejected (the user is remembered for that).
 */
export async function cancelOrdersOfDeletedUser(
  tx: TransactionSql,
  userId: number,
  causation: Causation,
): Promise<number[]> {
  // Waits for orders being created to commit, so the cancel below sees them (and later ones are refused).
  await lockUserOrders(tx, userId);
  await recordUserDeleted(tx, userId);
  const cancelled = await cancelPendingOrdersOf(tx, userId);
  const events = [];
  for (const orderId of cancelled) {
    events.push(orderCancelled(orderId, false, await linesToReserve(tx, orderId), causation));
  }
  enqueueEvents(tx, 'order', events);
  return cancelled;
}
