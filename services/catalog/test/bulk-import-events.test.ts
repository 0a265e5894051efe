// An import announces its products in products.upserted, a few messages per committed chunk instead of
// one product.upserted per row, so the replicas absorb a big file in few messages and transactions.
import { type TappedEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv } from './fixtures/import-fixtures.js';
import { countOf } from './fixtures/product-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

/** The outbox rows of products.upserted carrying products named with this prefix. */
async function batchesNaming(prefix: string) {
  return catalog.sql<{ routing_key: string; bulk: boolean; payload: TappedEvent }[]>`
    select routing_key, bulk, payload from outbox o
    where o.routing_key = 'products.upserted'
      and o.payload->'data'->'products'->0->>'name' like ${`${prefix}%`}
    order by o.id`;
}

describe('the events of a bulk import', () => {
  it('2,150 rows (chunks of 1,000, 1,000 and 150) are announced in 22 products.upserted of at most 100 products, each product once with its version', async () => {
    const prefix = uniqueName('Batch');
    const category = uniqueName('Bulk');
    const rows = Array.from(
      { length: 2_150 },
      (_, n) => `${prefix} ${n},${n % 7},${category},${(1 + n / 100).toFixed(2)},0.5`,
    );

    const response = await importCsv(catalog, `name,quantity,category,price,cost\n${rows.join('\n')}\n`);

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ inserted: 2_150, rejected: 0 });
    const batches = await batchesNaming(prefix);
    expect(batches.map((batch) => batch.payload.data.products.length)).toEqual([
      ...Array(20).fill(100),
      100,
      50,
    ]);
    expect(batches.every((batch) => batch.bulk)).toBe(true);
    const announced = batches.flatMap((batch) => batch.payload.data.products);
    expect(new Set(announced.map((product) => product.name)).size).toBe(2_150);
    expect(announced[0]).toEqual({
      product_id: expect.any(Number),
      name: expect.stringMatching(new RegExp(`^${prefix} `)),
      price: expect.any(Number),
      cost: 0.5,
      category_id: expect.any(Number),
      category_name: category,
      active: true,
      version: 1,
    });
    const singles = catalog.sql<{ count: number }[]>`
      select count(*)::int as count from outbox
      where routing_key = 'product.upserted' and payload->'data'->>'name' like ${`${prefix}%`}`;
    expect(await countOf(singles)).toBe(0);
    const ids = new Set(batches.map((batch) => batch.payload.id));
    const published = await waitFor(() => tap.seen('products.upserted', (event) => ids.has(event.id)), {
      until: (seen) => seen.length === ids.size,
      what: 'every batch on the broker',
    });
    expect(published).toHaveLength(22);
  });
});
