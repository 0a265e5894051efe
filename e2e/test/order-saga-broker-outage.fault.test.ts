import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
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
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const run = promisify(execFile);
const env = useTestEnvironment();

const ORDERS = 100;
const STOCK = 70;
const OUTAGE_MS = 10_000;

describe('when RabbitMQ stops for 10 s in the middle of 100 executions', () => {
  let system: RunningSystem;
  let orders: Sql;
  let catalog: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSystem(env);
    orders = ordersDatabase(env);
    catalog = createSql(env.databaseUrl, { schema: 'catalog', max: 2 });
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await Promise.all([orders?.end(), catalog?.end()]);
    await system?.stop();
  });

  it('every order ends executed or pending with its rejection, none is lost and nothing is oversold', async () => {
    const product = await stockProduct(admin, orders, STOCK);
    const customers = await Promise.all(Array.from({ length: 10 }, () => signInCustomer(system.gatewayUrl)));
    const placed: { customer: Actor; orderId: number; quantity: number }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const customer = customers[i % customers.length] as Actor;
      const quantity = (i % 2) + 1;
      placed.push({ customer, orderId: await placeOrder(customer, product, quantity), quantity });
    }

    const replies: number[] = [];
    const executeAll = async (batch: typeof placed, concurrency: number) => {
      const queue = [...batch];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const reply = await next.customer.call('POST', '/orders/execute', { id: next.orderId });
          replies.push(reply.status);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };

    // Before: 40 executions; the broker stops while they are under way.
    const before = executeAll(placed.slice(0, 40), 5);
    while (replies.length < 20) await sleep(10);
    const outageStarted = Date.now();
    let during: number[] = [];
    try {
      await run('rabbitmqctl', ['stop_app']);
      // During: 30 executions that commit with the broker away.
      const count = replies.length;
      await executeAll(placed.slice(40, 70), 30);
      during = replies.slice(count);
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))); // the outage itself
    } finally {
      await run('rabbitmqctl', ['start_app']);
    }
    await before;
    // After: the last 30 once the broker is back.
    await executeAll(placed.slice(70), 5);

    expect(replies).toHaveLength(ORDERS);
    expect(replies.filter((status) => ![200, 202, 409].includes(status))).toEqual([]);
    expect(during.filter((status) => status === 202).length).toBeGreaterThan(0);
    const orderIds = placed.map((order) => order.orderId);
    const statuses = await settledStatuses(orders, orderIds, 120_000);
    const executed = placed.filter((order) => statuses.get(order.orderId) === 'executed');
    const rejected = await orders<{ id: number }[]>`
      select id from orders where id = any(${orderIds}::int[]) and status = 'pending' and rejection is not null`;
    expect(executed.length + rejected.length).toBe(ORDERS);
    const sold = executed.reduce((sum, order) => sum + order.quantity, 0);
    expect(sold).toBe(STOCK - (await stockOf(admin, product)));
    expect(sold).toBeLessThanOrEqual(STOCK);
    const [reservations] = await catalog<{ count: number }[]>`
      select count(*)::int as count from stock_reservations
      where order_id = any(${orderIds}::int[]) and status = 'reserved'`;
    expect(reservations?.count).toBe(executed.length);
    const [announced] = await orders<{ count: number; distinct: number }[]>`
      select count(*)::int as count, count(distinct payload->'data'->>'order_id')::int as distinct from outbox
      where routing_key = 'order.executed' and (payload->'data'->>'order_id')::int = any(${orderIds}::int[])`;
    expect(announced).toEqual({ count: executed.length, distinct: executed.length });
  });
});
