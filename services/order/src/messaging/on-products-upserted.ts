import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { upsertProducts } from '../data/catalog-replica.repository.js';
import { toProductUpsert } from './on-product-upserted.js';

/**
 * Fills the catalog replica from products.upserted (an import's chunks, a resync): every product of
 * the run in one statement, each applied only over an older version, as a product.upserted is.
 */
export const onProductsUpsertedRun: EventBatchHandler<'products.upserted'> = async (tx, events) => {
  await upsertProducts(
    tx,
    events.flatMap((event) =>
      event.data.products.map((product) => toProductUpsert(product, event.occurred_at)),
    ),
  );
};

/** One products.upserted: a run of one. */
export const onProductsUpserted: EventHandler<'products.upserted'> = (tx, event) =>
  onProductsUpsertedRun(tx, [event]);
