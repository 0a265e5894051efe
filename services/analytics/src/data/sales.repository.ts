import type { Queryable } from '@shop/platform';
import type { ExecutedOrder } from '../sales/sale.js';

/**
 * Counts an executed order unless it was seen before, in one statement (one round trip per event):
 * claims the order, writes its facts (one per product: lines repeating a product are merged, units and
 * money summed in numeric), and adds them to its UTC day's aggregates. False when already seen.
 */
export async function countSaleOnce(sql: Queryable, order: ExecutedOrder): Promise<boolean> {
  const { items } = order;
  const [row] = await sql<{ counted: boolean }[]>`
    with claimed as (
      insert into orders (order_id, status, executed_at) values (${order.order_id}, 'executed', ${order.executed_at})
      on conflict (order_id) do nothing
      returning order_id, executed_at
    ), line as (
      select claimed.order_id, claimed.executed_at, item.*
      from claimed cross join unnest(
        ${items.map((item) => item.product_id)}::int[],
        ${items.map((item) => item.category_id)}::int[],
        ${items.map((item) => item.product_name)}::text[],
        ${items.map((item) => item.category_name)}::text[],
        ${items.map((item) => item.quantity)}::int[],
        ${items.map((item) => item.unit_price)}::numeric[],
        ${items.map((item) => item.unit_cost)}::numeric[]
      ) with ordinality as item (product_id, category_id, product_name, category_name, quantity,
        unit_price, unit_cost, position)
    ), fact as (
      insert into sales (order_id, product_id, category_id, product_name, category_name, quantity,
        unit_price, unit_cost, revenue, cost, executed_at)
      select order_id, product_id, (array_agg(category_id order by position))[1],
        (array_agg(product_name order by position))[1], (array_agg(category_name order by position))[1],
        sum(quantity), (array_agg(unit_price order by position))[1], (array_agg(unit_cost order by position))[1],
        sum(quantity * unit_price), sum(quantity * unit_cost), executed_at
      from line group by order_id, executed_at, product_id
      returning (executed_at at time zone 'UTC')::date as day, category_id, product_id, quantity, revenue, cost
    ), per_product as (
      insert into daily_product_sales as total (day, category_id, product_id, quantity, revenue, cost)
      select day, category_id, product_id, quantity, revenue, cost from fact
      on conflict (day, category_id, product_id) do update set
        quantity = total.quantity + excluded.quantity,
        revenue = total.revenue + excluded.revenue,
        cost = total.cost + excluded.cost
    ), per_day as (
      insert into daily_sales as total (day, orders, quantity, revenue, cost)
      select day, 1, sum(quantity), sum(revenue), sum(cost) from fact group by day
      on conflict (day) do update set
        orders = total.orders + 1,
        quantity = total.quantity + excluded.quantity,
        revenue = total.revenue + excluded.revenue,
        cost = total.cost + excluded.cost
    )
    select exists (select 1 from claimed) as counted`;
  return row?.counted ?? false;
}

/** Deletes the sales facts of a cancelled order (after its aggregates were reversed from them). */
export async function deleteSaleFacts(sql: Queryable, orderId: number): Promise<void> {
  await sql`delete from sales where order_id = ${orderId}`;
}
