import type { EventHandler } from '@shop/messaging';
import { recordCatalogProduct } from '../names/record-catalog-product.js';

/** Keeps the names replica current (also how a resync fills it). */
export const onProductUpserted: EventHandler<'product.upserted'> = (tx, event) =>
  recordCatalogProduct(tx, event.data);
