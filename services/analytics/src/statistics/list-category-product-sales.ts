import type { Sql } from '@shop/platform';
import { sumCategoryProductSales } from '../data/product-sales.repository.js';
import { type Period, planPeriod } from './period.js';
import type { CategoryProductSales } from './statistics.js';

/** Units sold per category in a period, and per product within each with its share of the category. */
export function listCategoryProductSales(sql: Sql, period: Period): Promise<CategoryProductSales[]> {
  return sumCategoryProductSales(sql, planPeriod(period));
}
