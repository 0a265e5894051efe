import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { recordCatalogProducts } from '../names/record-catalog-products.js';

/** Keeps the names replica current: a run of product.upserted from the queue, in one statement. */
export const onProductUpsertedRun: EventBatchHandler<'product.upserted'> = (tx, events) =>
  recordCatalogProducts(
    tx,
    events.map((event) => event.data),
  );

/** One product.upserted: a run of one. */
export const onProductUpserted: EventHandler<'product.upserted'> = (tx, event) =>
  onProductUpsertedRun(tx, [event]);
