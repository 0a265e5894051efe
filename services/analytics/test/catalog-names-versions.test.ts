import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { executedOrder, handled, newCategory, period, product, sell } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

const fromCatalog = (type: string, data: object) => ({ type, data, source: 'catalog' });

function upserted(line: ReturnType<typeof product>, name: string, version: number, categoryVersion = 1) {
  return fromCatalog('product.upserted', {
    product_id: line.product_id,
    name,
    price: line.unit_price,
    cost: line.unit_cost,
    category_id: line.category_id,
    category_name: line.category_name,
    active: true,
    version,
    category_version: categoryVersion,
  });
}

/** Publishes the events in this order (the queue keeps it) and waits until analytics handled them all. */
async function deliverInOrder(...events: ReturnType<typeof fromCatalog>[]) {
  await handled(analytics, await bus.publish(...events));
}

async function names(productId: number, categoryId: number) {
  const [row] = await analytics.sql<
    { product: string | null; active: boolean | null; category: string | null }[]
  >`
    select p.catalog_name as product, p.active, c.catalog_name as category
    from products p left join categories c on c.category_id = ${categoryId}
    where p.product_id = ${productId}`;
  return row;
}

describe('the names replica applies changes by catalog version', () => {
  it('an older product.upserted arriving after a newer one does not bring back the old name', async () => {
    const category = newCategory('Garden');
    const hose = product('Hose', 20, 9, category);
    const day = period('2036-03-10', '2036-03-10');
    await sell(bus, analytics, executedOrder('2036-03-10T10:00:00Z', [{ ...hose, quantity: 1 }]));

    await deliverInOrder(upserted(hose, 'Garden hose 30 m', 3), upserted(hose, 'Garden hose', 2));

    const sales = await analytics.get(`/statistics/product-sales${day}`);
    expect(sales.items.map((item: { product_name: string }) => item.product_name)).toEqual([
      'Garden hose 30 m',
    ]);
    expect(await names(hose.product_id, category.category_id)).toMatchObject({ product: 'Garden hose 30 m' });
  });

  it('an older category.renamed arriving after a newer one is ignored, as is an older name in a product event', async () => {
    const category = newCategory('Tools');
    const saw = product('Saw', 15, 6, category);
    await deliverInOrder(
      upserted(saw, 'Saw', 1, 1),
      fromCatalog('category.renamed', { category_id: category.category_id, name: 'Hand tools', version: 3 }),
      fromCatalog('category.renamed', { category_id: category.category_id, name: 'Workshop', version: 2 }),
      upserted(saw, 'Saw', 2, 1),
    );

    expect(await names(saw.product_id, category.category_id)).toMatchObject({ category: 'Hand tools' });
  });

  it('a product.deleted handled before an older product.upserted keeps the product removed', async () => {
    const category = newCategory('Paint');
    const brush = product('Brush', 3, 1, category);
    await deliverInOrder(
      fromCatalog('product.deleted', { product_id: brush.product_id, version: 2 }),
      upserted(brush, 'Brush', 1),
    );

    expect(await names(brush.product_id, category.category_id)).toMatchObject({ active: false });
  });
});
