import type { z } from '@hono/zod-openapi';
import type { Page, SortPosition } from '../data/page.js';
import type { Product, ProductSort } from '../products/product.js';
import { productCursors } from './page-cursor.js';
import type { productSchema } from './products.schemas.js';

/** A product as clients see it; `cost` only for admins. */
export function productJson(product: Product, withCost: boolean): z.infer<typeof productSchema> {
  return {
    id: product.id,
    name: product.name,
    category: product.categoryName,
    category_id: product.categoryId,
    price: product.price,
    quantity: product.quantity,
    ...(withCost ? { cost: product.cost } : {}),
    created_at: product.createdAt.toISOString(),
    updated_at: product.updatedAt.toISOString(),
  };
}

/** A page of products in the list shape, its next cursor bound to the sort. */
export function productPageJson(page: Page<Product>, sort: ProductSort, withCost: boolean) {
  return {
    items: page.items.map((product) => productJson(product, withCost)),
    next_cursor: page.next ? productCursors[sort].encode(page.next) : null,
  };
}

/** Where the page a cursor asks for starts (the first page without one); 400 for a foreign cursor. */
export function productPageStart(cursor: string | undefined, sort: ProductSort): SortPosition | undefined {
  return productCursors[sort].decode(cursor);
}
