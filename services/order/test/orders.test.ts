import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct, handled } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { orderRow, outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;
let bread: CatalogProduct;

const orders = useTestOrders(env);
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap, { price: 4.99 });
  bread = await addCatalogProduct(orders, tap, { price: 2.5, category_id: 8, category_name: 'bakery' });
});

describe('POST /orders/create', () => {
  it('creates a pending order with lines merged per product, priced from the replica, total summed', async () => {
    const user = orders.user();

    const response = await orders.request('POST', '/orders/create', {
      as: user,
      body: {
        location: 'germany',
        items: [
          { product_id: cheese.product_id, quantity: 2 },
          { product_id: bread.product_id, quantity: 1 },
          { product_id: cheese.product_id, quantity: 1 },
        ],
      },
    });

    expect(response.status).toBe(201);
    expect(response.contentType).toContain('application/json');
    expect(response.body).toMatchObject({
      user_id: user.id,
      status: 'pending',
      location: 'Germany',
      country_code: 'DE',
      total: 17.47,
      items: [
        {
          product_id: cheese.product_id,
          product_name: cheese.name,
          quantity: 3,
          unit_price: 4.99,
          line_total: 14.97,
        },
        {
          product_id: bread.product_id,
          product_name: bread.name,
          quantity: 1,
          unit_price: 2.5,
          line_total: 2.5,
        },
      ].sort((a, b) => a.product_id - b.product_id),
    });
    expect(response.body).not.toHaveProperty('executed_at');
    expect(response.body).not.toHaveProperty('rejection');
    expect(await orderRow(orders, response.body.id)).toMatchObject({ status: 'pending', total: '17.47' });
  });

  it('refuses an anonymous caller with 401 and creates nothing', async () => {
    const response = await orders.request('POST', '/orders/create', {
      body: { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] },
    });

    expect(response.status).toBe(401);
    expect(response.contentType).toContain('application/problem+json');
  });

  it.each([
    ['an unknown field', { location: 'DE', items: [{ product_id: 1, quantity: 1 }], coupon: 'x' }, 'coupon'],
    [
      'an unknown line field',
      { location: 'DE', items: [{ product_id: 1, quantity: 1, price: 1 }] },
      'items.0.price',
    ],
    ['no lines', { location: 'DE', items: [] }, 'items'],
    ['quantity 0', { location: 'DE', items: [{ product_id: 1, quantity: 0 }] }, 'items.0.quantity'],
    ['quantity 10001', { location: 'DE', items: [{ product_id: 1, quantity: 10_001 }] }, 'items.0.quantity'],
    [
      '101 lines',
      { location: 'DE', items: Array.from({ length: 101 }, (_, i) => ({ product_id: i + 1, quantity: 1 })) },
      'items',
    ],
    [
      'repeated lines adding up past 10000',
      {
        location: 'DE',
        items: [
          { product_id: 5, quantity: 6000 },
          { product_id: 5, quantity: 5000 },
        ],
      },
      'items',
    ],
    ['no location', { items: [{ product_id: 1, quantity: 1 }] }, 'location'],
  ])('answers 400 for %s', async (_, body, path) => {
    const response = await orders.request('POST', '/orders/create', { as: orders.user(), body });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('accepts 100 lines and repeated lines adding up to exactly 10000', async () => {
    const response = await orders.request('POST', '/orders/create', {
      as: orders.user(),
      body: {
        location: 'DE',
        items: [
          { product_id: cheese.product_id, quantity: 4000 },
          { product_id: cheese.product_id, quantity: 6000 },
        ],
      },
    });

    expect(response.status).toBe(201);
    expect(response.body.items).toEqual([expect.objectContaining({ quantity: 10_000 })]);
  });

  it('answers 422 naming every unknown or inactive product, and creates nothing', async () => {
    const gone = await addCatalogProduct(orders, tap);
    const [deleted] = await tap.publish({ type: 'product.deleted', data: { product_id: gone.product_id } });
    await handled(orders, deleted as string);
    const user = orders.user();

    const response = await orders.request('POST', '/orders/create', {
      as: user,
      body: {
        location: 'DE',
        items: [
          { product_id: cheese.product_id, quantity: 1 },
          { product_id: 2_000_000_000, quantity: 1 },
          { product_id: gone.product_id, quantity: 1 },
        ],
      },
    });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'items.1.product_id', message: 'Unknown product 2000000000' },
        { path: 'items.2.product_id', message: `Product ${gone.product_id} is no longer sold` },
      ]),
    );
    const [count] = await orders.sql`select count(*)::int as n from orders where user_id = ${user.id}`;
    expect(count?.n).toBe(0);
  });
});

