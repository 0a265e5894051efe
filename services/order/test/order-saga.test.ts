import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct, handled } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { orderRow, outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { rejected, reserved, sagaMoves } from './fixtures/saga-fixtures.js';
import { type TestUser, useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;
let bread: CatalogProduct;

const orders = useTestOrders(env, { EXECUTE_WAIT_MS: '3000' });
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap, { price: 4.99, category_id: 11, category_name: 'dairy' });
  bread = await addCatalogProduct(orders, tap, { price: 2.5, category_id: 12, category_name: 'bakery' });
});

const { execute, answerExecution } = sagaMoves(orders, tap);

async function executedOrder(user: TestUser, lines: { product_id: number; quantity: number }[]) {
  const order = await placeOrder(orders, user, lines);
  const executing = execute(user, order.id);
  await answerExecution(order.id, reserved(lines.map((line) => ({ ...line, unit_cost: 1 }))));
  expect((await executing).status).toBe(200);
  return order;
}

describe('executing an order (saga steps 1 and 3)', () => {
  it('asks catalog for the merged lines, and on stock.reserved answers 200 and announces order.executed with names, prices and costs', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [
      { product_id: bread.product_id, quantity: 1 },
      { product_id: cheese.product_id, quantity: 2 },
      { product_id: cheese.product_id, quantity: 1 },
    ]);
    // Changes after creation: the price stays as ordered, the names are those at execution.
    await addCatalogProduct(orders, tap, { ...cheese, price: 9.99, name: `${cheese.name} (aged)` });

    const executing = execute(user, order.id);
    const [request] = await tap.waitFor('order.execution-requested', forOrder(order.id));
    expect(request).toMatchObject({
      source: 'order',
      data: {
        order_id: order.id,
        user_id: user.id,
        items: [
          { product_id: cheese.product_id, quantity: 3 },
          { product_id: bread.product_id, quantity: 1 },
        ].sort((a, b) => a.product_id - b.product_id),
      },
    });
    expect((await orderRow(orders, order.id))?.status).toBe('executing');
    await tap.publish({
      type: 'stock.reserved',
      data: {
        order_id: order.id,
        items: [
          { product_id: cheese.product_id, quantity: 3, unit_cost: 2.25 },
          { product_id: bread.product_id, quantity: 1, unit_cost: 1 },
        ],
      },
    });
    const response = await executing;

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: order.id, status: 'executed', total: 17.47 });
    expect(response.body.executed_at).toBeDefined();
    const [executed] = await tap.waitFor('order.executed', forOrder(order.id));
    expect(executed?.causation_id).toBeDefined();
    expect(executed?.data).toEqual({
      order_id: order.id,
      user_id: user.id,
      country_code: 'DE',
      executed_at: response.body.executed_at,
      total: 17.47,
      items: expect.arrayContaining([
        {
          product_id: cheese.product_id,
          product_name: `${cheese.name} (aged)`,
          category_id: 11,
          category_name: 'dairy',
          quantity: 3,
          unit_price: 4.99,
          unit_cost: 2.25,
        },
        {
          product_id: bread.product_id,
          product_name: bread.name,
          category_id: 12,
          category_name: 'bakery',
          quantity: 1,
          unit_price: 2.5,
          unit_cost: 1,
        },
      ]),
    });
    expect(await orderRow(orders, order.id)).toMatchObject({ status: 'executed', rejection: null });
  });

  it('reports a category renamed since the order was created by its new name', async () => {
    const user = orders.user();
    const product = await addCatalogProduct(orders, tap, { category_id: 21, category_name: 'snacks' });
    const order = await placeOrder(orders, user, [{ product_id: product.product_id, quantity: 1 }]);
    const [renamed] = await tap.publish({
      type: 'category.renamed',
      data: { category_id: 21, name: 'treats' },
    });
    await handled(orders, renamed as string);

    const executing = execute(user, order.id);
    await answerExecution(
      order.id,
      reserved([{ product_id: product.product_id, quantity: 1, unit_cost: 1 }]),
    );
    await executing;

    const [executed] = await tap.waitFor('order.executed', forOrder(order.id));
    expect(executed?.data.items[0]).toMatchObject({ category_id: 21, category_name: 'treats' });
  });

  it('on stock.rejected answers 409 with the shortages and keeps the rejection on the pending order until it is executed', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 5 }]);
    const shortages = [
      { product_id: cheese.product_id, requested: 5, available: 2, reason: 'insufficient_stock' },
    ];

    const executing = execute(user, order.id);
    await answerExecution(order.id, rejected(shortages));
    const response = await executing;

    expect(response.status).toBe(409);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ title: 'Insufficient stock', status: 409, shortages });
    expect(response.body.type).toMatch(/insufficient-stock$/);
    const shown = await orders.request('GET', `/orders/${order.id}`, { as: user });
    expect(shown.body).toMatchObject({ status: 'pending', rejection: { shortages } });
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(0);

    const again = execute(user, order.id);
    await waitFor(() => tap.seen('order.execution-requested', forOrder(order.id)).length, {
      until: (count) => count === 2,
    });
    await tap.publish({
      type: 'stock.reserved',
      data: { order_id: order.id, items: [{ product_id: cheese.product_id, quantity: 5, unit_cost: 1 }] },
    });
    const executed = await again;
    expect(executed.status).toBe(200);
    expect(executed.body).not.toHaveProperty('rejection');
  });

  it('answers 202 with the order still executing when catalog does not answer within EXECUTE_WAIT_MS, and settles later', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);

    const started = Date.now();
    const response = await execute(user, order.id);

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ id: order.id, status: 'executing' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    await answerExecution(order.id, reserved([{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }]));
    await waitFor(async () => (await orderRow(orders, order.id))?.status, { until: (s) => s === 'executed' });
  });

  it('answers 409 to executing an order that is executing, executed or cancelled', async () => {
    const user = orders.user();
    const executed = await executedOrder(user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const cancelled = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    await orders.request('DELETE', '/orders/delete', { as: user, body: { id: cancelled.id } });

    const onExecuted = await execute(user, executed.id);
    const onCancelled = await execute(user, cancelled.id);

    expect(onExecuted).toMatchObject({ status: 409, body: { title: 'Conflict' } });
    expect(onExecuted.body.detail).toContain('executed');
    expect(onCancelled.status).toBe(409);
    expect(await outboxOf(orders, 'order.execution-requested', cancelled.id)).toHaveLength(0);
  });

  it('the same order executed 5 times at once: one execution request, one 200 and four 409', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);

    const attempts = Array.from({ length: 5 }, () => execute(user, order.id));
    await answerExecution(order.id, reserved([{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }]));
    const statuses = (await Promise.all(attempts)).map((response) => response.status).sort();

    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    expect(await outboxOf(orders, 'order.execution-requested', order.id)).toHaveLength(1);
  });
});

