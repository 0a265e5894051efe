import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, handled, replicaRow } from './fixtures/catalog-fixtures.js';
import { startTestOrders, type TestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let orders: TestOrders;
let replica: TestOrders;

beforeAll(async () => {
  // Two replicas starting together on an empty database.
  [orders, replica] = await Promise.all([startTestOrders(env), startTestOrders(env)]);
});

afterAll(async () => {
  await Promise.all([orders?.stop(), replica?.stop()]);
});

const tap = useEventTap(env, 'catalog');

describe('the catalog replica', () => {
  it('when empty at start-up asks catalog for a resync once, though two replicas started together', async () => {
    const requests = await waitFor(
      () => orders.sql<{ payload: { source: string; data: object } }[]>`
        select payload from outbox where routing_key = 'catalog.resync-requested'`,
      { until: (rows) => rows.length > 0 },
    );

    expect(requests).toHaveLength(1);
    expect(requests[0]?.payload).toMatchObject({ source: 'order', data: { requested_by: 'order' } });
  });

  it('keeps the latest state of a product: product.upserted overwrites, an older event is ignored', async () => {
    const product = await addCatalogProduct(orders, tap, { price: 3, name: 'Brie' });
    const [older] = await tap.publish({
      type: 'product.upserted',
      data: { ...product, price: 1, name: 'Old Brie' },
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await handled(orders, older as string);

    expect(await replicaRow(orders, product.product_id)).toMatchObject({
      name: 'Brie',
      price: '3.00',
      active: true,
    });
  });

  it('product.deleted stops the product from being ordered but keeps its name', async () => {
    const product = await addCatalogProduct(orders, tap, { name: 'Camembert' });
    const [deleted] = await tap.publish({
      type: 'product.deleted',
      data: { product_id: product.product_id },
    });
    await handled(orders, deleted as string);

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ name: 'Camembert', active: false });
    const response = await orders.request('POST', '/orders/create', {
      as: orders.user(),
      body: { location: 'DE', items: [{ product_id: product.product_id, quantity: 1 }] },
    });
    expect(response.status).toBe(422);
  });

  it('category.renamed renames the category of every product in it', async () => {
    const product = await addCatalogProduct(orders, tap, { category_id: 501, category_name: 'cheese' });
    const [renamed] = await tap.publish({
      type: 'category.renamed',
      data: { category_id: 501, name: 'fromage' },
    });
    await handled(orders, renamed as string);

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ category_name: 'fromage' });
  });
});
