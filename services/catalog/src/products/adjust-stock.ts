import { type Causation, enqueueEvents } from '@shop/messaging';
import { ConflictError, type Sql } from '@shop/platform';
import { changeStock, findProduct } from '../data/products.repository.js';
import { type Product, productNotFound, productUpserted } from './product.js';

/** Adds `delta` units (negative: takes them) to a product's stock; 409 rather than going below zero. */
export async function adjustStock(
  sql: Sql,
  { id, delta }: { id: number; delta: number },
  causation: Causation,
): Promise<Product> {
  return sql.begin(async (tx) => {
    const changed = await changeStock(tx, id, delta);
    const product = await findProduct(tx, id);
    if (!product?.active) throw productNotFound(id);
    if (!changed) {
      throw new ConflictError(
        `Product ${id} has ${product.quantity} in stock; changing it by ${delta} would leave it out of range`,
      );
    }
    enqueueEvents(tx, 'catalog', [productUpserted(product, causation)]);
    return product;
  });
}
