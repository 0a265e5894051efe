import { type TappedEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { countOf } from './fixtures/product-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

/** The products that products.upserted messages carry, in the order they came. */
function productsOf(messages: TappedEvent[]): TappedEvent['data'][] {
  return messages.flatMap((message) => message.data.products);
}

describe('catalog.resync-requested', () => {
  it('republishes every active product in products.upserted of at most 100, and none of the removed ones', async () => {
    const category = uniqueName('Resync');
    const add = (name: string) =>
      catalog.request('POST', '/products/add', {
        as: 'admin',
        body: { name, quantity: 2, price: 3.1, category, cost: 1.05 },
      });
    const kept = (await add(uniqueName('kept'))).body;
    const removed = (await add(uniqueName('removed'))).body;
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: removed.id } });
    // Enough rows for several outbox batches; seeded directly, as their own events do not matter here.
    await catalog.sql`
      insert into products (name, category_id, price, cost, quantity)
      select 'bulk ' || n, ${kept.category_id}, 1, 0, n from generate_series(1, 1200) as n`;
    const active = await countOf(
      catalog.sql<{ count: number }[]>`select count(*)::int as count from products where active`,
    );

    const [requestId] = await tap.publish({
      type: 'catalog.resync-requested',
      data: { requested_by: 'order' },
    });

    const answer = (event: TappedEvent) => event.causation_id === requestId;
    const republished = await waitFor(() => tap.seen('products.upserted', answer), {
      until: (messages) => productsOf(messages).length >= active,
      what: `${active} products republished`,
    });
    const products = productsOf(republished);
    const ids = products.map((product) => product.product_id);
    expect(new Set(ids).size).toBe(active);
    expect(ids).toHaveLength(active);
    expect(ids).not.toContain(removed.id);
    expect(Math.max(...republished.map((message) => message.data.products.length))).toBeLessThanOrEqual(100);
    expect(tap.seen('product.upserted', answer)).toEqual([]);
    expect(products.find((product) => product.product_id === kept.id)).toEqual({
      product_id: kept.id,
      name: kept.name,
      price: 3.1,
      cost: 1.05,
      category_id: kept.category_id,
      category_name: category,
      active: true,
      version: 1,
      category_version: 1,
    });
    const stored = await countOf(catalog.sql<{ count: number }[]>`
      select count(*)::int as count from outbox where payload->>'causation_id' = ${requestId as string}`);
    expect(stored).toBe(republished.length);
  });
});
