import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { cancelledOrder, executedOrder, handled, period, product, sell } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

const profitOf = (day: string) => analytics.get(`/statistics/profit${period(day, day)}`);

async function factsOf(orderId: number) {
  const [row] = await analytics.sql<{ count: number }[]>`
    select count(*)::int as count from sales where order_id = ${orderId}`;
  return row?.count;
}

async function statusOf(orderId: number) {
  const [row] = await analytics.sql<
    { status: string }[]
  >`select status from orders where order_id = ${orderId}`;
  return row?.status;
}

describe('counting each order once', () => {
  it('a redelivered order.executed (same message id) counts once', async () => {
    const order = executedOrder('2032-01-05T10:00:00Z', [{ ...product('Pen', 1.2, 0.3), quantity: 5 }]);
    const [id] = await bus.publish({ type: 'order.executed', data: order });
    await bus.publish({ type: 'order.executed', data: order, id });
    await handled(analytics, [id as string]);
    // The second copy is skipped by the inbox: wait until the queue has nothing in flight.
    await sell(
      bus,
      analytics,
      executedOrder('2032-01-06T10:00:00Z', [{ ...product('Ink', 1, 1), quantity: 1 }]),
    );

    expect(await profitOf('2032-01-05')).toEqual({
      number_of_executed_orders: 1,
      total_revenue: 6,
      total_cost: 1.5,
      total_profit: 4.5,
    });
    expect(await factsOf(order.order_id)).toBe(1);
  });

  it('the same order announced again under a new message id counts once', async () => {
    const order = executedOrder('2032-01-12T10:00:00Z', [{ ...product('Mug', 4.5, 2), quantity: 2 }]);
    await sell(bus, analytics, order);
    await sell(bus, analytics, order);

    expect(await profitOf('2032-01-12')).toEqual({
      number_of_executed_orders: 1,
      total_revenue: 9,
      total_cost: 4,
      total_profit: 5,
    });
    expect(await factsOf(order.order_id)).toBe(1);
  });
});

describe('cancellations', () => {
  it('cancelling an executed order takes exactly its sale out, once, however often it is announced', async () => {
    const plate = product('Plate', 7.77, 3.33);
    const kept = executedOrder('2032-02-02T09:00:00Z', [{ ...plate, quantity: 1 }]);
    const cancelled = executedOrder('2032-02-02T11:00:00Z', [{ ...plate, quantity: 3 }]);
    await sell(bus, analytics, kept, cancelled);
    const before = await analytics.get(`/statistics/product-sales${period('2032-02-02', '2032-02-02')}`);
    expect(before.items[0].total_quantity_sold).toBe(4);

    const cancellation = { type: 'order.cancelled', data: cancelledOrder(cancelled) };
    const ids = await bus.publish(cancellation, cancellation);
    await handled(analytics, ids);

    expect(await profitOf('2032-02-02')).toEqual({
      number_of_executed_orders: 1,
      total_revenue: 7.77,
      total_cost: 3.33,
      total_profit: 4.44,
    });
    expect(await statusOf(cancelled.order_id)).toBe('cancelled');
    expect(await factsOf(cancelled.order_id)).toBe(0);
  });

  it('cancelling the only order of a day leaves no aggregate row behind', async () => {
    const order = executedOrder('2032-02-09T09:00:00Z', [{ ...product('Bowl', 5, 1), quantity: 2 }]);
    await sell(bus, analytics, order);
    await handled(analytics, await bus.publish({ type: 'order.cancelled', data: cancelledOrder(order) }));

    const rows = await analytics.sql`
      select 1 from daily_sales where day = '2032-02-09'
      union all select 1 from daily_product_sales where day = '2032-02-09'`;
    expect(rows).toHaveLength(0);
    expect((await profitOf('2032-02-09')).number_of_executed_orders).toBe(0);
  });

  it('a cancellation that arrives before its order.executed leaves the order uncounted', async () => {
    const order = executedOrder('2032-03-01T09:00:00Z', [{ ...product('Vase', 15, 6), quantity: 1 }]);
    await handled(analytics, await bus.publish({ type: 'order.cancelled', data: cancelledOrder(order) }));
    expect(await statusOf(order.order_id)).toBe('cancelled');

    await sell(bus, analytics, order);

    expect((await profitOf('2032-03-01')).number_of_executed_orders).toBe(0);
    expect(await factsOf(order.order_id)).toBe(0);
  });

  it('cancelling an order that was never executed changes nothing', async () => {
    const order = executedOrder('2032-03-08T09:00:00Z', [{ ...product('Jug', 3, 1), quantity: 1 }]);
    await handled(
      analytics,
      await bus.publish({ type: 'order.cancelled', data: cancelledOrder(order, false) }),
    );
    expect(await statusOf(order.order_id)).toBeUndefined();
  });
});

