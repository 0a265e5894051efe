import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { recordCatalogProducts } from '../names/record-catalog-products.js';

/** Keeps the names replica current (also how a resync or an import fills it), a batch at a time. */
export const onProductsUpserted: EventBatchHandler<'product.upserted'> = (tx, events) =>
  recordCatalogProducts(
    tx,
    events.map((event) => event.data),
  );

/** One product.upserted: a batch of one. */
export const onProductUpserted: EventHandler<'product.upserted'> = (tx, event) =>
  onProductsUpserted(tx, [event]);
