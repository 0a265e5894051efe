import type { Sql } from '@shop/platform';
import { type CategorySalesRow, sumCategorySales } from '../data/category-sales.repository.js';
import { type Page, type PageRequest, toPage } from './page.js';
import { type Period, planPeriod } from './period.js';
import { type CategoryProductSales, productRank, type SalesRank } from './statistics.js';

/** How many products each category lists at most; the rest page on from its `moreProducts`. */
export const PRODUCTS_PER_CATEGORY = 10;

/**
 * One page of the categories sold in a period, most units first, each with its most sold products and
 * their shares of the category.
 */
export async function listCategoryProductSales(
  sql: Sql,
  period: Period,
  { limit, after }: PageRequest<SalesRank>,
): Promise<Page<CategoryProductSales, SalesRank>> {
  const rows = await sumCategorySales(sql, planPeriod(period), {
    limit: limit + 1,
    after,
    productsPerCategory: PRODUCTS_PER_CATEGORY + 1,
  });
  return toPage(rows.map(withFirstProducts), limit, categoryRank);
}

function withFirstProducts(row: CategorySalesRow): CategoryProductSales {
  const products = toPage(row.products, PRODUCTS_PER_CATEGORY, productRank);
  return { ...row, products: products.items, moreProducts: products.next };
}

function categoryRank(category: CategoryProductSales): SalesRank {
  return { quantity: category.quantity, id: category.categoryId };
}
