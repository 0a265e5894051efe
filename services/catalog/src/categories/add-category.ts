import type { Queryable } from '@shop/platform';
import { insertCategory } from '../data/categories.repository.js';
import type { CategorySummary } from './category.js';

/** Creates an empty category; 409 when a live one has the name in any case. */
export async function addCategory(sql: Queryable, name: string): Promise<CategorySummary> {
  const category = await insertCategory(sql, name);
  return { ...category, productCount: 0 };
}
