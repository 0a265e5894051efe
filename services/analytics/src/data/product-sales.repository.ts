import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';
import type { ProductSales, SalesRank } from '../statistics/statistics.js';
import { inEdgeDays, inWholeDays } from './period-filter.js';
import { afterRank } from './sales-rank-filter.js';

/** Which product sales to read: a category's only, or all; up to `limit` after the rank `after`. */
export interface ProductSalesQuery {
  categoryId?: number | undefined;
  limit: number;
  after?: SalesRank | undefined;
}

/**
 * Up to `limit` products by units sold in a period (in the category, when given), most first, then by
 * id, after `after`; each with its share of all units of the period, whatever the page or category.
 */
export async function sumProductSales(
  sql: Queryable,
  plan: PeriodPlan,
  { categoryId, limit, after }: ProductSalesQuery,
): Promise<ProductSales[]> {
  const inCategory = categoryId === undefined ? sql`true` : sql`category_id = ${categoryId}`;
  const rows = await sql<{ product_id: number; name: string; quantity: string; share: string }[]>`
    with sold as (
      select category_id, product_id, quantity from daily_product_sales where ${inWholeDays(sql, plan)}
      union all
      select category_id, product_id, quantity from sales where ${inEdgeDays(sql, plan)}
    ), per_product as (
      select product_id, sum(quantity) filter (where ${inCategory}) as quantity,
        sum(sum(quantity)) over () as period_quantity
      from sold group by product_id
    ), page as (
      select product_id, quantity, period_quantity from per_product
      where quantity is not null ${afterRank(sql, sql`quantity`, sql`product_id`, after)}
      order by quantity desc, product_id
      limit ${limit}
    )
    -- Names are joined to the page only: joined before the limit, they cost a lookup per product sold.
    select s.product_id, coalesce(p.catalog_name, p.sold_as, '') as name, s.quantity,
      round(100 * s.quantity / s.period_quantity, 2) as share
    from page s left join products p using (product_id)
    order by s.quantity desc, s.product_id`;
  return rows.map((row) => ({
    productId: row.product_id,
    productName: row.name,
    quantity: Number(row.quantity),
    percentage: Number(row.share),
  }));
}
