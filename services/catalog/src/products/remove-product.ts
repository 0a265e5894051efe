import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { deactivateProduct, findProduct } from '../data/products.repository.js';
import { type Product, productDeleted, productNotFound } from './product.js';

/** Soft-deletes an active product (history keeps the row, its name becomes free) and announces it. */
export async function removeProduct(sql: Sql, id: number, causation: Causation): Promise<Product> {
  return sql.begin(async (tx) => {
    if (!(await deactivateProduct(tx, id))) throw productNotFound(id);
    const removed = (await findProduct(tx, id)) as Product;
    enqueueEvents(tx, 'catalog', [productDeleted(removed, causation)]);
    return removed;
  });
}
