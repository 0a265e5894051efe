import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
  stockOf,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type SagaFaultSystem, startSagaFaultSystem } from '../fixtures/saga-fault-system.js';

const env = useTestEnvironment();

describe('when the catalog dies after committing a reservation and before acking it', () => {
  let system: SagaFaultSystem;
  let orders: Sql;
  let catalog: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSagaFaultSystem(env, 'crashBeforeAck');
    orders = ordersDatabase(env);
    catalog = createSql(env.databaseUrl, { schema: 'catalog', max: 2 });
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await Promise.all([orders?.end(), catalog?.end()]);
    await system?.stop();
  });

  it('the redelivered request is not reserved twice: after a restart the order ends executed and the stock is taken once', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 3);

    const executing = customer.call('POST', '/orders/execute', { id: orderId });
    expect(await system.catalog.exited).toBe('SIGKILL');
    expect(system.catalog.output()).toContain('crash-before-ack: killed');
    // The reservation committed before the kill: only the ack was lost.
    const [committed] = await catalog`select status from stock_reservations where order_id = ${orderId}`;
    expect(committed).toEqual({ status: 'reserved' });
    const [stockAtCrash] = await catalog`select quantity from products where id = ${product}`;
    expect(stockAtCrash).toEqual({ quantity: 7 });
    await system.startCatalog('plain');
    const reply = await executing;

    expect([200, 202]).toContain(reply.status);
    await waitFor(async () => (await customer.call('GET', `/orders/${orderId}`)).body.status, {
      until: (status) => status === 'executed',
      timeoutMs: 30_000,
      what: 'the order executed',
    });
    expect(await stockOf(admin, product)).toBe(7);
    const [reservation] =
      await catalog`select status, attempts from stock_reservations where order_id = ${orderId}`;
    expect(reservation).toEqual({ status: 'reserved', attempts: 1 });
    const [published] = await catalog<{ count: number }[]>`
      select count(*)::int as count from outbox
      where routing_key = 'stock.reserved' and (payload->'data'->>'order_id')::int = ${orderId}`;
    expect(published?.count).toBe(1);
    const [executed] = await orders<{ count: number }[]>`
      select count(*)::int as count from outbox
      where routing_key = 'order.executed' and (payload->'data'->>'order_id')::int = ${orderId}`;
    expect(executed?.count).toBe(1);
  });
});
