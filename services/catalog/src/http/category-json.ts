import type { Category, CategorySummary } from '../categories/category.js';
import type { Page, SortPosition } from '../data/page.js';
import type { Product, ProductSort } from '../products/product.js';
import { categoryCursor } from './page-cursor.js';
import { productPageJson } from './product-json.js';

/** A category as clients see it. */
export function categoryJson({ id, name, productCount }: CategorySummary) {
  return { id, name, product_count: productCount };
}

/** A page of categories in the list shape. */
export function categoryPageJson(page: Page<CategorySummary>) {
  return {
    items: page.items.map(categoryJson),
    next_cursor: page.next ? categoryCursor.encode(page.next) : null,
  };
}

/** Where the page of categories a cursor asks for starts; 400 for a foreign cursor. */
export function categoryPageStart(cursor: string | undefined): SortPosition | undefined {
  return categoryCursor.decode(cursor);
}

/** A category with one page of its products. */
export function categoryProductsJson(
  category: Category,
  products: Page<Product>,
  sort: ProductSort,
  withCost: boolean,
) {
  return { category: category.name, category_id: category.id, ...productPageJson(products, sort, withCost) };
}

/** A deleted category and how many products went with it. */
export function deletedCategoryJson(category: Category, removedProductIds: number[]) {
  return { id: category.id, name: category.name, removed_products: removedProductIds.length };
}
