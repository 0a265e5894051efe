import type { EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { releaseStock } from '../stock/release-stock.js';

/**
 * Saga step 5: restocks what catalog's own reservation says the order took. `was_executed` is not
 * needed: the reservation's status is the record of whether this order holds stock.
 */
export const onOrderCancelled: EventHandler<'order.cancelled'> = (tx, event) =>
  releaseStock(tx, event.data.order_id, causedBy(event));
