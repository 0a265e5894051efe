import { type TappedEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { countOf } from './fixtures/product-fixtures.js';
import { addStockedProduct, type Line, newOrderId, stockOf } from './fixtures/stock-fixtures.js';
import { useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

const addProduct = (quantity: number, cost?: number) => addStockedProduct(catalog, 'Stocked', quantity, cost);
const quantityOf = (productId: number) => stockOf(catalog, productId);

function executionRequested(orderId: number, items: Line[], id?: string) {
  return { type: 'order.execution-requested', data: { order_id: orderId, user_id: 7, items }, id };
}

function orderCancelled(orderId: number, items: Line[], id?: string) {
  return { type: 'order.cancelled', data: { order_id: orderId, was_executed: true, items }, id };
}

const forOrder = (orderId: number) => (event: TappedEvent) => event.data.order_id === orderId;

async function reservationOf(orderId: number) {
  const [row] =
    await catalog.sql`select status, items, shortages from stock_reservations where order_id = ${orderId}`;
  return row;
}

async function outboxCount(type: string, orderId: number): Promise<number> {
  const [row] = await catalog.sql<{ count: number }[]>`
    select count(*)::int as count from outbox
    where routing_key = ${type} and (payload->'data'->>'order_id')::bigint = ${orderId}`;
  return row?.count as number;
}

/** Resolves once the catalog has committed the handling of these message ids. */
async function handled(...messageIds: string[]): Promise<void> {
  await waitFor(
    async () => (await catalog.sql`select 1 from inbox where message_id = any(${messageIds}::uuid[])`).length,
    { until: (count) => count === messageIds.length, what: `messages ${messageIds.join(', ')} in the inbox` },
  );
}

describe('reserving stock (saga step 2)', () => {
  it('an order whose every line is in stock gets stock.reserved with unit costs, and its stock is taken', async () => {
    const [cheese, bread] = [await addProduct(10, 1.5), await addProduct(5, 2)] as [number, number];
    const orderId = newOrderId();

    const [messageId] = await tap.publish(
      executionRequested(orderId, [
        { product_id: bread, quantity: 5 },
        { product_id: cheese, quantity: 2 },
        { product_id: cheese, quantity: 1 },
      ]),
    );

    const [reserved] = await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(reserved).toMatchObject({
      source: 'catalog',
      causation_id: messageId,
      correlation_id: `test-${messageId}`,
    });
    expect(reserved?.data.items).toEqual([
      { product_id: cheese, quantity: 3, unit_cost: 1.5 },
      { product_id: bread, quantity: 5, unit_cost: 2 },
    ]);
    expect([await quantityOf(cheese), await quantityOf(bread)]).toEqual([7, 0]);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'reserved', items: reserved?.data.items });
    expect(await outboxCount('stock.reserved', orderId)).toBe(1);
  });

  it('an order with any short line takes nothing, and stock.rejected lists every short line with its reason', async () => {
    const [plenty, scarce, removed] = [await addProduct(10), await addProduct(1), await addProduct(4)];
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: removed } });
    const unknown = 2_000_000_000;
    const orderId = newOrderId();

    await tap.publish(
      executionRequested(orderId, [
        { product_id: unknown, quantity: 1 },
        { product_id: plenty, quantity: 2 },
        { product_id: scarce, quantity: 3 },
        { product_id: removed, quantity: 1 },
      ]),
    );

    const [rejected] = await tap.waitFor('stock.rejected', forOrder(orderId));
    expect(rejected?.data.shortages).toEqual([
      { product_id: scarce, requested: 3, available: 1, reason: 'insufficient_stock' },
      { product_id: removed, requested: 1, available: 0, reason: 'inactive_product' },
      { product_id: unknown, requested: 1, available: 0, reason: 'unknown_product' },
    ]);
    expect([await quantityOf(plenty), await quantityOf(scarce)]).toEqual([10, 1]);
    expect(await reservationOf(orderId)).toMatchObject({
      status: 'rejected',
      shortages: rejected?.data.shortages,
    });
    expect(await outboxCount('stock.reserved', orderId)).toBe(0);
  });

  it('a rejected order executed again after a restock is reserved', async () => {
    const product = await addProduct(1);
    const orderId = newOrderId();
    await tap.publish(executionRequested(orderId, [{ product_id: product, quantity: 2 }]));
    await tap.waitFor('stock.rejected', forOrder(orderId));
    await catalog.request('POST', '/products/stock', { as: 'admin', body: { id: product, delta: 1 } });

    await tap.publish(executionRequested(orderId, [{ product_id: product, quantity: 2 }]));

    await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(await quantityOf(product)).toBe(0);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'reserved' });
  });

  it('50 concurrent orders of 1 unit for a product with 10: exactly 10 stock.reserved, 40 stock.rejected, stock 0', async () => {
    const product = await addProduct(10);
    const orderIds = Array.from({ length: 50 }, newOrderId);
    const ours = (event: TappedEvent) => orderIds.includes(event.data.order_id);

    await tap.publish(
      ...orderIds.map((orderId) => executionRequested(orderId, [{ product_id: product, quantity: 1 }])),
    );

    await waitFor(() => tap.seen('stock.reserved', ours).length + tap.seen('stock.rejected', ours).length, {
      until: (answers) => answers >= 50,
      timeoutMs: 30_000,
      what: '50 answers',
    });
    const reserved = tap.seen('stock.reserved', ours);
    const rejected = tap.seen('stock.rejected', ours);
    expect([reserved.length, rejected.length]).toEqual([10, 40]);
    expect(new Set([...reserved, ...rejected].map((event) => event.data.order_id)).size).toBe(50);
    for (const event of rejected) {
      expect(event.data.shortages).toEqual([
        { product_id: product, requested: 1, available: 0, reason: 'insufficient_stock' },
      ]);
    }
    expect(await quantityOf(product)).toBe(0);
    const statuses = await catalog.sql`
      select status, count(*)::int as count from stock_reservations
      where order_id = any(${orderIds}::bigint[]) group by status order by status`;
    expect(statuses).toEqual([
      { status: 'rejected', count: 40 },
      { status: 'reserved', count: 10 },
    ]);
  });

  it('orders sharing products in every combination all settle without deadlocks, and stock adds up', async () => {
    const products = [await addProduct(1000), await addProduct(1000), await addProduct(1000)];
    const orders = Array.from({ length: 300 }, (_, index) => ({
      orderId: newOrderId(),
      // Lines in every order and combination: [a], [c, a], [b, c, a], ... in both directions.
      lines: products
        .filter((_, position) => ((index % 7) + 1) & (1 << position))
        .map((product_id) => ({ product_id, quantity: 1 }))
        .sort(() => (index % 2 === 0 ? 1 : -1)),
    }));
    const ours = new Set(orders.map((order) => order.orderId));
    const deadlocks = async () => {
      const [row] = await catalog.sql<{ deadlocks: number }[]>`
        select deadlocks::int from pg_stat_database where datname = current_database()`;
      return row?.deadlocks;
    };
    const deadlocksBefore = await deadlocks();

    await tap.publish(...orders.map((order) => executionRequested(order.orderId, order.lines)));

    await waitFor(() => tap.seen('stock.reserved', (event) => ours.has(event.data.order_id)).length, {
      until: (settled) => settled === orders.length,
      timeoutMs: 30_000,
      what: 'every order reserved',
    });
    const taken = orders.flatMap((order) => order.lines).length;
    const left = await countOf(catalog.sql<{ count: number }[]>`
      select sum(quantity)::int as count from products where id = any(${products}::int[])`);
    expect(left).toBe(3000 - taken);
    expect(await deadlocks()).toBe(deadlocksBefore);
  });

  it('requests queued into one run take in delivery order: each sees what the ones before it left', async () => {
    const held = await addProduct(10);
    const product = await addProduct(5);
    const [blocker, first, second, third] = [newOrderId(), newOrderId(), newOrderId(), newOrderId()];
    const wanting = (orderId: number, quantity: number) =>
      executionRequested(orderId, [{ product_id: product, quantity }]);

    // The blocker's transaction waits for this lock; the three behind it reach the consumer meanwhile.
    const ids = await catalog.sql.begin(async (tx) => {
      await tx`select 1 from products where id = ${held} for update`;
      await tap.publish(executionRequested(blocker, [{ product_id: held, quantity: 1 }]));
      await waitFor(() => catalog.sql`select 1 from pg_stat_activity where wait_event_type = 'Lock'`, {
        until: (rows) => rows.length > 0,
        what: 'the blocker waiting for the lock',
      });
      const queued = await tap.publish(wanting(first, 2), wanting(second, 2), wanting(third, 2));
      await waitFor(() => tap.readyIn('catalog'), {
        until: (ready) => ready === 0,
        what: 'the run delivered',
      });
      return queued;
    });
    await handled(...ids);

    const [inbox] = await catalog.sql<{ transactions: number }[]>`
      select count(distinct xmin::text)::int as transactions from inbox where message_id = any(${ids}::uuid[])`;
    expect(inbox?.transactions).toBe(1);
    expect(await tap.waitFor('stock.reserved', forOrder(first))).toHaveLength(1);
    expect(await tap.waitFor('stock.reserved', forOrder(second))).toHaveLength(1);
    const [rejected] = await tap.waitFor('stock.rejected', forOrder(third));
    expect(tap.seen('stock.reserved', forOrder(third))).toHaveLength(0);
    expect(rejected?.data.shortages).toEqual([
      { product_id: product, requested: 2, available: 1, reason: 'insufficient_stock' },
    ]);
    expect(await quantityOf(product)).toBe(1);
  });

  it('a duplicated request (the same message id twice, then a new message id for the same order) reserves once', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const request = executionRequested(orderId, [{ product_id: product, quantity: 4 }]);
    const [firstId] = await tap.publish(request);
    await tap.waitFor('stock.reserved', forOrder(orderId));

    const [, newId] = await tap.publish({ ...request, id: firstId }, request);
    await handled(firstId as string, newId as string);

    expect(await quantityOf(product)).toBe(6);
    expect(await outboxCount('stock.reserved', orderId)).toBe(1);
    expect(tap.seen('stock.reserved', forOrder(orderId))).toHaveLength(1);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'reserved' });
  });
});

