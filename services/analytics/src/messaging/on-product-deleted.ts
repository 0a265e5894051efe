import type { EventHandler } from '@shop/messaging';
import { recordProductRemoval } from '../names/record-product-removal.js';

/** A removed product stays in the statistics under its last name. */
export const onProductDeleted: EventHandler<'product.deleted'> = (tx, event) =>
  recordProductRemoval(tx, event.data.product_id);
