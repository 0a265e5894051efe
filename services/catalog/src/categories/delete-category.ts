import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { markCategoryDeleted } from '../data/categories.repository.js';
import { deactivateProductsOf } from '../data/products.repository.js';
import { productDeleted } from '../products/product.js';
import { type Category, categoryNotFound } from './category.js';

const EVENTS_PER_INSERT = 500;

/** Deletes a live category and soft-removes its products, announcing each with product.deleted. */
export async function deleteCategory(
  sql: Sql,
  name: string,
  causation: Causation,
): Promise<{ category: Category; removedProductIds: number[] }> {
  return sql.begin(async (tx) => {
    const category = await markCategoryDeleted(tx, name);
    if (!category) throw categoryNotFound(name);
    const removed = await deactivateProductsOf(tx, category.id);
    for (let start = 0; start < removed.length; start += EVENTS_PER_INSERT) {
      enqueueEvents(
        tx,
        'catalog',
        removed.slice(start, start + EVENTS_PER_INSERT).map((removal) => productDeleted(removal, causation)),
      );
    }
    return { category, removedProductIds: removed.map((removal) => removal.id) };
  });
}
