import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { deactivateProducts } from '../data/catalog-replica.repository.js';

/** Removed products can no longer be ordered; their rows stay for the names of past orders. */
export const onProductsDeleted: EventBatchHandler<'product.deleted'> = async (tx, events) => {
  await deactivateProducts(
    tx,
    events.map(({ data, occurred_at }) => ({
      id: data.product_id,
      version: data.version ?? 0,
      syncedAt: occurred_at,
    })),
  );
};

/** One product.deleted: a batch of one. */
export const onProductDeleted: EventHandler<'product.deleted'> = (tx, event) =>
  onProductsDeleted(tx, [event]);
