import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { findOrCreateCategory } from '../data/categories.repository.js';
import { findProduct, type ProductFields, updateProductFields } from '../data/products.repository.js';
import { type Product, productNotFound, productUpserted } from './product.js';

/** The fields to change; absent ones stay as they are (0 is a value, not an absence). */
export interface ProductChanges {
  id: number;
  name?: string | undefined;
  category?: string | undefined;
  price?: number | undefined;
  cost?: number | undefined;
  quantity?: number | undefined;
}

/** Changes an active product (its category is created when missing) and announces its new state. */
export async function updateProduct(
  sql: Sql,
  changes: ProductChanges,
  causation: Causation,
): Promise<Product> {
  return sql.begin(async (tx) => {
    const { id, category, ...rest } = changes;
    const fields: Partial<ProductFields> = withoutUndefined(rest);
    if (category !== undefined) fields.category_id = (await findOrCreateCategory(tx, category)).id;
    if (!(await updateProductFields(tx, id, fields))) throw productNotFound(id);
    const product = (await findProduct(tx, id)) as Product;
    enqueueEvents(tx, 'catalog', [productUpserted(product, causation)]);
    return product;
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
