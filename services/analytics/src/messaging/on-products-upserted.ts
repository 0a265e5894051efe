import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { recordCatalogProducts } from '../names/record-catalog-products.js';

/** Fills the names replica from products.upserted (an import's chunks, a resync): a run in one statement. */
export const onProductsUpsertedRun: EventBatchHandler<'products.upserted'> = (tx, events) =>
  recordCatalogProducts(
    tx,
    events.flatMap((event) => event.data.products),
  );

/** One products.upserted: a run of one. */
export const onProductsUpserted: EventHandler<'products.upserted'> = (tx, event) =>
  onProductsUpsertedRun(tx, [event]);