describe('late and repeated saga events', () => {
  it('a second stock.reserved, a late stock.rejected and a stock.reserved for a pending order change nothing', async () => {
    const user = orders.user();
    const order = await executedOrder(user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const pending = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const before = await orderRow(orders, order.id);

    const ids = await tap.publish(
      {
        type: 'stock.reserved',
        data: { order_id: order.id, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
      },
      {
        type: 'stock.rejected',
        data: {
          order_id: order.id,
          shortages: [
            { product_id: cheese.product_id, requested: 1, available: 0, reason: 'insufficient_stock' },
          ],
        },
      },
      {
        type: 'stock.reserved',
        data: { order_id: pending.id, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
      },
    );
    await handled(orders, ...ids);

    expect(await orderRow(orders, order.id)).toEqual(before);
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(1);
    expect((await orderRow(orders, pending.id))?.status).toBe('pending');
    expect(await outboxOf(orders, 'order.executed', pending.id)).toHaveLength(0);
  });

  it('a redelivered message (same id) is handled once', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const executing = execute(user, order.id);
    await tap.waitFor('order.execution-requested', forOrder(order.id));
    const message = {
      type: 'stock.reserved',
      data: { order_id: order.id, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
      id: crypto.randomUUID(),
    };

    await tap.publish(message, message);
    await handled(orders, message.id);

    expect((await executing).status).toBe(200);
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(1);
  });
});

describe('cancelling (saga step 5)', () => {
  it('an executed order is cancelled with was_executed true, and stock.released is recorded once', async () => {
    const user = orders.user();
    const order = await executedOrder(user, [{ product_id: cheese.product_id, quantity: 3 }]);

    const response = await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled' });
    expect(response.body.executed_at).toBeDefined();
    const [cancelled] = await tap.waitFor('order.cancelled', forOrder(order.id));
    expect(cancelled?.data).toEqual({
      order_id: order.id,
      was_executed: true,
      items: [{ product_id: cheese.product_id, quantity: 3 }],
    });
    const [first] = await tap.publish({ type: 'stock.released', data: { order_id: order.id } });
    await handled(orders, first as string);
    const restockedAt = (await orderRow(orders, order.id))?.restocked_at;
    const [second] = await tap.publish({ type: 'stock.released', data: { order_id: order.id } });
    await handled(orders, second as string);
    expect(restockedAt).toBeInstanceOf(Date);
    expect((await orderRow(orders, order.id))?.restocked_at).toEqual(restockedAt);
    const shown = await orders.request('GET', `/orders/${order.id}`, { as: user });
    expect(shown.body.restocked_at).toBe(restockedAt?.toISOString());
  });

  it('an executing order cannot be cancelled (409)', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const executing = execute(user, order.id);
    await tap.waitFor('order.execution-requested', forOrder(order.id));

    const response = await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain('executing');
    await tap.publish({
      type: 'stock.reserved',
      data: { order_id: order.id, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
    });
    expect((await executing).status).toBe(200);
  });
});

describe('user.deleted', () => {
  it('cancels the user’s pending orders, keeps executed ones, and cancels an executing one whose stock is rejected', async () => {
    const user = orders.user();
    const executed = await executedOrder(user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const pending = await placeOrder(orders, user, [{ product_id: bread.product_id, quantity: 2 }]);
    const inFlight = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    const executing = execute(user, inFlight.id);
    await tap.waitFor('order.execution-requested', forOrder(inFlight.id));

    const [deleted] = await tap.publish({ type: 'user.deleted', data: { user_id: user.id }, source: 'auth' });
    await handled(orders, deleted as string);
    await tap.publish({
      type: 'stock.rejected',
      data: {
        order_id: inFlight.id,
        shortages: [
          { product_id: cheese.product_id, requested: 1, available: 0, reason: 'insufficient_stock' },
        ],
      },
    });

    expect((await executing).status).toBe(409);
    expect((await orderRow(orders, executed.id))?.status).toBe('executed');
    expect((await orderRow(orders, pending.id))?.status).toBe('cancelled');
    expect((await orderRow(orders, inFlight.id))?.status).toBe('cancelled');
    const [pendingCancelled] = await tap.waitFor('order.cancelled', forOrder(pending.id));
    expect(pendingCancelled?.data).toEqual({
      order_id: pending.id,
      was_executed: false,
      items: [{ product_id: bread.product_id, quantity: 2 }],
    });
    await tap.waitFor('order.cancelled', forOrder(inFlight.id));
    expect(await outboxOf(orders, 'order.cancelled', executed.id)).toHaveLength(0);
  });
});
