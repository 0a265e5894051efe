import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';
import type { ProductSales, SalesRank } from '../statistics/statistics.js';
import { inEdgeDays, inWholeDays } from './period-filter.js';
import { afterRank } from './sales-rank-filter.js';

/** A category's units in a period, with its first products (by units, most first, then by id). */
export interface CategorySalesRow {
  categoryId: number;
  categoryName: string;
  quantity: number;
  products: ProductSales[];
}

/** How many categories to read after the rank `after`, and how many products of each. */
export interface CategorySalesQuery {
  limit: number;
  after?: SalesRank | undefined;
  productsPerCategory: number;
}

/**
 * Up to `limit` categories (the one each sale was made in) by units sold, most first, then by id,
 * after `after`; each with up to `productsPerCategory` products and their shares of the whole category.
 */
export async function sumCategorySales(
  sql: Queryable,
  plan: PeriodPlan,
  { limit, after, productsPerCategory }: CategorySalesQuery,
): Promise<CategorySalesRow[]> {
  const rows = await sql<
    {
      category_id: number;
      category_name: string;
      category_quantity: string;
      product_id: number;
      product_name: string;
      quantity: string;
      share: string;
    }[]
  >`
    with sold as (
      select category_id, product_id, quantity from daily_product_sales where ${inWholeDays(sql, plan)}
      union all
      select category_id, product_id, quantity from sales where ${inEdgeDays(sql, plan)}
    ), per_product as (
      select category_id, product_id, sum(quantity) as quantity,
        sum(sum(quantity)) over (partition by category_id) as category_quantity,
        row_number() over (partition by category_id order by sum(quantity) desc, product_id) as rank
      from sold group by category_id, product_id
    ), page as (
      select category_id from per_product
      where rank = 1
        ${afterRank(sql, sql`category_quantity`, sql`category_id`, after)}
      order by category_quantity desc, category_id
      limit ${limit}
    ), shown as materialized (
      select s.* from per_product s join page using (category_id) where s.rank <= ${productsPerCategory}
    )
    -- Names are joined to what is shown only (materialized, so that the planner cannot join them first).
    select s.category_id, coalesce(c.catalog_name, c.sold_as, '') as category_name, s.category_quantity,
      s.product_id, coalesce(p.catalog_name, p.sold_as, '') as product_name, s.quantity,
      round(100 * s.quantity / s.category_quantity, 2) as share
    from shown s
      left join categories c using (category_id)
      left join products p using (product_id)
    order by s.category_quantity desc, s.category_id, s.rank`;
  const categories: CategorySalesRow[] = [];
  for (const row of rows) {
    let category = categories.at(-1);
    if (category?.categoryId !== row.category_id) {
      category = {
        categoryId: row.category_id,
        categoryName: row.category_name,
        quantity: Number(row.category_quantity),
        products: [],
      };
      categories.push(category);
    }
    category.products.push({
      productId: row.product_id,
      productName: row.product_name,
      quantity: Number(row.quantity),
      percentage: Number(row.share),
    });
  }
  return categories;
}
