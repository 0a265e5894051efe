import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { executedOrder, handled, newCategory, period, product, sell } from './fixtures/sales.js';
import { startTestAnalytics, useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

const fromCatalog = (type: string, data: unknown) => ({ type, data, source: 'catalog' });

async function resyncRequests() {
  return analytics.sql<{ payload: { data: unknown; source: string }; published: boolean }[]>`
    select payload, published_at is not null as published from outbox
    where routing_key = 'catalog.resync-requested'`;
}

describe('the names replica', () => {
  it('when empty at start-up, asks catalog to resync through the outbox', async () => {
    const [request] = await waitFor(resyncRequests, {
      until: (rows) => rows.some((row) => row.published),
      what: 'a published catalog.resync-requested',
    });
    expect(request?.payload).toMatchObject({ source: 'analytics', data: { requested_by: 'analytics' } });
  });

  it('once catalog named a product, a restart asks nothing', async () => {
    await analytics.sql`delete from outbox where routing_key = 'catalog.resync-requested'`;
    const category = newCategory('Lighting');
    const lamp = product('Lamp', 10, 4, category);
    const upserted = {
      product_id: lamp.product_id,
      name: 'Lamp',
      price: 10,
      cost: 4,
      ...category,
      active: true,
    };
    await handled(analytics, await bus.publish(fromCatalog('product.upserted', upserted)));

    const second = await startTestAnalytics(env);
    await second.stop();

    expect(await resyncRequests()).toEqual([]);
  });

  it("shows the product's current catalog name, else the name it was sold under, and keeps it once removed", async () => {
    const category = newCategory('Kitchen');
    const kettle = product('Kettle', 25, 11, category);
    const toaster = product('Toaster', 30, 12, category);
    const day = period('2035-01-10', '2035-01-10');
    await sell(
      bus,
      analytics,
      executedOrder('2035-01-10T10:00:00Z', [
        { ...kettle, quantity: 2 },
        { ...toaster, quantity: 1 },
      ]),
    );
    const names = async () =>
      (await analytics.get(`/statistics/product-sales${day}`)).items.map(
        (item: { product_name: string }) => item.product_name,
      );
    expect(await names()).toEqual(['Kettle', 'Toaster']);

    const renamed = {
      product_id: kettle.product_id,
      name: 'Steel kettle',
      price: 26,
      cost: 11,
      ...category,
      active: true,
    };
    await handled(analytics, await bus.publish(fromCatalog('product.upserted', renamed)));
    expect(await names()).toEqual(['Steel kettle', 'Toaster']);

    await handled(
      analytics,
      await bus.publish(fromCatalog('product.deleted', { product_id: kettle.product_id })),
    );
    expect(await names()).toEqual(['Steel kettle', 'Toaster']);
  });

  it('a renamed category shows its new name, for its past sales too', async () => {
    const category = newCategory('Outdoor');
    const tent = product('Tent', 120, 70, category);
    const day = period('2035-02-10', '2035-02-10');
    await sell(bus, analytics, executedOrder('2035-02-10T10:00:00Z', [{ ...tent, quantity: 1 }]));

    const ids = await bus.publish(
      fromCatalog('category.renamed', { category_id: category.category_id, name: 'Camping' }),
    );
    await handled(analytics, ids);

    const categories = await analytics.get(`/statistics/category-product-sales${day}`);
    expect(categories.items).toEqual([
      {
        category_id: category.category_id,
        category_name: 'Camping',
        total_category_quantity: 1,
        products: [
          {
            product_id: tent.product_id,
            product_name: 'Tent',
            quantity_sold: 1,
            sales_percentage_within_category: 100,
          },
        ],
        products_next_cursor: null,
      },
    ]);
  });
});

describe('access', () => {
  const routes = [
    ['GET', '/statistics/profit'],
    ['GET', '/statistics/product-sales'],
    ['GET', '/statistics/category-product-sales'],
    ['GET', '/statistics/sales-over-time?interval=week'],
    ['POST', '/statistics/rebuild'],
  ] as const;

  it.each(routes)('%s %s: 401 without a token, 403 for a customer, as problem+json', async (method, path) => {
    const anonymous = await analytics.request(method, path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toBe('application/problem+json');
    const customer = await analytics.request(method, path, { as: 'customer' });
    expect(customer.status).toBe(403);
    expect(customer.body).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('readiness, metrics and the OpenAPI document answer', async () => {
    expect((await analytics.request('GET', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: true, broker: true, revocations: true },
    });
    expect((await analytics.request('GET', '/metrics')).status).toBe(200);
    const document = (await analytics.request('GET', '/openapi.json')).body;
    expect(document.info.title).toBe('Shop analytics');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/statistics/profit',
        '/statistics/product-sales',
        '/statistics/category-product-sales',
        '/statistics/sales-over-time',
        '/statistics/rebuild',
      ]),
    );
  });
});
