import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';
import type { CategoryProductSales, ProductSales } from '../statistics/statistics.js';
import { inEdgeDays, inWholeDays } from './period-filter.js';

/** Units sold per product in a period, with its share of all units; most sold first, then by id. */
export async function sumProductSales(sql: Queryable, plan: PeriodPlan): Promise<ProductSales[]> {
  const rows = await sql<{ product_id: number; name: string; quantity: string; share: string }[]>`
    with sold as (
      select product_id, quantity from daily_product_sales where ${inWholeDays(sql, plan)}
      union all
      select product_id, quantity from sales where ${inEdgeDays(sql, plan)}
    ), per_product as (
      select product_id, sum(quantity) as quantity from sold group by product_id
    )
    select s.product_id, coalesce(p.catalog_name, p.sold_as, '') as name, s.quantity,
      round(100 * s.quantity / sum(s.quantity) over (), 2) as share
    from per_product s left join products p using (product_id)
    order by s.quantity desc, s.product_id`;
  return rows.map((row) => ({
    productId: row.product_id,
    productName: row.name,
    quantity: Number(row.quantity),
    percentage: Number(row.share),
  }));
}

/**
 * Units sold per category (the one each sale was made in) and per product within it, with each
 * product's share of its category; categories and products most sold first, then by id.
 */
export async function sumCategoryProductSales(
  sql: Queryable,
  plan: PeriodPlan,
): Promise<CategoryProductSales[]> {
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
        sum(sum(quantity)) over (partition by category_id) as category_quantity
      from sold group by category_id, product_id
    )
    select s.category_id, coalesce(c.catalog_name, c.sold_as, '') as category_name, s.category_quantity,
      s.product_id, coalesce(p.catalog_name, p.sold_as, '') as product_name, s.quantity,
      round(100 * s.quantity / s.category_quantity, 2) as share
    from per_product s
      left join categories c using (category_id)
      left join products p using (product_id)
    order by s.category_quantity desc, s.category_id, s.quantity desc, s.product_id`;
  const categories: CategoryProductSales[] = [];
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
