import type { EventHandler } from '@shop/messaging';
import { deactivateProduct } from '../data/catalog-replica.repository.js';

/** A removed product can no longer be ordered; its row stays for the names of past orders. */
export const onProductDeleted: EventHandler<'product.deleted'> = async (tx, event) => {
  await deactivateProduct(tx, event.data.product_id, event.occurred_at);
};
