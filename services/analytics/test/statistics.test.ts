import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { executedOrder, newCategory, period, product, sell } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

describe('statistics of executed orders, against numbers worked out by hand', () => {
  // Three orders over Monday 10 and Tuesday 11 March 2031 (UTC), in two categories.
  const tools = newCategory('Tools');
  const hammer = product('Hammer', 12.5, 7.25, tools);
  const saw = product('Saw', 30, 18.4, tools);
  const hose = product('Hose', 9.99, 4.1, newCategory('Garden'));
  const orders = [
    executedOrder('2031-03-10T09:15:00Z', [
      { ...hammer, quantity: 3 },
      { ...hose, quantity: 2 },
    ]),
    executedOrder('2031-03-10T17:40:00.250+02:00', [
      { ...saw, quantity: 1 },
      { ...hose, quantity: 5 },
    ]),
    executedOrder('2031-03-11T08:00:00Z', [
      { ...hammer, quantity: 4 },
      { ...saw, quantity: 2 },
    ]),
  ];
  const march10to11 = period('2031-03-10', '2031-03-11');

  beforeAll(async () => {
    await sell(bus, analytics, ...orders);
  });

  it('profit: 3 orders; revenue 57.48 + 79.95 + 110.00; cost 29.95 + 38.90 + 65.80', async () => {
    expect(await analytics.get(`/statistics/profit${march10to11}`)).toEqual({
      number_of_executed_orders: 3,
      total_revenue: 247.43,
      total_cost: 134.65,
      total_profit: 112.78,
    });
  });

  it('product sales: units per product and their share of the 17 units, most sold first, ties by id', async () => {
    expect(await analytics.get(`/statistics/product-sales${march10to11}`)).toEqual({
      items: [
        {
          product_id: hammer.product_id,
          product_name: 'Hammer',
          total_quantity_sold: 7,
          sales_percentage: 41.18,
        },
        {
          product_id: hose.product_id,
          product_name: 'Hose',
          total_quantity_sold: 7,
          sales_percentage: 41.18,
        },
        { product_id: saw.product_id, product_name: 'Saw', total_quantity_sold: 3, sales_percentage: 17.65 },
      ],
      next_cursor: null,
    });
  });

  it('category product sales: Tools (10 units) before Garden (7), shares within each category', async () => {
    expect(await analytics.get(`/statistics/category-product-sales${march10to11}`)).toEqual({
      items: [
        {
          category_id: tools.category_id,
          category_name: 'Tools',
          total_category_quantity: 10,
          products: [
            {
              product_id: hammer.product_id,
              product_name: 'Hammer',
              quantity_sold: 7,
              sales_percentage_within_category: 70,
            },
            {
              product_id: saw.product_id,
              product_name: 'Saw',
              quantity_sold: 3,
              sales_percentage_within_category: 30,
            },
          ],
          products_next_cursor: null,
        },
        {
          category_id: hose.category_id,
          category_name: 'Garden',
          total_category_quantity: 7,
          products: [
            {
              product_id: hose.product_id,
              product_name: 'Hose',
              quantity_sold: 7,
              sales_percentage_within_category: 100,
            },
          ],
          products_next_cursor: null,
        },
      ],
      next_cursor: null,
    });
  });

  it('sales over time: per UTC day, per week from Monday, per month', async () => {
    expect(await analytics.get(`/statistics/sales-over-time${march10to11}`)).toEqual({
      interval: 'day',
      items: [
        { start: '2031-03-10', orders: 2, quantity: 11, revenue: 137.43, profit: 68.58 },
        { start: '2031-03-11', orders: 1, quantity: 6, revenue: 110, profit: 44.2 },
      ],
      next_cursor: null,
    });
    const week = await analytics.get(`/statistics/sales-over-time${march10to11}&interval=week`);
    expect(week).toEqual({
      interval: 'week',
      items: [{ start: '2031-03-10', orders: 3, quantity: 17, revenue: 247.43, profit: 112.78 }],
      next_cursor: null,
    });
    const month = await analytics.get(`/statistics/sales-over-time${march10to11}&interval=month`);
    expect(month.items).toEqual([
      { start: '2031-03-01', orders: 3, quantity: 17, revenue: 247.43, profit: 112.78 },
    ]);
  });

  it('the same figures whether a period is read from whole days or from the facts of partial ones', async () => {
    // 09:00 on the 10th to 23:00 on the 11th: no whole day inside, every figure comes from the facts.
    const partial = period('2031-03-10T09:00:00Z', '2031-03-11T23:00:00Z');
    expect(await analytics.get(`/statistics/profit${partial}`)).toEqual(
      await analytics.get(`/statistics/profit${march10to11}`),
    );
    expect(await analytics.get(`/statistics/category-product-sales${partial}`)).toEqual(
      await analytics.get(`/statistics/category-product-sales${march10to11}`),
    );
  });

  it('a period without sales answers zeros and empty lists', async () => {
    const empty = period('2031-04-01', '2031-04-30');
    expect(await analytics.get(`/statistics/profit${empty}`)).toEqual({
      number_of_executed_orders: 0,
      total_revenue: 0,
      total_cost: 0,
      total_profit: 0,
    });
    const emptyList = { items: [], next_cursor: null };
    expect(await analytics.get(`/statistics/product-sales${empty}`)).toEqual(emptyList);
    expect(await analytics.get(`/statistics/category-product-sales${empty}`)).toEqual(emptyList);
    expect(await analytics.get(`/statistics/sales-over-time${empty}`)).toEqual({
      interval: 'day',
      ...emptyList,
    });
  });

  it('buckets without sales between two with sales are listed with zeros', async () => {
    const lamp = product('Lamp', 20, 5);
    await sell(
      bus,
      analytics,
      executedOrder('2031-05-01T10:00:00Z', [{ ...lamp, quantity: 1 }]),
      executedOrder('2031-05-04T10:00:00Z', [{ ...lamp, quantity: 2 }]),
    );
    const days = await analytics.get(`/statistics/sales-over-time${period('2031-05-01', '2031-05-31')}`);
    expect(days.items).toEqual([
      { start: '2031-05-01', orders: 1, quantity: 1, revenue: 20, profit: 15 },
      { start: '2031-05-02', orders: 0, quantity: 0, revenue: 0, profit: 0 },
      { start: '2031-05-03', orders: 0, quantity: 0, revenue: 0, profit: 0 },
      { start: '2031-05-04', orders: 1, quantity: 2, revenue: 40, profit: 30 },
    ]);
  });

  it('an order repeating a product counts it once, with the units and money of every line', async () => {
    const cup = product('Cup', 2.5, 1);
    await sell(
      bus,
      analytics,
      executedOrder('2031-06-01T10:00:00Z', [
        { ...cup, quantity: 2 },
        { ...cup, quantity: 3, unit_price: 2.4 },
      ]),
    );
    const june = period('2031-06-01', '2031-06-01');
    expect(await analytics.get(`/statistics/profit${june}`)).toEqual({
      number_of_executed_orders: 1,
      total_revenue: 12.2,
      total_cost: 5,
      total_profit: 7.2,
    });
    expect((await analytics.get(`/statistics/product-sales${june}`)).items).toEqual([
      { product_id: cup.product_id, product_name: 'Cup', total_quantity_sold: 5, sales_percentage: 100 },
    ]);
  });
});
