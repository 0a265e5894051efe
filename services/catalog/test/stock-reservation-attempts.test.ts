import { type TappedEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { addStockedProduct, type Line, newOrderId, stockOf } from './fixtures/stock-fixtures.js';
import { useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

const addProduct = (quantity: number, cost?: number) =>
  addStockedProduct(catalog, 'Attempted', quantity, cost);
const quantityOf = (productId: number) => stockOf(catalog, productId);

const requested = (orderId: number, attempt: number, items: Line[]) => ({
  type: 'order.execution-requested',
  data: { order_id: orderId, user_id: 7, attempt, items },
});
const abandoned = (orderId: number, attempt: number) => ({
  type: 'order.execution-abandoned',
  data: { order_id: orderId, attempt },
});
const cancelled = (orderId: number, items: Line[]) => ({
  type: 'order.cancelled',
  data: { order_id: orderId, was_executed: true, items },
});

const forOrder = (orderId: number) => (event: TappedEvent) => event.data.order_id === orderId;

async function reservationOf(orderId: number) {
  const [row] = await catalog.sql`select status, attempt from stock_reservations where order_id = ${orderId}`;
  return row;
}

/** Publishes messages one after the other, each handled before the next is sent. */
async function handleInTurn(...messages: { type: string; data: object }[]): Promise<void> {
  for (const message of messages) {
    const [id] = await tap.publish(message);
    await waitFor(
      async () => (await catalog.sql`select 1 from inbox where message_id = ${id as string}`).length,
      {
        what: `message ${id} in the inbox`,
      },
    );
  }
}

describe('execution attempts', () => {
  it('a re-sent request of the same attempt answers stock.reserved again, same items and attempt, and takes the stock once', async () => {
    const product = await addProduct(10, 1.5);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 4 }];

    await handleInTurn(requested(orderId, 1, lines), requested(orderId, 1, lines));

    const [first, second] = await tap.waitFor('stock.reserved', forOrder(orderId), 2);
    expect(first?.data).toEqual({ order_id: orderId, attempt: 1, items: [{ ...lines[0], unit_cost: 1.5 }] });
    expect(second?.data).toEqual(first?.data);
    expect(await quantityOf(product)).toBe(6);
    expect(await reservationOf(orderId)).toEqual({ status: 'reserved', attempt: 1 });
  });

  it('a re-sent request of a rejected attempt answers the same stock.rejected again', async () => {
    const product = await addProduct(1);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 2 }];

    await handleInTurn(requested(orderId, 1, lines));
    await catalog.request('POST', '/products/stock', { as: 'admin', body: { id: product, delta: 5 } });
    await handleInTurn(requested(orderId, 1, lines));

    const [first, second] = await tap.waitFor('stock.rejected', forOrder(orderId), 2);
    expect(second?.data).toEqual(first?.data);
    expect(first?.data).toMatchObject({ attempt: 1, shortages: [{ available: 1 }] });
    expect(await quantityOf(product)).toBe(6);
    expect(tap.seen('stock.reserved', forOrder(orderId))).toHaveLength(0);
  });

  it('a request of an earlier attempt after a later one takes nothing and answers nothing', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(requested(orderId, 2, lines), requested(orderId, 1, lines));

    expect(await quantityOf(product)).toBe(7);
    await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(tap.seen('stock.reserved', forOrder(orderId)).map((event) => event.data.attempt)).toEqual([2]);
    expect(await reservationOf(orderId)).toEqual({ status: 'reserved', attempt: 2 });
  });

  it('an abandoned attempt that holds stock gives it back once, and a late request of it takes nothing', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(
      requested(orderId, 1, lines),
      abandoned(orderId, 1),
      abandoned(orderId, 1),
      requested(orderId, 1, lines),
    );

    expect(await quantityOf(product)).toBe(10);
    await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(tap.seen('stock.reserved', forOrder(orderId))).toHaveLength(1);
    expect(await reservationOf(orderId)).toEqual({ status: 'abandoned', attempt: 1 });
  });

  it('an attempt abandoned before its request arrived takes nothing when the request comes, and a later attempt reserves', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(abandoned(orderId, 1), requested(orderId, 1, lines));
    expect(await quantityOf(product)).toBe(10);
    await handleInTurn(requested(orderId, 2, lines));

    expect(await quantityOf(product)).toBe(7);
    await tap.waitFor('stock.reserved', forOrder(orderId));
    expect(tap.seen('stock.reserved', forOrder(orderId)).map((event) => event.data.attempt)).toEqual([2]);
  });

  it('a later attempt while an earlier one still holds stock (its abandonment not here yet) swaps the stock, never takes it twice', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(requested(orderId, 1, lines), requested(orderId, 2, lines), abandoned(orderId, 1));

    expect(await quantityOf(product)).toBe(7);
    expect(await reservationOf(orderId)).toEqual({ status: 'reserved', attempt: 2 });
  });

  it('a later attempt counts the units the earlier one gives back: 3 of 5 held, 3 asked again, reserved', async () => {
    const product = await addProduct(5);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(requested(orderId, 1, lines), requested(orderId, 2, lines));

    expect(await quantityOf(product)).toBe(2);
    expect(await reservationOf(orderId)).toEqual({ status: 'reserved', attempt: 2 });
    const [reply] = await tap.waitFor(
      'stock.reserved',
      (event) => forOrder(orderId)(event) && event.data.attempt === 2,
    );
    expect(reply?.data.items).toEqual([expect.objectContaining({ product_id: product, quantity: 3 })]);
  });

  it('order.cancelled after re-sent requests restocks exactly what was reserved, once', async () => {
    const product = await addProduct(10);
    const orderId = newOrderId();
    const lines = [{ product_id: product, quantity: 3 }];

    await handleInTurn(
      requested(orderId, 1, lines),
      requested(orderId, 1, lines),
      cancelled(orderId, lines),
      abandoned(orderId, 1),
    );

    expect(await quantityOf(product)).toBe(10);
    expect(await reservationOf(orderId)).toEqual({ status: 'released', attempt: 1 });
    await tap.waitFor('stock.released', forOrder(orderId));
    expect(await tap.waitFor('stock.reserved', forOrder(orderId), 2)).toHaveLength(2);
    expect(tap.seen('stock.released', forOrder(orderId))).toHaveLength(1);
  });
});
