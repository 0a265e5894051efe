// Analytics fed by the real saga: an executed order shows in the statistics within a second, a
// cancelled one leaves them, a renamed category shows its new name. Each test uses its own
// date-time window (from = just before its first order), so other tests' sales stay out.
import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

describe('sales statistics through the gateway', () => {
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

  const profitSince = async (from: string) =>
    (await admin.call('GET', `/statistics/profit?from=${encodeURIComponent(from)}`)).body;

  it('an executed order counts within 1 s, and its cancellation takes it out again', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10, 12.5); // cost 4
    const orderId = await placeOrder(customer, product, 3);

    expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);
    const executedAt = Date.now();
    const counted = await waitFor(() => profitSince(from), {
      until: (profit) => profit.number_of_executed_orders === 1,
      timeoutMs: 1_000,
      intervalMs: 20,
      what: 'the sale in the statistics within 1 s',
    });

    expect(Date.now() - executedAt).toBeLessThan(1_000);
    expect(counted).toEqual({
      number_of_executed_orders: 1,
      total_revenue: 37.5,
      total_cost: 12,
      total_profit: 25.5,
    });
    expect((await customer.call('DELETE', '/orders/delete', { id: orderId })).status).toBe(200);
    const reversed = await waitFor(() => profitSince(from), {
      until: (profit) => profit.number_of_executed_orders === 0,
      what: 'the cancellation reversed',
    });
    expect(reversed).toMatchObject({ total_revenue: 0, total_profit: 0 });
  });

  it('a renamed category shows its new name in the category breakdown', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 2);
    expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);
    const newName = `Renamed ${orderId}`;

    const renamed = await admin.call('PUT', '/categories/update', {
      old_category_name: 'e2e',
      new_category_name: newName,
    });

    expect(renamed.status).toBe(200);
    const categories = await waitFor(
      async () =>
        (await admin.call('GET', `/statistics/category-product-sales?from=${encodeURIComponent(from)}`)).body
          .items as { category_name: string; total_category_quantity: number }[],
      {
        until: (items) => items[0]?.category_name === newName,
        what: 'the new category name in the statistics',
      },
    );
    expect(categories).toHaveLength(1);
    expect(categories[0]).toMatchObject({ total_category_quantity: 2 });
  });

  it('a customer gets 403 and the admin lists dead letters across the services', async () => {
    const customer = await signInCustomer(system.gatewayUrl);

    const asCustomer = await customer.call('GET', '/statistics/profit');
    const letters = await admin.call('GET', '/admin/dead-letters');

    expect(asCustomer.status).toBe(403);
    expect(letters.status).toBe(200);
    expect(letters.body).toMatchObject({ items: [], unavailable: [] });
  });
});
