import type { Queryable } from '@shop/platform';

/**
 * Subtracts one order's facts from the aggregates of its UTC day, in one statement: per day × product,
 * then the day's orders, units, revenue and cost. Rows left at zero are deleted, as a rebuild would.
 */
export async function subtractOrderFromAggregates(sql: Queryable, orderId: number): Promise<void> {
  await sql`
    with fact as (
      select (executed_at at time zone 'UTC')::date as day, category_id, product_id, quantity, revenue, cost
      from sales where order_id = ${orderId}
    ), per_product as (
      update daily_product_sales as total set
        quantity = total.quantity - fact.quantity,
        revenue = total.revenue - fact.revenue,
        cost = total.cost - fact.cost
      from fact
      where (total.day, total.category_id, total.product_id) = (fact.day, fact.category_id, fact.product_id)
    )
    update daily_sales as total set
      orders = total.orders - 1,
      quantity = total.quantity - per_day.quantity,
      revenue = total.revenue - per_day.revenue,
      cost = total.cost - per_day.cost
    from (select day, sum(quantity) as quantity, sum(revenue) as revenue, sum(cost) as cost
      from fact group by day) as per_day
    where total.day = per_day.day`;
  await deleteEmptiedAggregates(sql, orderId);
}

async function deleteEmptiedAggregates(sql: Queryable, orderId: number): Promise<void> {
  await sql`
    with days as (
      select distinct (executed_at at time zone 'UTC')::date as day from sales where order_id = ${orderId}
    ), emptied_products as (
      delete from daily_product_sales where day in (select day from days) and quantity = 0
    )
    delete from daily_sales where day in (select day from days) and orders = 0`;
}

/** Counts of a rebuild: facts read and aggregate rows written. */
export interface RebuiltAggregates {
  facts: number;
  days: number;
  productDays: number;
}

/** Replaces every aggregate with what the facts add up to (the caller holds the ledger lock). */
export async function rebuildAggregates(sql: Queryable): Promise<RebuiltAggregates> {
  await sql`delete from daily_product_sales`;
  await sql`delete from daily_sales`;
  const productDays = await sql`
    insert into daily_product_sales (day, category_id, product_id, quantity, revenue, cost)
    select (executed_at at time zone 'UTC')::date, category_id, product_id,
      sum(quantity), sum(revenue), sum(cost)
    from sales group by 1, 2, 3`;
  const days = await sql`
    insert into daily_sales (day, orders, quantity, revenue, cost)
    select (executed_at at time zone 'UTC')::date, count(distinct order_id),
      sum(quantity), sum(revenue), sum(cost)
    from sales group by 1`;
  const [facts] = await sql<{ count: number }[]>`select count(*)::int as count from sales`;
  return { facts: facts?.count ?? 0, days: days.count, productDays: productDays.count };
}
