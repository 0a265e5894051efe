import type { EventHandler } from '@shop/messaging';
import { reverseSale } from '../sales/reverse-sale.js';

/** Saga step 5: a cancelled executed order is taken out of the statistics; a pending one never was in. */
export const onOrderCancelled: EventHandler<'order.cancelled'> = async (tx, event) => {
  if (event.data.was_executed) await reverseSale(tx, event.data.order_id);
};
