import type { EventHandler } from '@shop/messaging';
import { markRestocked } from '../data/order-transitions.repository.js';

/** Saga step 5 answered: catalog put a cancelled order's stock back; recorded once. */
export const onStockReleased: EventHandler<'stock.released'> = async (tx, event) => {
  await markRestocked(tx, event.data.order_id);
};
