import { randomInt } from 'node:crypto';
import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { type CatalogProduct, handled, replicaRow } from './fixtures/catalog-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();

const orders = useTestOrders(env);
const tap = useEventTap(env, 'catalog');

let lastId = randomInt(1, 1_000_000_000);

function catalogProduct(fields: Partial<CatalogProduct> = {}): CatalogProduct {
  lastId += 1;
  return {
    product_id: lastId,
    name: `Gouda ${lastId}`,
    price: 5,
    cost: 2,
    category_id: randomInt(1, 1_000_000_000),
    category_name: 'cheese',
    active: true,
    ...fields,
  };
}

/** Publishes the events one after the other (so the queue holds them in this order) and waits for all. */
async function deliverInOrder(...events: { type: string; data: object; occurredAt?: string }[]) {
  const ids = await tap.publish(...events);
  await handled(orders, ...ids);
}

async function orderOne(productId: number) {
  return orders.request('POST', '/orders/create', {
    as: orders.user(),
    body: { location: 'DE', items: [{ product_id: productId, quantity: 1 }] },
  });
}

describe('the catalog replica applies changes by catalog version', () => {
  it('a product.deleted handled before the product.upserted it follows leaves the product unorderable', async () => {
    const product = catalogProduct();
    await deliverInOrder(
      { type: 'product.deleted', data: { product_id: product.product_id, version: 2 } },
      { type: 'product.upserted', data: { ...product, version: 1, category_version: 1 } },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ active: false });
    expect((await orderOne(product.product_id)).status).toBe(422);
  });

  it('an older product.upserted arriving after a product.deleted does not bring the product back', async () => {
    const product = catalogProduct();
    await deliverInOrder(
      { type: 'product.upserted', data: { ...product, version: 1, category_version: 1 } },
      { type: 'product.deleted', data: { product_id: product.product_id, version: 3 } },
      { type: 'product.upserted', data: { ...product, price: 9, version: 2, category_version: 1 } },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({
      name: product.name,
      price: '5.00',
      active: false,
    });
    expect((await orderOne(product.product_id)).status).toBe(422);
  });

  it('two changes in the same millisecond, handled in reverse, leave the newer one', async () => {
    const product = catalogProduct();
    const sameMillisecond = new Date().toISOString();
    await deliverInOrder(
      {
        type: 'product.upserted',
        data: { ...product, price: 7, version: 3, category_version: 1 },
        occurredAt: sameMillisecond,
      },
      {
        type: 'product.upserted',
        data: { ...product, price: 6, version: 2, category_version: 1 },
        occurredAt: sameMillisecond,
      },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ price: '7.00', active: true });
  });

  it('a newer change stamped earlier by a catalog replica whose clock is behind still wins', async () => {
    const product = catalogProduct();
    await deliverInOrder(
      { type: 'product.upserted', data: { ...product, price: 6, version: 2, category_version: 1 } },
      {
        type: 'product.upserted',
        data: { ...product, price: 8, version: 3, category_version: 1 },
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
      },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ price: '8.00' });
  });

  it("a product.upserted carrying an older category name does not undo the category's rename", async () => {
    const product = catalogProduct({ category_name: 'cheese' });
    await deliverInOrder(
      { type: 'category.renamed', data: { category_id: product.category_id, name: 'fromage', version: 2 } },
      { type: 'product.upserted', data: { ...product, version: 1, category_version: 1 } },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ category_name: 'fromage' });
  });

  it('an older category.renamed arriving after a newer one is ignored', async () => {
    const product = catalogProduct({ category_name: 'cheese' });
    await deliverInOrder(
      { type: 'product.upserted', data: { ...product, version: 1, category_version: 1 } },
      { type: 'category.renamed', data: { category_id: product.category_id, name: 'queso', version: 3 } },
      { type: 'category.renamed', data: { category_id: product.category_id, name: 'fromage', version: 2 } },
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ category_name: 'queso' });
  });
});
