import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';
import type { Profit } from '../statistics/statistics.js';
import { inEdgeDays, inWholeDays } from './period-filter.js';

/** Orders, revenue, cost and profit of a period, summed in numeric. */
export async function sumProfit(sql: Queryable, plan: PeriodPlan): Promise<Profit> {
  const [row] = await sql<{ orders: string; revenue: string; cost: string; profit: string }[]>`
    with parts as (
      select orders::bigint as orders, revenue, cost from daily_sales where ${inWholeDays(sql, plan)}
      union all
      select count(distinct order_id), sum(revenue), sum(cost) from sales where ${inEdgeDays(sql, plan)}
    )
    select coalesce(sum(orders), 0) as orders, coalesce(sum(revenue), 0) as revenue,
      coalesce(sum(cost), 0) as cost, coalesce(sum(revenue), 0) - coalesce(sum(cost), 0) as profit
    from parts`;
  return {
    orders: Number(row?.orders ?? 0),
    revenue: Number(row?.revenue ?? 0),
    cost: Number(row?.cost ?? 0),
    profit: Number(row?.profit ?? 0),
  };
}
