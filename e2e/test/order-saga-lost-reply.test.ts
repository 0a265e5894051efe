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
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

// The order service's stock.reserved handler fails for the orders listed here: a database trigger
// refuses to mark them executed, so catalog's reply (and every replay of it) is dead-lettered.
async function poisonExecutionOf(orders: Sql): Promise<void> {
  await orders`create table unexecutable_orders (order_id integer primary key)`;
  // The trigger runs as the order service's own role (see startSystem): the list must be its to read.
  await orders`alter table unexecutable_orders owner to shop_order`;
  await orders`
    create function refuse_listed_execution() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from unexecutable_orders where order_id = new.id) then
        raise exception 'order % may not be executed (e2e poison)', new.id;
      end if;
      return new;
    end $$`;
  await orders`
    create trigger refuse_listed_execution before update on orders
    for each row when (new.status = 'executed') execute function refuse_listed_execution()`;
}

describe('the order saga when catalog’s reply is dead-lettered', () => {
  let system: RunningSystem;
  let orders: Sql;
  let catalog: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSystem({
      ...env,
      env: {
        ...env.env,
        AMQP_DELIVERY_LIMIT: '1',
        EXECUTE_WAIT_MS: '300',
        EXECUTION_RETRY_AFTER_MS: '500',
        EXECUTION_TIMEOUT_MS: '4000',
        EXECUTION_SWEEP_INTERVAL_MS: '100',
      },
    });
    orders = ordersDatabase(env);
    catalog = createSql(env.databaseUrl, { schema: 'catalog', max: 2 });
    await poisonExecutionOf(orders);
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await catalog?.end();
    await orders?.end();
    await system?.stop();
  });

  async function deadReplies(orderId: number): Promise<number> {
    const [row] = await orders<{ count: number }[]>`
      select count(*)::int as count from dead_letters
      where type = 'stock.reserved' and convert_from(body, 'UTF8')::jsonb->'data'->>'order_id' = ${String(orderId)}`;
    return row?.count ?? 0;
  }

  async function reservationOf(orderId: number) {
    const [row] =
      await catalog`select status, attempt, attempts from stock_reservations where order_id = ${orderId}`;
    return row;
  }

  it('an order whose reply keeps dying goes back to pending as timed out by itself, and its stock comes back', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 3);
    await orders`insert into unexecutable_orders values (${orderId})`;

    const answer = await customer.call('POST', '/orders/execute', { id: orderId });

    expect(answer.status).toBe(202);
    await waitFor(() => deadReplies(orderId), {
      until: (count) => count >= 2,
      what: 'replies dead-lettered',
    });
    const order = await waitFor(async () => (await customer.call('GET', `/orders/${orderId}`)).body, {
      until: (body) => body.status !== 'executing',
      timeoutMs: 15_000,
      what: 'the order settled',
    });
    expect(order).toMatchObject({
      status: 'pending',
      rejection: { reason: 'execution_timed_out', shortages: [] },
    });
    await waitFor(() => reservationOf(orderId), { until: (row) => row?.status === 'abandoned' });
    expect(await reservationOf(orderId)).toMatchObject({ attempt: 1, attempts: 1 });
    expect(await stockOf(admin, product)).toBe(10);
  });

  it('an order whose reply died once is executed by the re-sent request, its stock taken exactly once', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10);
    const orderId = await placeOrder(customer, product, 3);
    await orders`insert into unexecutable_orders values (${orderId})`;

    await customer.call('POST', '/orders/execute', { id: orderId });
    await waitFor(() => deadReplies(orderId), { what: 'the reply dead-lettered' });
    await orders`delete from unexecutable_orders where order_id = ${orderId}`;

    const order = await waitFor(async () => (await customer.call('GET', `/orders/${orderId}`)).body, {
      until: (body) => body.status !== 'executing',
      timeoutMs: 15_000,
      what: 'the order settled',
    });
    expect(order).toMatchObject({ status: 'executed' });
    expect(order).not.toHaveProperty('rejection');
    expect(await stockOf(admin, product)).toBe(7);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'reserved', attempt: 1, attempts: 1 });
  });
});
