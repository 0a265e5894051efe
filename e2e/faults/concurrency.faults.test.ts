// Requests racing each other under order load, on a stack with three catalog replicas (the gateway
// spreads catalog calls over them, and they compete for the saga's reservations), each ending with
// the audit and with checks of the raced order's own books.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@shop/testing';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { type Actor, signInAs, stockProducts } from './harness/order-load.js';
import { underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('concurrency', { catalogReplicas: 3 });

/** Creates a one-line order; its id. */
async function createOrder(customer: Actor, productId: number, quantity: number): Promise<number> {
  const created = await customer.call('POST', '/orders/create', {
    location: 'DE',
    items: [{ product_id: productId, quantity }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as number;
}

/** Waits until none of `orderIds` is executing; their statuses. */
async function settled(
  orderIds: number[],
): Promise<Array<{ id: number; status: string; rejected: boolean }>> {
  return waitFor(
    () => suite.sql<{ id: number; status: string; rejected: boolean }[]>`
      select id, status, rejection is not null as rejected from orders.orders where id = any(${orderIds}::int[])`,
    {
      until: (rows) => rows.length === orderIds.length && rows.every((row) => row.status !== 'executing'),
      timeoutMs: 30_000,
      what: `orders ${orderIds.length > 3 ? `${orderIds.length} raced orders` : orderIds} settled`,
    },
  );
}

/** Catalog's stock of a product and its reservations (by status) for `orderIds`. */
async function catalogBooks(productId: number, orderIds: number[]) {
  const [product] = await suite.sql<{ quantity: number }[]>`
    select quantity from catalog.products where id = ${productId}`;
  const reservations = await suite.sql<{ status: string; count: number }[]>`
    select status, count(*)::int as count from catalog.stock_reservations
    where order_id = any(${orderIds}::int[]) group by status order by status`;
  return { stock: product?.quantity, reservations };
}

describe('when one order is executed 20 times at once with one Idempotency-Key', () => {
  it('all 20 get the one outcome, the order is executed once and its stock taken once', async () => {
    await underLoad(suite, 'one order executed ×20 at once, one Idempotency-Key', async ({ products }) => {
      const customer = await signInAs(suite.stack.gateway.origin);
      const product = products[0] as (typeof products)[number];
      const orderId = await createOrder(customer, product.id, 2);
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          customer.call('POST', '/orders/execute', { id: orderId }, { 'idempotency-key': key }),
        ),
      );
      const outcomes = new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`));
      expect([...outcomes], 'one outcome, answered alike to all 20').toHaveLength(1);
      expect(answers[0]?.status).toBe(200);
      expect(await settled([orderId])).toEqual([{ id: orderId, status: 'executed', rejected: false }]);
      const [reservation] = await suite.sql<{ count: number; attempts: number }[]>`
        select count(*)::int as count, max(attempts)::int as attempts
        from catalog.stock_reservations where order_id = ${orderId}`;
      expect(reservation, 'one reservation, made by one attempt').toEqual({ count: 1, attempts: 1 });
      return { answers: answers.length, outcome: answers[0]?.status };
    });
  });
});

describe('when 200 executes race for 10 units across three catalog replicas', () => {
  it('exactly 10 are executed, the other 190 rejected for the shortage, and the stock ends at 0', async () => {
    await underLoad(suite, '200 executes for 10 units, three catalog replicas', async () => {
      const replica = postgres(suite.env.databaseUrl, {
        max: 1,
        onnotice: () => {},
        connection: { search_path: 'orders' },
      });
      const [product] = await stockProducts(suite.admin, replica, 1, 10).finally(() => replica.end());
      if (!product) throw new Error('no product stocked');
      const customers = await Promise.all(
        Array.from({ length: 4 }, () => signInAs(suite.stack.gateway.origin)),
      );
      const orderIds: number[] = [];
      for (let i = 0; i < 200; i += 20) {
        const batch = Array.from({ length: 20 }, (_, j) => customers[(i + j) % customers.length] as Actor);
        orderIds.push(...(await Promise.all(batch.map((customer) => createOrder(customer, product.id, 1)))));
      }
      const raceStarted = Date.now();
      const answers = await Promise.all(
        orderIds.map((id, i) =>
          (customers[i % customers.length] as Actor).call('POST', '/orders/execute', { id }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(
        statuses.filter((status) => status !== 200 && status !== 202 && status !== 409),
        'every execute answered 200, 202 or 409',
      ).toEqual([]);
      const orders = await settled(orderIds);
      const raceSettledMs = Date.now() - raceStarted;
      const executed = orders.filter((order) => order.status === 'executed').length;
      const rejected = orders.filter((order) => order.status === 'pending' && order.rejected).length;
      expect({ executed, rejected }).toEqual({ executed: 10, rejected: 190 });
      expect(await catalogBooks(product.id, orderIds)).toEqual({
        stock: 0,
        reservations: expect.arrayContaining([{ status: 'reserved', count: 10 }]),
      });
      return { executes: answers.length, executed, rejected, raceSettledMs };
    });
  });
});
