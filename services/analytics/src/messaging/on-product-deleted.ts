import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { recordProductRemovals } from '../names/record-product-removals.js';

/** Removed products stay in the statistics under their last names. */
export const onProductsDeleted: EventBatchHandler<'product.deleted'> = (tx, events) =>
  recordProductRemovals(
    tx,
    events.map((event) => event.data),
  );

/** One product.deleted: a batch of one. */
export const onProductDeleted: EventHandler<'product.deleted'> = (tx, event) =>
  onProductsDeleted(tx, [event]);
