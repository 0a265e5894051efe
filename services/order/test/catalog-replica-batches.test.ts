// products.upserted (an import's chunks, a resync) fills the catalog replica many products a message,
// by the same version rule as product.upserted, deduplicated per message like any other.
import { randomInt, randomUUID } from 'node:crypto';
import { type RawEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { type CatalogProduct, handled, replicaRow } from './fixtures/catalog-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();

const orders = useTestOrders(env);
const tap = useEventTap(env, 'catalog');

let lastId = randomInt(1, 1_000_000_000);

type VersionedProduct = CatalogProduct & { version: number; category_version: number };

function catalogProducts(count: number, fields: Partial<VersionedProduct> = {}): VersionedProduct[] {
  const categoryId = randomInt(1, 1_000_000_000);
  return Array.from({ length: count }, () => {
    lastId += 1;
    return {
      product_id: lastId,
      name: `Brie ${lastId}`,
      price: 5,
      cost: 2,
      category_id: categoryId,
      category_name: 'cheese',
      active: true,
      version: 1,
      category_version: 1,
      ...fields,
    };
  });
}

const batch = (products: VersionedProduct[], id?: string): RawEvent => ({
  type: 'products.upserted',
  data: { products },
  ...(id ? { id } : {}),
});
const single = (product: VersionedProduct): RawEvent => ({ type: 'product.upserted', data: product });

/** Publishes the events one after the other (the queue keeps them in this order) and waits for all. */
async function deliverInOrder(...events: RawEvent[]): Promise<string[]> {
  const ids = await tap.publish(...events);
  await handled(orders, ...ids);
  return ids;
}

async function orderOne(productId: number) {
  return orders.request('POST', '/orders/create', {
    as: orders.user(),
    body: { location: 'DE', items: [{ product_id: productId, quantity: 1 }] },
  });
}

describe('products.upserted fills the catalog replica', () => {
  it('five batches of 1,000 products make every one of them orderable at its price', async () => {
    const products = catalogProducts(5_000, { price: 7.25 });
    const batches = Array.from({ length: 5 }, (_, n) => batch(products.slice(n * 1_000, (n + 1) * 1_000)));

    await deliverInOrder(...batches);

    const [held] = await orders.sql<{ count: number }[]>`
      select count(*)::int as count from catalog_products
      where id = any(${products.map((product) => product.product_id)}::int[]) and active and price = 7.25`;
    expect(held?.count).toBe(5_000);
    const last = products.at(-1) as VersionedProduct;
    expect(await replicaRow(orders, last.product_id)).toMatchObject({
      name: last.name,
      price: '7.25',
      active: true,
      category_name: 'cheese',
    });
    expect((await orderOne(last.product_id)).status).toBe(201);
  });

  it('a batch delivered again under its id is skipped: a copy with other contents changes nothing', async () => {
    const [product] = catalogProducts(1, { price: 3 }) as [VersionedProduct];
    const id = randomUUID();
    await deliverInOrder(batch([product], id));

    await deliverInOrder(batch([{ ...product, price: 9, version: 2 }], id));

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ price: '3.00' });
    const [inbox] = await orders.sql<{ count: number }[]>`
      select count(*)::int as count from inbox where message_id = ${id}`;
    expect(inbox?.count).toBe(1);
  });

  it.each([
    [
      'a batch, then an older single event',
      (p: VersionedProduct) => [batch([v(p, 3, 8)]), single(v(p, 2, 6))],
    ],
    [
      'a single event, then an older batch',
      (p: VersionedProduct) => [single(v(p, 3, 8)), batch([v(p, 2, 6)])],
    ],
    [
      'an older batch, then a newer single event',
      (p: VersionedProduct) => [batch([v(p, 2, 6)]), single(v(p, 3, 8))],
    ],
    [
      'an older single event, then a newer batch',
      (p: VersionedProduct) => [single(v(p, 2, 6)), batch([v(p, 3, 8)])],
    ],
    ['a batch holding both versions, older last', (p: VersionedProduct) => [batch([v(p, 3, 8), v(p, 2, 6)])]],
  ])('%s: the newest version wins', async (_, events) => {
    const [product] = catalogProducts(1) as [VersionedProduct];

    await deliverInOrder(...events(product));

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ price: '8.00', active: true });
  });

  it('a batch does not bring back a product a newer product.deleted removed', async () => {
    const [product] = catalogProducts(1) as [VersionedProduct];

    await deliverInOrder(
      { type: 'product.deleted', data: { product_id: product.product_id, version: 4 } },
      batch([v(product, 3, 8)]),
    );

    expect(await replicaRow(orders, product.product_id)).toMatchObject({ active: false });
    expect((await orderOne(product.product_id)).status).toBe(422);
  });

  it.each([
    ['no products', { products: [] }],
    ['1,001 products', { products: catalogProducts(1_001) }],
    ['a product with a negative price', { products: [{ ...catalogProducts(1)[0], price: -1 }] }],
    ['a product with an unknown field', { products: [{ ...catalogProducts(1)[0], stock: 4 }] }],
  ])('a batch with %s is dead-lettered and writes nothing', async (_, data) => {
    const [id] = await tap.publish({ type: 'products.upserted', data });

    await waitFor(() => orders.sql`select 1 from dead_letters where message_id = ${id as string}`, {
      until: (rows) => rows.length === 1,
      what: `dead letter ${id}`,
    });
    const ids = (data.products as { product_id: number }[]).map((product) => product.product_id);
    const [held] = await orders.sql<{ count: number }[]>`
      select count(*)::int as count from catalog_products where id = any(${ids}::int[])`;
    expect(held?.count).toBe(0);
  });
});

/** The product at this version and price. */
function v(product: VersionedProduct, version: number, price: number): VersionedProduct {
  return { ...product, version, price };
}
