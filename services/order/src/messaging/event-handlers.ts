import type { EventBatchHandlers, EventHandlers } from '@shop/messaging';
import { onCategoryRenamed } from './on-category-renamed.js';
import { onProductDeleted, onProductsDeleted } from './on-product-deleted.js';
import { onProductUpserted, onProductUpsertedRun } from './on-product-upserted.js';
import { onProductsUpserted, onProductsUpsertedRun } from './on-products-upserted.js';
import { onStockRejected } from './on-stock-rejected.js';
import { onStockReleased } from './on-stock-released.js';
import { onStockReserved, onStockReservedRun } from './on-stock-reserved.js';
import { onUserDeleted } from './on-user-deleted.js';

/** Every event the order service consumes, with its handler. */
export const orderEventHandlers: EventHandlers = {
  'stock.reserved': onStockReserved,
  'stock.rejected': onStockRejected,
  'stock.released': onStockReleased,
  'product.upserted': onProductUpserted,
  'products.upserted': onProductsUpserted,
  'product.deleted': onProductDeleted,
  'category.renamed': onCategoryRenamed,
  'user.deleted': onUserDeleted,
};

/** The events that arrive in bulk (an import, a resync, a category's removal, catalog's replies), applied a run at once. */
export const orderBatchHandlers: EventBatchHandlers = {
  'stock.reserved': onStockReservedRun,
  'product.upserted': onProductUpsertedRun,
  'products.upserted': onProductsUpsertedRun,
  'product.deleted': onProductsDeleted,
};