describe('GET /orders/:id', () => {
  it('shows the order to its owner and to an admin, and 404 to anyone else', async () => {
    const owner = orders.user();
    const order = await placeOrder(orders, owner, [{ product_id: cheese.product_id, quantity: 1 }]);

    const asOwner = await orders.request('GET', `/orders/${order.id}`, { as: owner });
    const asAdmin = await orders.request('GET', `/orders/${order.id}`, { as: orders.user('admin') });
    const asOther = await orders.request('GET', `/orders/${order.id}`, { as: orders.user() });
    const missing = await orders.request('GET', '/orders/2000000000', { as: owner });
    const anonymous = await orders.request('GET', `/orders/${order.id}`);

    expect(asOwner).toMatchObject({ status: 200, body: order });
    expect(asAdmin).toMatchObject({ status: 200, body: order });
    expect(asOther.status).toBe(404);
    expect(asOther.body).toMatchObject({
      status: 404,
      detail: missing.body.detail.replace('2000000000', order.id),
    });
    expect(missing.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });

  it('answers 400 for an id that is not a positive int4', async () => {
    const owner = orders.user();
    for (const id of ['abc', '0', '2147483648']) {
      expect((await orders.request('GET', `/orders/${id}`, { as: owner })).status).toBe(400);
    }
  });
});

describe('GET /orders/user', () => {
  it('lists only the caller’s orders, newest first, paged by cursor, filtered by status', async () => {
    const user = orders.user();
    const other = orders.user();
    const placed = [];
    for (let i = 0; i < 5; i++)
      placed.push(await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: i + 1 }]));
    await placeOrder(orders, other, [{ product_id: cheese.product_id, quantity: 1 }]);
    await orders.request('DELETE', '/orders/delete', { as: user, body: { id: placed[1].id } });

    const first = await orders.request('GET', '/orders/user?limit=2', { as: user });
    const second = await orders.request('GET', `/orders/user?limit=2&cursor=${first.body.next_cursor}`, {
      as: user,
    });
    const third = await orders.request('GET', `/orders/user?limit=2&cursor=${second.body.next_cursor}`, {
      as: user,
    });
    const cancelled = await orders.request('GET', '/orders/user?status=cancelled', { as: user });
    const everything = await orders.request('GET', '/orders/user', { as: user });

    const ids = (page: { body: { items: { id: number }[] } }) => page.body.items.map((order) => order.id);
    const newestFirst = placed.map((order) => order.id).reverse();
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(newestFirst);
    expect(third.body.next_cursor).toBeNull();
    expect(ids(cancelled)).toEqual([placed[1].id]);
    expect(everything.body).toMatchObject({ next_cursor: null });
    expect(ids(everything)).toEqual(newestFirst);
  });

  it('answers 400 for a bad limit, status or cursor, and 401 without a token', async () => {
    const user = orders.user();
    for (const query of ['limit=0', 'limit=501', 'status=lost', 'cursor=nonsense', 'color=red']) {
      expect((await orders.request('GET', `/orders/user?${query}`, { as: user })).status, query).toBe(400);
    }
    expect((await orders.request('GET', '/orders/user')).status).toBe(401);
  });
});