describe('POST /statistics/rebuild', () => {
  const aggregates = async () => ({
    days: await analytics.sql`select * from daily_sales order by day`,
    productDays: await analytics.sql`select * from daily_product_sales order by day, category_id, product_id`,
  });

  it('recomputes from the facts exactly what the events maintained incrementally', async () => {
    const glass = product('Glass', 2.35, 0.8);
    const cancelled = executedOrder('2032-04-02T00:00:00Z', [{ ...glass, quantity: 1 }]);
    await sell(
      bus,
      analytics,
      executedOrder('2032-04-01T23:59:59.999Z', [{ ...glass, quantity: 4 }]),
      cancelled,
      executedOrder('2032-04-02T12:00:00+05:00', [{ ...glass, quantity: 9 }]),
    );
    await handled(analytics, await bus.publish({ type: 'order.cancelled', data: cancelledOrder(cancelled) }));
    const incremental = await aggregates();
    const statistics = await analytics.get(
      `/statistics/sales-over-time${period('2032-04-01', '2032-04-02')}`,
    );

    const response = await analytics.request('POST', '/statistics/rebuild', { as: 'admin' });

    expect(response.status).toBe(200);
    const [facts] = await analytics.sql<{ count: number }[]>`select count(*)::int as count from sales`;
    expect(response.body).toEqual({
      facts: facts?.count,
      days: incremental.days.length,
      product_days: incremental.productDays.length,
    });
    expect(await aggregates()).toEqual(incremental);
    expect(await analytics.get(`/statistics/sales-over-time${period('2032-04-01', '2032-04-02')}`)).toEqual(
      statistics,
    );
    expect(statistics.items).toEqual([
      { start: '2032-04-01', orders: 1, quantity: 4, revenue: 9.4, profit: 6.2 },
      { start: '2032-04-02', orders: 1, quantity: 9, revenue: 21.15, profit: 13.95 },
    ]);
  });

  it('run while events stream in, it leaves aggregates that still match the facts once they are handled', async () => {
    const spoon = product('Spoon', 0.99, 0.2);
    const orders = Array.from({ length: 200 }, (_, i) =>
      executedOrder(`2032-05-0${1 + (i % 3)}T${String(i % 24).padStart(2, '0')}:00:00Z`, [
        { ...spoon, quantity: 1 + (i % 4) },
      ]),
    );
    const ids = await bus.publish(...orders.map((data) => ({ type: 'order.executed', data })));

    const rebuild = await analytics.request('POST', '/statistics/rebuild', { as: 'admin' });
    await handled(analytics, ids);

    expect(rebuild.status).toBe(200);
    const streamed = await aggregates();
    await analytics.request('POST', '/statistics/rebuild', { as: 'admin' });
    expect(await aggregates()).toEqual(streamed);
    expect(
      (await analytics.get(`/statistics/profit${period('2032-05-01', '2032-05-03')}`))
        .number_of_executed_orders,
    ).toBe(200);
  });

  it('is for admins only', async () => {
    expect((await analytics.request('POST', '/statistics/rebuild', { as: 'customer' })).status).toBe(403);
    expect((await analytics.request('POST', '/statistics/rebuild')).status).toBe(401);
  });
});
