import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { executedOrder, handled, period, product } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

// Long enough that the events of one test always gather into one batch.
const analytics = useTestAnalytics(env, { SALES_GATHER_MS: '1500' });
const bus = useEventTap(env);

describe('sales gathered into one transaction', () => {
  it('counts each order of the run once, one announced twice under new message ids included', async () => {
    const cup = product('Cup', 3, 1);
    const twice = executedOrder('2033-01-19T10:00:00Z', [{ ...cup, quantity: 2 }]);
    const once = executedOrder('2033-01-19T11:00:00Z', [{ ...cup, quantity: 1 }]);
    const ids = await bus.publish(
      { type: 'order.executed', data: twice },
      { type: 'order.executed', data: once },
      { type: 'order.executed', data: twice },
    );
    await handled(analytics, ids);

    const [inbox] = await analytics.sql<{ transactions: number }[]>`
      select count(distinct xmin::text)::int as transactions from inbox where message_id = any(${ids}::uuid[])`;
    expect(inbox?.transactions).toBe(1);
    expect(await analytics.get(`/statistics/profit${period('2033-01-19', '2033-01-19')}`)).toEqual({
      number_of_executed_orders: 2,
      total_revenue: 9,
      total_cost: 3,
      total_profit: 6,
    });
    const [facts] = await analytics.sql<{ count: number }[]>`
      select count(*)::int as count from sales where order_id = ${twice.order_id}`;
    expect(facts?.count).toBe(1);
  });
});
