import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { type TestUser, useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;

const orders = useTestOrders(env);
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap);
});

const key = () => `key-${crypto.randomUUID()}`;

function create(user: TestUser, body: unknown, idempotencyKey: string) {
  return orders.request('POST', '/orders/create', {
    as: user,
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

function execute(user: TestUser, id: number, idempotencyKey: string) {
  return orders.request('POST', '/orders/execute', {
    as: user,
    body: { id },
    headers: { 'idempotency-key': idempotencyKey },
  });
}

async function ordersOf(user: TestUser): Promise<number> {
  const [row] = await orders.sql<
    { n: number }[]
  >`select count(*)::int as n from orders where user_id = ${user.id}`;
  return row?.n ?? 0;
}

async function reserve(orderId: number) {
  await tap.waitFor('order.execution-requested', forOrder(orderId));
  await tap.publish({
    type: 'stock.reserved',
    data: { order_id: orderId, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
  });
}

describe('Idempotency-Key on POST /orders/create', () => {
  it('a retry with the same key and body gets the same status and body, and no second order', async () => {
    const user = orders.user();
    const idempotencyKey = key();
    const body = { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 2 }] };

    const first = await create(user, body, idempotencyKey);
    const retry = await create(user, { items: body.items, location: 'DE' }, idempotencyKey);

    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await ordersOf(user)).toBe(1);
  });

  it('the same key with another body is refused with 422 and creates nothing', async () => {
    const user = orders.user();
    const idempotencyKey = key();
    await create(
      user,
      { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] },
      idempotencyKey,
    );

    const other = await create(
      user,
      { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 3 }] },
      idempotencyKey,
    );

    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    expect(await ordersOf(user)).toBe(1);
  });

  it('5 concurrent requests with the same key create one order and all get its reply', async () => {
    const user = orders.user();
    const idempotencyKey = key();
    const body = { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] };

    const replies = await Promise.all(Array.from({ length: 5 }, () => create(user, body, idempotencyKey)));

    expect(new Set(replies.map((reply) => JSON.stringify(reply))).size).toBe(1);
    expect(replies[0]?.status).toBe(201);
    expect(await ordersOf(user)).toBe(1);
  });

  it('keys are scoped per user: another user’s identical key creates their own order', async () => {
    const [ada, bob] = [orders.user(), orders.user()];
    const idempotencyKey = key();
    const body = { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] };

    const adas = await create(ada, body, idempotencyKey);
    const bobs = await create(bob, body, idempotencyKey);

    expect(adas.body.user_id).toBe(ada.id);
    expect(bobs.body.user_id).toBe(bob.id);
    expect(bobs.body.id).not.toBe(adas.body.id);
  });

  it('a refused request is not stored: the same key works once the request can succeed', async () => {
    const user = orders.user();
    const idempotencyKey = key();
    const body = { location: 'Atlantis', items: [{ product_id: cheese.product_id, quantity: 1 }] };

    const refused = await create(user, body, idempotencyKey);
    const fixed = await create(user, { ...body, location: 'DE' }, idempotencyKey);

    expect(refused.status).toBe(422);
    expect(fixed.status).toBe(201);
  });

  it('a malformed key is a 400', async () => {
    const body = { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] };
    expect((await create(orders.user(), body, 'x'.repeat(201))).status).toBe(400);
    expect((await create(orders.user(), body, 'with space')).status).toBe(400);
  });
});

describe('Idempotency-Key on POST /orders/execute', () => {
  it('a retry after the outcome gets the stored reply without a second execution request', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const idempotencyKey = key();

    const executing = execute(user, order.id, idempotencyKey);
    await reserve(order.id);
    const first = await executing;
    const retry = await execute(user, order.id, idempotencyKey);

    expect(first.status).toBe(200);
    expect(retry).toEqual(first);
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(1);
  });

  it('a rejected execution is stored too: a retry gets the same 409 problem with its shortages, not a second execution', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 5 }]);
    const shortages = [
      { product_id: cheese.product_id, requested: 5, available: 2, reason: 'insufficient_stock' },
    ];
    const idempotencyKey = key();

    const executing = execute(user, order.id, idempotencyKey);
    await tap.waitFor('order.execution-requested', forOrder(order.id));
    await tap.publish({ type: 'stock.rejected', data: { order_id: order.id, shortages }, source: 'catalog' });
    const first = await executing;
    const retry = await execute(user, order.id, idempotencyKey);

    expect(first.status).toBe(409);
    expect(first.contentType).toContain('application/problem+json');
    expect(first.body).toEqual({
      type: 'https://shop.dev/problems/insufficient-stock',
      title: 'Insufficient stock',
      status: 409,
      detail: `Not enough stock for order ${order.id}; it is pending again and can be changed or executed later`,
      shortages,
    });
    expect(retry).toEqual(first);
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(1);
  });

  it('a retry while the first still waits for the saga waits for the same outcome', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const idempotencyKey = key();

    const first = execute(user, order.id, idempotencyKey);
    await tap.waitFor('order.execution-requested', forOrder(order.id));
    const retry = execute(user, order.id, idempotencyKey);
    await reserve(order.id);
    const [firstReply, retryReply] = await Promise.all([first, retry]);

    expect(firstReply.status).toBe(200);
    expect(retryReply).toEqual(firstReply);
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(1);
  });

  it('concurrent requests with the same key execute once; the same key for another order is a 422', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const otherOrder = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const idempotencyKey = key();

    const attempts = Array.from({ length: 4 }, () => execute(user, order.id, idempotencyKey));
    await reserve(order.id);
    const replies = await Promise.all(attempts);
    const other = await execute(user, otherOrder.id, idempotencyKey);

    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200]);
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(1);
    expect(other.status).toBe(422);
    expect(await outboxOf(orders, 'order.execution-requested', otherOrder.id)).toHaveLength(0);
  });

  it('a create key does not replay on execute: keys are scoped per route', async () => {
    const user = orders.user();
    const idempotencyKey = key();
    const created = await create(
      user,
      { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] },
      idempotencyKey,
    );

    const executing = execute(user, created.body.id, idempotencyKey);
    await reserve(created.body.id);

    expect((await executing).status).toBe(200);
  });
});
