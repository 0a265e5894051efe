import type { EventHandlers } from '@shop/messaging';
import { onCategoryRenamed } from './on-category-renamed.js';
import { onProductDeleted } from './on-product-deleted.js';
import { onProductUpserted } from './on-product-upserted.js';
import { onStockRejected } from './on-stock-rejected.js';
import { onStockReleased } from './on-stock-released.js';
import { onStockReserved } from './on-stock-reserved.js';
import { onUserDeleted } from './on-user-deleted.js';

/** Every event the order service consumes, with its handler. */
export const orderEventHandlers: EventHandlers = {
  'stock.reserved': onStockReserved,
  'stock.rejected': onStockRejected,
  'stock.released': onStockReleased,
  'product.upserted': onProductUpserted,
  'product.deleted': onProductDeleted,
  'category.renamed': onCategoryRenamed,
  'user.deleted': onUserDeleted,
};