describe('releasing stock (saga step 5)', () => {
  it('an executed order cancelled gets its stock back exactly once, even when order.cancelled arrives twice', async () => {
    const product = await addProduct(5);
    const orderId = newOrderId();
    const lines = [
      { product_id: product, quantity: 2 },
      { product_id: product, quantity: 1 },
    ];
    await tap.publish(executionRequested(orderId, lines));
    await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(await quantityOf(product)).toBe(2);

    const [firstCancel] = await tap.publish(orderCancelled(orderId, lines));
    const [released] = await tap.waitFor('stock.released', forOrder(orderId));
    const [, secondCancel] = await tap.publish(
      { ...orderCancelled(orderId, lines), id: firstCancel },
      orderCancelled(orderId, lines),
    );
    await handled(firstCancel as string, secondCancel as string);

    expect(released).toMatchObject({ data: { order_id: orderId }, causation_id: firstCancel });
    expect(await quantityOf(product)).toBe(5);
    expect(await outboxCount('stock.released', orderId)).toBe(1);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'released' });
  });

  it('stock handed back onto a product restocked to the largest quantity saturates there: the release is not refused', async () => {
    const product = await addProduct(5);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 2 }];
    await tap.publish(executionRequested(orderId, lines));
    await tap.waitFor('stock.reserved', forOrder(orderId));
    await catalog.sql`update products set quantity = 2147483647 where id = ${product}`;

    const [cancel] = await tap.publish(orderCancelled(orderId, lines));
    await tap.waitFor('stock.released', forOrder(orderId));
    await handled(cancel as string);

    expect(await quantityOf(product)).toBe(2147483647);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'released' });
  });

  it('cancelling an order that never held stock restocks nothing, and a late execution request for it takes nothing', async () => {
    const product = await addProduct(5);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 2 }];

    const [cancelId] = await tap.publish({
      ...orderCancelled(orderId, lines),
      data: { order_id: orderId, was_executed: false, items: lines },
    });
    await handled(cancelId as string);
    const [lateId] = await tap.publish(executionRequested(orderId, lines));
    await handled(lateId as string);

    expect(await quantityOf(product)).toBe(5);
    expect(await reservationOf(orderId)).toMatchObject({ status: 'cancelled' });
    expect(await outboxCount('stock.released', orderId)).toBe(0);
    expect(await outboxCount('stock.reserved', orderId)).toBe(0);
    expect(await outboxCount('stock.rejected', orderId)).toBe(0);
  });
});
