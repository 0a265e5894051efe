// The statistics lists paged through the gateway: walking each with limit 1 and 2, with and without
// from/to, sees every item once and the totals of one read at limit 500; a cursor made for one
// from/to/interval is refused for another. Orders go through the real saga, which executes them now;
// so that sales over time has more than one bucket, one order.executed of ten days ago is published on
// the broker as the order service would.
import type { Sql } from '@shop/platform';
import { EventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, ordersDatabase, signInAdmin, signInCustomer } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const DAY_MS = 86_400_000;

interface Product {
  id: number;
  name: string;
  category: string;
  category_id: number;
  price: number;
}

type Item = Record<string, unknown>;
const idOf = (item: Item) => String(item.product_id ?? item.category_id ?? item.start);
const dateOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const sum = (items: Item[], field: string) => items.reduce((total, item) => total + Number(item[field]), 0);

describe('statistics lists paged through the gateway', () => {
  let system: RunningSystem;
  let orders: Sql;
  let tap: EventTap;
  let admin: Actor;
  const today = dateOf(Date.now());
  const tenDaysAgo = Date.now() - 10 * DAY_MS;

  /** Adds a product in `category` and waits until the order service offers it. */
  async function addProduct(category: string, price: number): Promise<Product> {
    const added = await admin.call('POST', '/products/add', {
      name: `Paged ${category} ${price}`,
      quantity: 100,
      price,
      category,
      cost: 1,
    });
    expect(added.status).toBe(201);
    const product = added.body as unknown as Product;
    await waitFor(
      async () => (await orders`select 1 from catalog_products where id = ${product.id}`).length,
      {
        what: `product ${product.id} in the order replica`,
      },
    );
    return product;
  }

  /** Creates and executes an order through the gateway. */
  async function executeOrder(customer: Actor, lines: [Product, number][]): Promise<void> {
    const items = lines.map(([product, quantity]) => ({ product_id: product.id, quantity }));
    const created = await customer.call('POST', '/orders/create', { location: 'DE', items });
    expect(created.status).toBe(201);
    expect((await customer.call('POST', '/orders/execute', { id: created.body.id })).status).toBe(200);
  }

  /** Follows next_cursor from the first page to the last; every item. */
  async function walk(path: string, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await admin.call('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`);
      expect(page.status).toBe(200);
      const pageItems = page.body.items as Item[];
      expect(pageItems.length).toBeLessThanOrEqual(limit);
      items.push(...pageItems);
      cursor = page.body.next_cursor as string | null;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    system = await startSystem(env);
    orders = ordersDatabase(env);
    tap = await EventTap.open(env);
    admin = await signInAdmin(system.gatewayUrl);
    const [bolt, nut, washer, rake, kettle] = [
      await addProduct('Paged hardware', 1.5),
      await addProduct('Paged hardware', 0.5),
      await addProduct('Paged hardware', 0.25),
      await addProduct('Paged garden', 12),
      await addProduct('Paged kitchen', 30),
    ] as [Product, Product, Product, Product, Product];
    const customer = await signInCustomer(system.gatewayUrl);
    await executeOrder(customer, [
      [bolt, 5],
      [nut, 3],
      [rake, 1],
    ]);
    await executeOrder(customer, [
      [washer, 3],
      [kettle, 2],
    ]);
    await executeOrder(customer, [[nut, 2]]);
    const line = (product: Product, quantity: number) => ({
      product_id: product.id,
      product_name: product.name,
      category_id: product.category_id,
      category_name: product.category,
      quantity,
      unit_price: product.price,
      unit_cost: 1,
    });
    await tap.publish({
      type: 'order.executed',
      data: {
        order_id: 1_000_000,
        user_id: 1,
        country_code: 'DE',
        executed_at: new Date(tenDaysAgo).toISOString(),
        items: [line(rake, 4), line(kettle, 1)],
        total: 78,
      },
    });
    await waitFor(async () => (await admin.call('GET', '/statistics/profit')).body, {
      until: (profit) => profit.number_of_executed_orders === 4,
      what: 'the four executed orders in the statistics',
    });
  });

  afterAll(async () => {
    await tap?.close();
    await orders?.end();
    await system?.stop();
  });

  const lastThreeDays = `from=${dateOf(Date.now() - 3 * DAY_MS)}&to=${today}`;
  const lists: [string, string, string][] = [
    ['/statistics/product-sales', 'total_quantity_sold', ''],
    ['/statistics/product-sales', 'total_quantity_sold', `?${lastThreeDays}`],
    ['/statistics/category-product-sales', 'total_category_quantity', ''],
    ['/statistics/category-product-sales', 'total_category_quantity', `?${lastThreeDays}`],
    ['/statistics/sales-over-time', 'quantity', ''],
    ['/statistics/sales-over-time', 'quantity', `?${lastThreeDays}`],
    ['/statistics/sales-over-time', 'quantity', '?interval=week'],
  ];

  it.each(lists)(
    'walking %s (units in %s)%s with limit 1 and 2 sees every item once, with the totals of limit 500',
    async (route, units, query) => {
      const whole = await admin.call('GET', `${route}${query}${query ? '&' : '?'}limit=500`);
      expect(whole.body.next_cursor).toBeNull();
      const all = whole.body.items as Item[];

      for (const limit of [1, 2]) {
        const walked = await walk(`${route}${query}`, limit);

        expect(walked).toEqual(all);
        expect(new Set(walked.map(idOf)).size).toBe(walked.length);
        expect(sum(walked, units)).toBe(sum(all, units));
      }
      // 21 units in all; 16 of them in the last three days (the ten-day-old order holds 5).
      expect(sum(all, units)).toBe(query.includes('from=') ? 16 : 21);
    },
  );

  it('with from/to the lists hold the period only: day buckets from the first sale in it to the last', async () => {
    const recent = await admin.call('GET', `/statistics/sales-over-time?${lastThreeDays}&limit=500`);
    const always = await admin.call('GET', '/statistics/sales-over-time?limit=500');

    expect((recent.body.items as Item[]).map(idOf)).toEqual([today]);
    expect(always.body.items as Item[]).toHaveLength(11);
  });

  it.each([
    ['/statistics/product-sales', '', `?${lastThreeDays}`],
    ['/statistics/product-sales', `?${lastThreeDays}`, `?from=${today}`],
    ['/statistics/category-product-sales', '', `?to=${today}`],
    ['/statistics/sales-over-time', '', `?${lastThreeDays}`],
    ['/statistics/sales-over-time', '', '?interval=week'],
    ['/statistics/sales-over-time', '?interval=day', '?interval=month'],
  ])(
    'a cursor of %s%s replayed with %s is refused with 400 problem+json at path cursor',
    async (route, made, replayed) => {
      const first = await admin.call('GET', `${route}${made}${made ? '&' : '?'}limit=1`);
      const cursor = encodeURIComponent(first.body.next_cursor as string);

      const response = await fetch(
        `${system.gatewayUrl}${route}${replayed}${replayed ? '&' : '?'}limit=1&cursor=${cursor}`,
        { headers: { authorization: `Bearer ${admin.token}` } },
      );

      expect(first.body.next_cursor).toEqual(expect.any(String));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { errors: unknown }).errors).toEqual([
        { path: 'cursor', message: expect.any(String) },
      ]);
    },
  );
});
