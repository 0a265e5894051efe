import type { Sql } from '@shop/platform';
import { sumProductSales } from '../data/product-sales.repository.js';
import { type Page, type PageRequest, toPage } from './page.js';
import { type Period, planPeriod } from './period.js';
import { type ProductSales, productRank, type SalesRank } from './statistics.js';

/** The products of a period's page: all of them, or those sold in one category. */
export interface ProductSalesPageRequest extends PageRequest<SalesRank> {
  categoryId?: number | undefined;
}

/**
 * One page of the products sold in a period (in one category, when given), most units first, each
 * with its share of all units sold in the period.
 */
export async function listProductSales(
  sql: Sql,
  period: Period,
  { categoryId, limit, after }: ProductSalesPageRequest,
): Promise<Page<ProductSales, SalesRank>> {
  const rows = await sumProductSales(sql, planPeriod(period), { categoryId, limit: limit + 1, after });
  return toPage(rows, limit, productRank);
}
