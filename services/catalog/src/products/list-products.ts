import type { Queryable } from '@shop/platform';
import { type Page, toPage } from '../data/page.js';
import { findProductPage, type PageQuery } from '../data/product-listing.repository.js';
import { toProduct } from '../data/products.repository.js';
import type { Product } from './product.js';

/** One page of active products matching the filter, in the requested order. */
export async function listProducts(sql: Queryable, query: PageQuery): Promise<Page<Product>> {
  // One row more than asked tells whether another page follows.
  const rows = await findProductPage(sql, { ...query, limit: query.limit + 1 });
  return toPage(rows, query.limit, toProduct);
}
