// products.upserted (an import's chunks, a resync) fills analytics' product names many a message, by
// the same version rule as product.upserted, deduplicated per message like any other.
import { randomUUID } from 'node:crypto';
import { type RawEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { handled, uniqueId } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

interface AnnouncedProduct {
  product_id: number;
  name: string;
  price: number;
  cost: number;
  category_id: number;
  category_name: string;
  active: boolean;
  version: number;
  category_version: number;
}

function catalogProducts(count: number): AnnouncedProduct[] {
  const categoryId = uniqueId();
  return Array.from({ length: count }, () => {
    const id = uniqueId();
    return {
      product_id: id,
      name: `Rake ${id}`,
      price: 12,
      cost: 5,
      category_id: categoryId,
      category_name: 'Garden',
      active: true,
      version: 1,
      category_version: 1,
    };
  });
}

const batch = (products: AnnouncedProduct[], id?: string): RawEvent => ({
  type: 'products.upserted',
  data: { products },
  source: 'catalog',
  ...(id ? { id } : {}),
});
const single = (product: AnnouncedProduct): RawEvent => ({
  type: 'product.upserted',
  data: product,
  source: 'catalog',
});
const named = (product: AnnouncedProduct, name: string, version: number) => ({ ...product, name, version });

async function deliverInOrder(...events: RawEvent[]): Promise<void> {
  await handled(analytics, await bus.publish(...events));
}

async function catalogNames(ids: number[]): Promise<Map<number, string | null>> {
  const rows = await analytics.sql<{ product_id: number; catalog_name: string | null }[]>`
    select product_id, catalog_name from products where product_id = any(${ids}::int[])`;
  return new Map(rows.map((row) => [row.product_id, row.catalog_name]));
}

describe('products.upserted fills the names replica', () => {
  it('three batches of 1,000 name every product and its category', async () => {
    const products = catalogProducts(3_000);

    await deliverInOrder(...[0, 1, 2].map((n) => batch(products.slice(n * 1_000, (n + 1) * 1_000))));

    const names = await catalogNames(products.map((product) => product.product_id));
    expect(names.size).toBe(3_000);
    const first = products[0] as AnnouncedProduct;
    expect(names.get(first.product_id)).toBe(first.name);
    const [category] = await analytics.sql<{ catalog_name: string }[]>`
      select catalog_name from categories where category_id = ${first.category_id}`;
    expect(category?.catalog_name).toBe('Garden');
  });

  it('a batch delivered again under its id is skipped: a copy with other contents changes nothing', async () => {
    const [product] = catalogProducts(1) as [AnnouncedProduct];
    const id = randomUUID();
    await deliverInOrder(batch([product], id));

    await deliverInOrder(batch([named(product, 'Renamed rake', 2)], id));

    expect((await catalogNames([product.product_id])).get(product.product_id)).toBe(product.name);
  });

  it('a batch and a single event of one product converge to the newest version in either order', async () => {
    const [first, second] = catalogProducts(2) as [AnnouncedProduct, AnnouncedProduct];

    await deliverInOrder(batch([named(first, 'Rake v3', 3)]), single(named(first, 'Rake v2', 2)));
    await deliverInOrder(single(named(second, 'Rake v3', 3)), batch([named(second, 'Rake v2', 2)]));

    const names = await catalogNames([first.product_id, second.product_id]);
    expect(names.get(first.product_id)).toBe('Rake v3');
    expect(names.get(second.product_id)).toBe('Rake v3');
  });

  it('a batch with an invalid product is dead-lettered and names nothing', async () => {
    const [product] = catalogProducts(1) as [AnnouncedProduct];
    const [id] = await bus.publish({
      type: 'products.upserted',
      data: { products: [{ ...product, name: '' }] },
      source: 'catalog',
    });

    await waitFor(() => analytics.sql`select 1 from dead_letters where message_id = ${id as string}`, {
      until: (rows) => rows.length === 1,
      what: `dead letter ${id}`,
    });
    expect((await catalogNames([product.product_id])).size).toBe(0);
  });
});
