import type { EventData } from '@shop/contracts';
import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { linesToReserve } from '../data/order-items.repository.js';
import { markRejected } from '../data/order-transitions.repository.js';
import { notifySettled } from '../data/settlements.channel.js';
import { orderCancelled } from '../orders/order-events.js';

/**
 * Saga step 3 (stock.rejected): an executing order goes back to pending with the shortages kept on it
 * (cancelled instead when its user was deleted meanwhile). Any other order, or a reply of another
 * attempt, is left alone: catalog took nothing.
 */
export async function rejectExecution(
  tx: TransactionSql,
  rejected: EventData<'stock.rejected'>,
  causation: Causation,
): Promise<boolean> {
  const orderId = rejected.order_id;
  const settled = await markRejected(
    tx,
    orderId,
    { reason: 'stock_unavailable', shortages: rejected.shortages },
    rejected.attempt,
  );
  if (!settled) return false;
  if (settled.status === 'cancelled') {
    enqueueEvents(tx, 'order', [
      orderCancelled(orderId, false, await linesToReserve(tx, orderId), causation),
    ]);
  }
  await notifySettled(tx, orderId);
  return true;
}
