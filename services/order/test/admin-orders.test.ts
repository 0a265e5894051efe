import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { orderRow, outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
// Nobody answers the saga here, so an executed order stays executing once the short wait ends.
const orders = useTestOrders(env, { EXECUTE_WAIT_MS: '200' });
const tap = useEventTap(env, 'catalog');
let cheese: CatalogProduct;

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap, { price: 2 });
});

const oneCheese = () => [{ product_id: cheese.product_id, quantity: 1 }];
const ids = (page: { body: { items: { id: number }[] } }) => page.body.items.map((order) => order.id);

describe('GET /orders/user?user_id=', () => {
  it('lets an admin page through any user’s orders with the same status filter', async () => {
    const customer = orders.user();
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await placeOrder(orders, customer, oneCheese()));
    await orders.request('DELETE', '/orders/delete', { as: customer, body: { id: placed[0].id } });
    const admin = orders.user('admin');

    const first = await orders.request('GET', `/orders/user?user_id=${customer.id}&limit=2`, { as: admin });
    const second = await orders.request(
      'GET',
      `/orders/user?user_id=${customer.id}&limit=2&cursor=${first.body.next_cursor}`,
      { as: admin },
    );
    const cancelled = await orders.request('GET', `/orders/user?user_id=${customer.id}&status=cancelled`, {
      as: admin,
    });
    const ownByDefault = await orders.request('GET', '/orders/user', { as: admin });

    expect(first.status).toBe(200);
    expect([...ids(first), ...ids(second)]).toEqual(placed.map((order) => order.id).reverse());
    expect(second.body.next_cursor).toBeNull();
    expect(ids(cancelled)).toEqual([placed[0].id]);
    expect(ownByDefault.body).toEqual({ items: [], next_cursor: null });
  });

  it('lets a customer name their own id, and refuses another user’s with 403 problem+json', async () => {
    const customer = orders.user();
    const other = orders.user();
    const order = await placeOrder(orders, other, oneCheese());
    const mine = await placeOrder(orders, customer, oneCheese());

    const own = await orders.request('GET', `/orders/user?user_id=${customer.id}`, { as: customer });
    const theirs = await orders.request('GET', `/orders/user?user_id=${other.id}`, { as: customer });

    expect(ids(own)).toEqual([mine.id]);
    expect(theirs.status).toBe(403);
    expect(theirs.contentType).toContain('application/problem+json');
    expect(theirs.body).toMatchObject({ status: 403 });
    expect(theirs.body).not.toHaveProperty('items');
    expect((await orderRow(orders, order.id))?.status).toBe('pending');
  });

  it('answers 400 for a user_id that is not a positive int4', async () => {
    const admin = orders.user('admin');
    for (const userId of ['abc', '0', '-1', '2147483648', '1.5']) {
      const response = await orders.request('GET', `/orders/user?user_id=${userId}`, { as: admin });
      expect(response.status, userId).toBe(400);
    }
  });
});

describe('DELETE /orders/delete by an admin', () => {
  it('cancels another user’s pending order and announces order.cancelled', async () => {
    const customer = orders.user();
    const order = await placeOrder(orders, customer, [{ product_id: cheese.product_id, quantity: 3 }]);

    const response = await orders.request('DELETE', '/orders/delete', {
      as: orders.user('admin'),
      body: { id: order.id },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: order.id, user_id: customer.id, status: 'cancelled' });
    expect((await orderRow(orders, order.id))?.status).toBe('cancelled');
    const [cancelled] = await tap.waitFor('order.cancelled', forOrder(order.id));
    expect(cancelled?.data).toMatchObject({ order_id: order.id, was_executed: false });
  });

  it('answers 409 while the order is executing and leaves it executing, announcing nothing', async () => {
    const customer = orders.user();
    const order = await placeOrder(orders, customer, oneCheese());
    const execute = await orders.request('POST', '/orders/execute', { as: customer, body: { id: order.id } });
    expect(execute.status).toBe(202);

    const response = await orders.request('DELETE', '/orders/delete', {
      as: orders.user('admin'),
      body: { id: order.id },
    });

    expect(response.status).toBe(409);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.detail).toContain('executing');
    expect((await orderRow(orders, order.id))?.status).toBe('executing');
    expect(await outboxOf(orders, 'order.cancelled', order.id)).toHaveLength(0);
  });

  it('answers 404 for an order that does not exist', async () => {
    const response = await orders.request('DELETE', '/orders/delete', {
      as: orders.user('admin'),
      body: { id: 2_000_000_000 },
    });
    expect(response.status).toBe(404);
  });
});
