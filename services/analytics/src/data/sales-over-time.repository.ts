import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';
import type { BucketStart, SalesBucket, SalesInterval } from '../statistics/statistics.js';
import { inEdgeDays, inWholeDays } from './period-filter.js';

/** Which buckets to read: their width, and up to `limit` of them after the one starting `after`. */
export interface SalesOverTimeQuery {
  interval: SalesInterval;
  limit: number;
  after?: BucketStart | undefined;
}

/**
 * Orders, units, revenue and profit per UTC day, week (from Monday) or month of a period, from its
 * first bucket with sales to its last (or from the one after `after`, up to `limit` of them); buckets
 * in between without sales are listed with zeros.
 */
export async function sumSalesOverTime(
  sql: Queryable,
  plan: PeriodPlan,
  { interval, limit, after }: SalesOverTimeQuery,
): Promise<SalesBucket[]> {
  const step = `1 ${interval}`;
  const first =
    after === undefined
      ? sql`(select min(bucket) from buckets)`
      : sql`${after.start}::text::timestamp + ${step}::interval`;
  const rows = await sql<
    { start: string; orders: string; quantity: string; revenue: string; profit: string }[]
  >`
    with parts as (
      select date_trunc(${interval}::text, day::timestamp) as bucket, orders::bigint as orders,
        quantity, revenue, cost
      from daily_sales where ${inWholeDays(sql, plan)}
      union all
      select date_trunc(${interval}::text, executed_at at time zone 'UTC'), count(distinct order_id),
        sum(quantity), sum(revenue), sum(cost)
      from sales where ${inEdgeDays(sql, plan)} group by 1
    ), buckets as (
      select bucket, sum(orders) as orders, sum(quantity) as quantity, sum(revenue) as revenue,
        sum(cost) as cost
      from parts group by bucket
    )
    select to_char(span.bucket, 'YYYY-MM-DD') as start, coalesce(b.orders, 0) as orders,
      coalesce(b.quantity, 0) as quantity, coalesce(b.revenue, 0) as revenue,
      coalesce(b.revenue - b.cost, 0) as profit
    from generate_series(${first}, (select max(bucket) from buckets), ${step}::interval) as span (bucket)
      left join buckets b using (bucket)
    order by span.bucket
    limit ${limit}`;
  return rows.map((row) => ({
    start: row.start,
    orders: Number(row.orders),
    quantity: Number(row.quantity),
    revenue: Number(row.revenue),
    profit: Number(row.profit),
  }));
}
