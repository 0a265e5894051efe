import type { EventBatchHandlers, EventHandlers } from '@shop/messaging';
import { onCategoryRenamed } from './on-category-renamed.js';
import { onOrderCancelled } from './on-order-cancelled.js';
import { onOrderExecuted, onOrderExecutedRun } from './on-order-executed.js';
import { onProductDeleted, onProductsDeleted } from './on-product-deleted.js';
import { onProductUpserted, onProductUpsertedRun } from './on-product-upserted.js';
import { onProductsUpserted, onProductsUpsertedRun } from './on-products-upserted.js';

/** Every event analytics consumes, with its handler. */
export const analyticsEventHandlers: EventHandlers = {
  'order.executed': onOrderExecuted,
  'order.cancelled': onOrderCancelled,
  'product.upserted': onProductUpserted,
  'products.upserted': onProductsUpserted,
  'product.deleted': onProductDeleted,
  'category.renamed': onCategoryRenamed,
};

/** The events that arrive in bulk (an import, a resync, a category's removal, the saga's sales), applied a run at once. */
export const analyticsBatchHandlers: EventBatchHandlers = {
  'order.executed': onOrderExecutedRun,
  'product.upserted': onProductUpsertedRun,
  'products.upserted': onProductsUpsertedRun,
  'product.deleted': onProductsDeleted,
};
