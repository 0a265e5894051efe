import type { Queryable } from '@shop/platform';
import { findCategory } from '../data/categories.repository.js';
import type { Page, SortPosition } from '../data/page.js';
import { listProducts } from '../products/list-products.js';
import type { Product, ProductSort } from '../products/product.js';
import { type Category, categoryNotFound } from './category.js';

export interface CategoryProductsQuery {
  category: string;
  sort: ProductSort;
  limit: number;
  after?: SortPosition | undefined;
}

/** The category of this name and one page of its active products; 404 for an unknown category. */
export async function listCategoryProducts(
  sql: Queryable,
  { category: name, ...page }: CategoryProductsQuery,
): Promise<{ category: Category; products: Page<Product> }> {
  const category = await findCategory(sql, name);
  if (!category) throw categoryNotFound(name);
  const products = await listProducts(sql, { filter: { categoryId: category.id }, ...page });
  return { category, products };
}
