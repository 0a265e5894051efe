// A SIGTERM to the catalog while executions and reads are in flight: it drains and exits 0, its
// unacked deliveries go back to the queue, and after a restart every order is executed, the stock
// taken exactly once per order.
import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment } from '@shop/testing';
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
import { type SagaFaultSystem, startSagaFaultSystem } from '../fixtures/saga-fault-system.js';

const env = useTestEnvironment();
const ORDERS = 60;

describe('when the catalog gets SIGTERM under load', () => {
  let system: SagaFaultSystem;
  let orders: Sql;
  let catalog: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSagaFaultSystem(env);
    orders = ordersDatabase(env);
    catalog = createSql(env.databaseUrl, { schema: 'catalog', max: 2 });
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await Promise.all([orders?.end(), catalog?.end()]);
    await system?.stop();
  });

  it('it exits cleanly, no order is lost and the stock is taken once per order', async () => {
    const product = await stockProduct(admin, orders, 1_000);
    const customers = await Promise.all(Array.from({ length: 6 }, () => signInCustomer(system.gatewayUrl)));
    const placed = await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        const customer = customers[i % customers.length] as Actor;
        return { customer, orderId: await placeOrder(customer, product, 2) };
      }),
    );

    const executions = placed.map(({ customer, orderId }, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 10)).then(() =>
        customer.call('POST', '/orders/execute', { id: orderId }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, (ORDERS / 2) * 10));
    const reads = Array.from({ length: 20 }, () => admin.call('GET', `/products/${product}`));
    system.catalog.child.kill('SIGTERM');
    const exitCode = await system.catalog.exited;
    await system.startCatalog('plain');
    const replies = await Promise.all(executions);

    expect(exitCode).toBe(0);
    // Reads the catalog had accepted were answered; those arriving after it closed are a clean 5xx problem.
    for (const read of await Promise.all(reads)) expect([200, 502, 503]).toContain(read.status);
    expect(replies.every((reply) => [200, 202].includes(reply.status))).toBe(true);
    const statuses = await settledStatuses(
      orders,
      placed.map((order) => order.orderId),
    );
    expect([...statuses.values()].every((status) => status === 'executed')).toBe(true);
    expect(await stockOf(admin, product)).toBe(1_000 - 2 * ORDERS);
    const [reservations] = await catalog<{ count: number }[]>`
      select count(*)::int as count from stock_reservations where status = 'reserved'`;
    expect(reservations?.count).toBe(ORDERS);
  });
});
