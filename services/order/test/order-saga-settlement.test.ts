import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct, handled } from './fixtures/catalog-fixtures.js';
import { forOrder } from './fixtures/event-tap.js';
import { orderRow, outboxOf, placeOrder } from './fixtures/order-fixtures.js';
import { reserved, sagaMoves } from './fixtures/saga-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let bread: CatalogProduct;

const orders = useTestOrders(env, { EXECUTE_WAIT_MS: '3000' });
const tap = useEventTap(env, 'catalog');
const { execute, answerExecution } = sagaMoves(orders, tap);

beforeAll(async () => {
  bread = await addCatalogProduct(orders, tap, { price: 2.5, category_id: 12, category_name: 'bakery' });
});

describe('the settlement of an execution (saga step 3)', () => {
  it('answers execute with the order as GET shows it, for a small order and for one too large to ride on its notification', async () => {
    const user = orders.user();
    const longNamed: CatalogProduct[] = [];
    for (let i = 0; i < 40; i++) {
      const name = `${'Long-named '.repeat(17)}${i}`;
      longNamed.push(await addCatalogProduct(orders, tap, { name, price: 1.25, category_id: 31 }));
    }
    const small = [{ product_id: bread.product_id, quantity: 2 }];
    // 40 lines of ~190-character names: the order's JSON alone is over 8,000 bytes.
    const large = longNamed.map((product) => ({ product_id: product.product_id, quantity: 1 }));

    for (const lines of [small, large]) {
      const order = await placeOrder(orders, user, lines);
      const executing = execute(user, order.id);
      await answerExecution(order.id, reserved(lines.map((line) => ({ ...line, unit_cost: 1 }))));
      const response = await executing;
      const shown = await orders.request('GET', `/orders/${order.id}`, { as: user });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'executed', items: expect.any(Array) });
      expect(response.body.items).toHaveLength(lines.length);
      expect(response.body).toEqual(shown.body);
    }
  });

  it('replies queued behind a busy transaction run as one batch: each order executes once, a reply repeated in it included', async () => {
    const user = orders.user();
    const lines = [{ product_id: bread.product_id, quantity: 1 }];
    const [held, second, third] = [
      await placeOrder(orders, user, lines),
      await placeOrder(orders, user, lines),
      await placeOrder(orders, user, lines),
    ];
    const executions = [held, second, third].map((order) => execute(user, order.id));
    for (const order of [held, second, third])
      await tap.waitFor('order.execution-requested', forOrder(order.id));
    const reply = (order: { id: number }) => ({
      type: 'stock.reserved',
      data: { order_id: order.id, items: [{ product_id: bread.product_id, quantity: 1, unit_cost: 1 }] },
      source: 'catalog',
    });

    // The first reply's transaction waits for this lock; the others reach the consumer meanwhile.
    const run = await orders.sql.begin(async (tx) => {
      await tx`select 1 from orders where id = ${held.id} for update`;
      await tap.publish(reply(held));
      await waitFor(() => orders.sql`select 1 from pg_stat_activity where wait_event_type = 'Lock'`, {
        until: (rows) => rows.length > 0,
        what: 'the first reply waiting for the lock',
      });
      const ids = await tap.publish(reply(second), reply(third), reply(second));
      await waitFor(() => tap.readyIn('order'), {
        until: (ready) => ready === 0,
        what: 'the other replies delivered',
      });
      return ids;
    });
    const statuses = (await Promise.all(executions)).map((response) => response.status);
    await handled(orders, ...run);

    expect(statuses).toEqual([200, 200, 200]);
    const [inbox] = await orders.sql<{ transactions: number }[]>`
      select count(distinct xmin::text)::int as transactions from inbox where message_id = any(${run}::uuid[])`;
    expect(inbox?.transactions).toBe(1);
    for (const order of [second, third]) {
      expect((await orderRow(orders, order.id))?.status).toBe('executed');
      expect(await outboxOf(orders, 'order.executed', order.id)).toHaveLength(1);
    }
  });
});
