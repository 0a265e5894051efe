import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct, handled } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { orderRow, outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { type TestUser, useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;

const RETRY_AFTER_MS = 600;
const TIMEOUT_MS = 2500;

const orders = useTestOrders(env, {
  EXECUTE_WAIT_MS: '300',
  EXECUTION_RETRY_AFTER_MS: String(RETRY_AFTER_MS),
  EXECUTION_TIMEOUT_MS: String(TIMEOUT_MS),
  EXECUTION_SWEEP_INTERVAL_MS: '100',
});
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap, { price: 4.99 });
});

const oneCheese = () => [{ product_id: cheese.product_id, quantity: 1 }];
const reservedCheese = (orderId: number, attempt: number) => ({
  type: 'stock.reserved',
  data: { order_id: orderId, attempt, items: [{ product_id: cheese.product_id, quantity: 1, unit_cost: 1 }] },
});
const rejectedCheese = (orderId: number, attempt: number) => ({
  type: 'stock.rejected',
  data: {
    order_id: orderId,
    attempt,
    shortages: [{ product_id: cheese.product_id, requested: 1, available: 0, reason: 'insufficient_stock' }],
  },
});

async function startExecuting(user: TestUser, orderId: number): Promise<number> {
  const response = await orders.request('POST', '/orders/execute', { as: user, body: { id: orderId } });
  expect(response.status).toBe(202);
  const [request] = await tap.waitFor('order.execution-requested', forOrder(orderId));
  return request?.data.attempt;
}

describe('an execution whose reply never comes', () => {
  it('is asked again with the same attempt after EXECUTION_RETRY_AFTER_MS, and a reply to the re-sent request executes it', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    const attempt = await startExecuting(user, order.id);

    const requests = await tap.waitFor('order.execution-requested', forOrder(order.id), 2);
    const [first, second] = requests;
    const [replyId] = await tap.publish(reservedCheese(order.id, attempt));
    await handled(orders, replyId as string);

    expect(attempt).toBe(1);
    expect(second?.id).not.toBe(first?.id);
    expect(second?.data).toEqual(first?.data);
    expect(
      Date.parse(second?.occurred_at ?? '') - Date.parse(first?.occurred_at ?? ''),
    ).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 50);
    expect((await orderRow(orders, order.id))?.status).toBe('executed');
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(1);
  });

  it('goes back to pending with an execution_timed_out rejection after EXECUTION_TIMEOUT_MS, and catalog hears the attempt was abandoned', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    const attempt = await startExecuting(user, order.id);

    const [abandoned] = await tap.waitFor('order.execution-abandoned', forOrder(order.id));

    expect(abandoned?.data).toEqual({ order_id: order.id, attempt });
    const shown = await orders.request('GET', `/orders/${order.id}`, { as: user });
    expect(shown.body).toMatchObject({
      status: 'pending',
      rejection: { reason: 'execution_timed_out', shortages: [] },
    });
    expect(Date.parse(abandoned?.occurred_at ?? '') - Date.parse(order.created_at)).toBeGreaterThanOrEqual(
      TIMEOUT_MS - 50,
    );
    // Its reply arriving after all settles nothing: the stock it names is handed back instead.
    const [lateId] = await tap.publish(reservedCheese(order.id, attempt));
    await handled(orders, lateId as string);
    expect((await orderRow(orders, order.id))?.status).toBe('pending');
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(0);
    expect(await outboxOf(orders, 'order.execution-abandoned', order.id)).toHaveLength(2);
  });

  it('of a deleted user is cancelled at the timeout, and announced as cancelled', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    const attempt = await startExecuting(user, order.id);
    const [deleted] = await tap.publish({ type: 'user.deleted', data: { user_id: user.id }, source: 'auth' });
    await handled(orders, deleted as string);

    await tap.waitFor('order.execution-abandoned', forOrder(order.id));

    expect((await orderRow(orders, order.id))?.status).toBe('cancelled');
    const [cancelled] = await tap.waitFor('order.cancelled', forOrder(order.id));
    expect(cancelled?.data).toMatchObject({ order_id: order.id, was_executed: false });
    expect((await outboxOf(orders, 'order.execution-abandoned', order.id))[0]?.data.attempt).toBe(attempt);
  });
});

describe('replies of an earlier attempt', () => {
  it('a late stock.reserved of attempt 1 neither settles attempt 2 nor keeps its stock: catalog is told attempt 1 is abandoned', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    await startExecuting(user, order.id);
    const [rejectedId] = await tap.publish(rejectedCheese(order.id, 1));
    await handled(orders, rejectedId as string);
    expect((await orderRow(orders, order.id))?.status).toBe('pending');
    const executing = orders.request('POST', '/orders/execute', { as: user, body: { id: order.id } });
    const [, second] = await tap.waitFor('order.execution-requested', forOrder(order.id), 2);

    const [lateId] = await tap.publish(reservedCheese(order.id, 1));
    await handled(orders, lateId as string);

    expect(second?.data.attempt).toBe(2);
    expect((await orderRow(orders, order.id))?.status).toBe('executing');
    const [abandoned] = await tap.waitFor('order.execution-abandoned', forOrder(order.id));
    expect(abandoned?.data).toEqual({ order_id: order.id, attempt: 1 });
    await tap.publish(reservedCheese(order.id, 2));
    expect([200, 202]).toContain((await executing).status);
    await waitFor(async () => (await orderRow(orders, order.id))?.status, { until: (s) => s === 'executed' });
    expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(1);
  });

  it('a late stock.rejected of attempt 1 leaves attempt 2 executing, and asks nothing of catalog', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    await startExecuting(user, order.id);
    await handled(orders, ...(await tap.publish(rejectedCheese(order.id, 1))));
    await orders.request('POST', '/orders/execute', { as: user, body: { id: order.id } });

    const [lateId] = await tap.publish(rejectedCheese(order.id, 1));
    await handled(orders, lateId as string);

    expect((await orderRow(orders, order.id))?.status).toBe('executing');
    await handled(orders, ...(await tap.publish(reservedCheese(order.id, 2))));
    expect((await orderRow(orders, order.id))?.status).toBe('executed');
    expect(await outboxOf(orders, 'order.execution-abandoned', order.id)).toHaveLength(0);
  });

  it('a repeated stock.reserved of the attempt that executed the order asks nothing of catalog, even once cancelled', async () => {
    const user = orders.user();
    const order = await placeOrder(orders, user, oneCheese());
    await startExecuting(user, order.id);
    await handled(orders, ...(await tap.publish(reservedCheese(order.id, 1))));
    await orders.request('DELETE', '/orders/delete', { as: user, body: { id: order.id } });

    await handled(orders, ...(await tap.publish(reservedCheese(order.id, 1))));

    expect((await orderRow(orders, order.id))?.status).toBe('cancelled');
    expect(await outboxOf(orders, 'order.execution-abandoned', order.id)).toHaveLength(0);
  });
});
