import type { Queryable } from '@shop/platform';
import { findCategoryPage } from '../data/categories.repository.js';
import { type Page, type SortPosition, toPage } from '../data/page.js';
import type { CategorySummary } from './category.js';

/** One page of live categories by name, each with its number of active products. */
export async function listCategories(
  sql: Queryable,
  { limit, after }: { limit: number; after?: SortPosition | undefined },
): Promise<Page<CategorySummary>> {
  const rows = await findCategoryPage(sql, { limit: limit + 1, after });
  return toPage(rows, limit, ({ id, name, productCount }) => ({ id, name, productCount }));
}