describe('PUT /orders/update', () => {
  it('replaces a pending order’s lines at the replica’s current prices and changes its location', async () => {
    const user = orders.user();
    const product = await addCatalogProduct(orders, tap, { price: 3 });
    const order = await placeOrder(orders, user, [{ product_id: product.product_id, quantity: 1 }]);
    await addCatalogProduct(orders, tap, { ...product, price: 3.5 });

    const response = await orders.request('PUT', '/orders/update', {
      as: user,
      body: {
        id: order.id,
        location: 'fra',
        items: [
          { product_id: product.product_id, quantity: 2 },
          { product_id: bread.product_id, quantity: 2 },
        ],
      },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: order.id, location: 'France', country_code: 'FR', total: 12 });
    expect(response.body.items).toContainEqual(
      expect.objectContaining({
        product_id: product.product_id,
        quantity: 2,
        unit_price: 3.5,
        line_total: 7,
      }),
    );
  });

  it('answers 404 to anyone but the owner (admins too) and changes nothing', async () => {
    const owner = orders.user();
    const order = await placeOrder(orders, owner, [{ product_id: cheese.product_id, quantity: 1 }]);
    const body = { id: order.id, items: [{ product_id: cheese.product_id, quantity: 9 }] };

    const asOther = await orders.request('PUT', '/orders/update', { as: orders.user(), body });
    const asAdmin = await orders.request('PUT', '/orders/update', { as: orders.user('admin'), body });
    const anonymous = await orders.request('PUT', '/orders/update', { body });

    expect([asOther.status, asAdmin.status, anonymous.status]).toEqual([404, 404, 401]);
    expect((await orders.request('GET', `/orders/${order.id}`, { as: owner })).body).toEqual(order);
  });

  it('answers 409 unless the order is pending, 422 for an unknown product and 400 for unknown fields', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const unknown = await orders.request('PUT', '/orders/update', {
      as: user,
      body: { id: order.id, items: [{ product_id: 2_000_000_000, quantity: 1 }] },
    });
    const extra = await orders.request('PUT', '/orders/update', {
      as: user,
      body: { id: order.id, items: [{ product_id: cheese.product_id, quantity: 1 }], status: 'executed' },
    });
    await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    const cancelled = await orders.request('PUT', '/orders/update', {
      as: user,
      body: { id: order.id, items: [{ product_id: cheese.product_id, quantity: 1 }] },
    });

    expect(unknown.status).toBe(422);
    expect(extra.status).toBe(400);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.detail).toContain('cancelled');
  });
});

describe('DELETE /orders/delete', () => {
  it('cancels a pending order and announces order.cancelled with was_executed false', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 2 }]);

    const response = await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: order.id, status: 'cancelled' });
    expect(response.body.cancelled_at).toBeDefined();
    const [cancelled] = await tap.waitFor('order.cancelled', forOrder(order.id));
    expect(cancelled).toMatchObject({
      source: 'order',
      data: {
        order_id: order.id,
        was_executed: false,
        items: [{ product_id: cheese.product_id, quantity: 2 }],
      },
    });
  });

  it('answers 409 for an order already cancelled, and announces nothing more', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    const again = await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    expect(again.status).toBe(409);
    expect(await outboxOf(orders, 'order.cancelled', order.id)).toHaveLength(1);
  });

  it('answers 404 to another customer and 401 without a token, and leaves the order pending', async () => {
    const owner = orders.user();
    const order = await placeOrder(orders, owner, [{ product_id: cheese.product_id, quantity: 1 }]);

    const asOther = await orders.request('DELETE', '/orders/delete', {
      as: orders.user(),
      body: { id: order.id },
    });
    const anonymous = await orders.request('DELETE', '/orders/delete', { body: { id: order.id } });

    expect([asOther.status, anonymous.status]).toEqual([404, 401]);
    expect((await orderRow(orders, order.id))?.status).toBe('pending');
  });
});

describe('POST /orders/execute', () => {
  it('answers 404 to anyone but the owner (admins too) and leaves the order pending', async () => {
    const owner = orders.user();
    const order = await placeOrder(orders, owner, [{ product_id: cheese.product_id, quantity: 1 }]);

    const asOther = await orders.request('POST', '/orders/execute', {
      as: orders.user(),
      body: { id: order.id },
    });
    const asAdmin = await orders.request('POST', '/orders/execute', {
      as: orders.user('admin'),
      body: { id: order.id },
    });
    const anonymous = await orders.request('POST', '/orders/execute', { body: { id: order.id } });
    const extra = await orders.request('POST', '/orders/execute', {
      as: owner,
      body: { id: order.id, force: true },
    });

    expect([asOther.status, asAdmin.status, anonymous.status, extra.status]).toEqual([404, 404, 401, 400]);
    expect((await orderRow(orders, order.id))?.status).toBe('pending');
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(0);
  });
});

describe('operations', () => {
  it('serves readiness, metrics and an OpenAPI document with every /orders route', async () => {
    const ready = await orders.request('GET', '/readyz');
    const metrics = await fetch(`http://127.0.0.1:${orders.port}/metrics`);
    const openapi = await orders.request('GET', '/openapi.json');

    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(metrics.status).toBe(200);
    expect(openapi.body.info.title).toBe('Shop orders');
    expect(Object.keys(openapi.body.paths).sort()).toEqual(
      [
        '/admin/dead-letters',
        '/admin/dead-letters/{id}/replay',
        '/orders/create',
        '/orders/delete',
        '/orders/execute',
        '/orders/update',
        '/orders/user',
        '/orders/{id}',
      ].sort(),
    );
  });
});
