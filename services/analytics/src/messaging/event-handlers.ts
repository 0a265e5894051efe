import type { EventHandlers } from '@shop/messaging';
import { onCategoryRenamed } from './on-category-renamed.js';
import { onOrderCancelled } from './on-order-cancelled.js';
import { onOrderExecuted } from './on-order-executed.js';
import { onProductDeleted } from './on-product-deleted.js';
import { onProductUpserted } from './on-product-upserted.js';

/** Every event analytics consumes, with its handler. */
export const analyticsEventHandlers: EventHandlers = {
  'order.executed': onOrderExecuted,
  'order.cancelled': onOrderCancelled,
  'product.upserted': onProductUpserted,
  'product.deleted': onProductDeleted,
  'category.renamed': onCategoryRenamed,
};
