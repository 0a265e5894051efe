import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  settledStatuses,
  signInAdmin,
  signInCustomer,
  stockOf,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

describe('the order saga through the gateway', () => {
  let system: RunningSystem;
  let orders: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSystem(env);
    orders = ordersDatabase(env);
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await orders?.end();
    await system?.stop();
  });

  it('an order in stock is executed (200) and its stock is taken exactly once', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10, 2.5);
    const orderId = await placeOrder(customer, product, 3);

    const executed = await customer.call('POST', '/orders/execute', { id: orderId });

    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ id: orderId, status: 'executed', total: 7.5 });
    expect(await stockOf(admin, product)).toBe(7);
    const metrics = await (await fetch(`${system.orderUrl}/metrics`)).text();
    expect(metrics).toMatch(/^saga_duration_seconds_count\{[^}]*outcome="executed"[^}]*\} [1-9]/m);
  });

  it('an order short of stock gets 409 with the shortages, the stock is unchanged and the order pending with its rejection', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 2);
    const orderId = await placeOrder(customer, product, 5);

    const refused = await customer.call('POST', '/orders/execute', { id: orderId });

    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const shortage = { product_id: product, requested: 5, available: 2, reason: 'insufficient_stock' };
    expect(refused.body.shortages).toEqual([shortage]);
    expect(await stockOf(admin, product)).toBe(2);
    const order = await customer.call('GET', `/orders/${orderId}`);
    expect(order.body).toMatchObject({ status: 'pending', rejection: { shortages: [shortage] } });
  });

  it('30 customers racing for 10 units: exactly 10 orders are executed and the stock ends at 0', async () => {
    const product = await stockProduct(admin, orders, 10);
    const customers = await Promise.all(Array.from({ length: 30 }, () => signInCustomer(system.gatewayUrl)));
    const orderIds = await Promise.all(customers.map((customer) => placeOrder(customer, product, 1)));

    const replies = await Promise.all(
      customers.map((customer, i) => customer.call('POST', '/orders/execute', { id: orderIds[i] })),
    );

    const statuses = [...(await settledStatuses(orders, orderIds)).values()];
    expect(statuses.filter((status) => status === 'executed')).toHaveLength(10);
    expect(statuses.filter((status) => status === 'pending')).toHaveLength(20);
    expect(replies.filter((reply) => reply.status === 200).length).toBeLessThanOrEqual(10);
    expect(replies.every((reply) => [200, 202, 409].includes(reply.status))).toBe(true);
    expect(await stockOf(admin, product)).toBe(0);
  });

  it('the same order executed 5 times at once is executed once: one 200, four 409', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 2);

    const replies = await Promise.all(
      Array.from({ length: 5 }, () => customer.call('POST', '/orders/execute', { id: orderId })),
    );

    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await stockOf(admin, product)).toBe(8);
  });

  it('an executed order that is cancelled gets its stock back exactly once', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 4);
    expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);
    expect(await stockOf(admin, product)).toBe(6);

    const cancelled = await customer.call('DELETE', '/orders/delete', { id: orderId });
    const restocked = await waitFor(async () => (await customer.call('GET', `/orders/${orderId}`)).body, {
      until: (order) => order.restocked_at !== undefined,
      what: 'stock.released recorded on the order',
    });
    const again = await customer.call('DELETE', '/orders/delete', { id: orderId });

    expect(cancelled.status).toBe(200);
    expect(restocked).toMatchObject({ status: 'cancelled' });
    expect(again.status).toBe(409);
    expect(await stockOf(admin, product)).toBe(10);
  });

  it('another customer cannot see, execute or cancel an order (404)', async () => {
    const [owner, other] = [await signInCustomer(system.gatewayUrl), await signInCustomer(system.gatewayUrl)];
    const product = await stockProduct(admin, orders, 5);
    const orderId = await placeOrder(owner, product, 1);

    const replies = await Promise.all([
      other.call('GET', `/orders/${orderId}`),
      other.call('POST', '/orders/execute', { id: orderId }),
      other.call('DELETE', '/orders/delete', { id: orderId }),
      admin.call('GET', `/orders/${orderId}`),
    ]);

    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 200]);
  });
});
