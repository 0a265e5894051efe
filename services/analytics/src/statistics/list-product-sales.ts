import type { Sql } from '@shop/platform';
import { sumProductSales } from '../data/product-sales.repository.js';
import { type Period, planPeriod } from './period.js';
import type { ProductSales } from './statistics.js';

/** Units sold per product in a period, with each product's share of all units sold. */
export function listProductSales(sql: Sql, period: Period): Promise<ProductSales[]> {
  return sumProductSales(sql, planPeriod(period));
}
