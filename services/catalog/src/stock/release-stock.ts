import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { closeReservation, lockReservation } from '../data/reservations.repository.js';
import { returnReservedStock } from './return-reserved-stock.js';

/**
 * Saga step 5: a cancelled order that holds stock here gets it back (in product-id order, from what
 * the reservation recorded) and the order service hears stock.released. Anything else just closes
 * the reservation: a repeated cancel returns nothing twice, and a late execution request of a
 * cancelled order takes nothing.
 */
export async function releaseStock(tx: TransactionSql, orderId: number, causation: Causation): Promise<void> {
  const reservation = await lockReservation(tx, orderId);
  if (reservation?.status === 'released' || reservation?.status === 'cancelled') return;
  if (reservation?.status !== 'reserved') {
    await closeReservation(tx, orderId, 'cancelled');
    return;
  }
  await returnReservedStock(tx, reservation.items);
  await closeReservation(tx, orderId, 'released');
  enqueueEvents(tx, 'catalog', [{ type: 'stock.released', data: { order_id: orderId }, ...causation }]);
}
