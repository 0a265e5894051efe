import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { countActiveProducts, updateCategoryName } from '../data/categories.repository.js';
import { type CategorySummary, categoryNotFound } from './category.js';

/**
 * Renames a live category and announces it with category.renamed (replicas rename their copies);
 * 404 for an unknown category, 409 when another one has the new name. A change of case is allowed.
 */
export async function renameCategory(
  sql: Sql,
  { from, to }: { from: string; to: string },
  causation: Causation,
): Promise<CategorySummary> {
  return sql.begin(async (tx) => {
    const renamed = await updateCategoryName(tx, from, to);
    if (!renamed) throw categoryNotFound(from);
    const { version, ...category } = renamed;
    enqueueEvents(tx, 'catalog', [
      {
        type: 'category.renamed',
        data: { category_id: category.id, name: category.name, version },
        ...causation,
      },
    ]);
    return { ...category, productCount: await countActiveProducts(tx, category.id) };
  });
}
