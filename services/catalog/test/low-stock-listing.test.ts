import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

interface ListedProduct {
  id: number;
  name: string;
  quantity: number;
}

async function addProducts(category: string, quantities: number[]): Promise<ListedProduct[]> {
  const added: ListedProduct[] = [];
  for (const quantity of quantities) {
    const body = { name: uniqueName('Stock'), price: 1, quantity, category };
    const response = await catalog.request('POST', '/products/add', { as: 'admin', body });
    expect(response.status).toBe(201);
    added.push(response.body as ListedProduct);
  }
  return added;
}

async function list(
  query: Record<string, string>,
): Promise<{ items: ListedProduct[]; next_cursor: string | null }> {
  const response = await catalog.request('GET', `/products?${new URLSearchParams(query)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The cursor with the last item's sort key replaced by `key`. */
function withSortKey(cursor: string, key: string): string {
  const content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'), (field, value) =>
    field === 'key' ? key : value,
  );
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

const idsOf = (page: { items: ListedProduct[] }) => page.items.map((product) => product.id);
const byQuantityThenId = (a: ListedProduct, b: ListedProduct) => a.quantity - b.quantity || a.id - b.id;

describe('GET /products?max_quantity=&sort=quantity', () => {
  it('lists the products with at most N units, fewest first (equal stock by id), combined with the other filters', async () => {
    const category = uniqueName('low-stock');
    const added = await addProducts(category, [7, 0, 5, 3, 5, 6, 0]);
    const atMostFive = added.filter((product) => product.quantity <= 5).sort(byQuantityThenId);

    const low = await list({ category, max_quantity: '5', sort: 'quantity' });
    const lowInStock = await list({ category, max_quantity: '5', in_stock: 'true', sort: 'quantity' });
    const none = await list({ category, max_quantity: '0' });
    const everything = await list({ category, sort: 'quantity' });

    expect(idsOf(low)).toEqual(atMostFive.map((product) => product.id));
    expect(low.next_cursor).toBeNull();
    expect(idsOf(lowInStock)).toEqual(atMostFive.filter((product) => product.quantity > 0).map((p) => p.id));
    expect(none.items.map((product) => product.quantity)).toEqual([0, 0]);
    expect(idsOf(everything)).toEqual([...added].sort(byQuantityThenId).map((product) => product.id));
  });

  it('walking every page by quantity while products are added sees each earlier product exactly once', async () => {
    const category = uniqueName('quantity-walk');
    const quantities = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 4));
    const original = await addProducts(
      category,
      Array.from({ length: 30 }, () => Math.floor(Math.random() * 4)),
    );

    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page === 0 || cursor; page++) {
      const query: Record<string, string> = { category, sort: 'quantity', limit: '4' };
      const { items, next_cursor } = await list(cursor ? { ...query, cursor } : query);
      seen.push(...items.map((product) => product.id));
      if (page < 5) await addProducts(category, quantities());
      cursor = next_cursor;
    }

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(original.map((product) => product.id)));
  });

  it.each([
    'max_quantity=-1',
    'max_quantity=1.5',
    'max_quantity=five',
    'max_quantity=',
    'max_quantity=2147483648',
  ])('GET /products?%s answers 400 naming max_quantity', async (query) => {
    const response = await catalog.request('GET', `/products?${query}`);

    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('max_quantity');
  });

  it.each(['x', '-1', '2147483648', '1.5'])(
    'a quantity cursor whose key is no int4 (%j) answers 400, not 500',
    async (key) => {
      const category = uniqueName(`bogus-quantity-${randomUUID().slice(0, 4)}`);
      await addProducts(category, [1, 2]);
      const { next_cursor } = await list({ category, sort: 'quantity', limit: '1' });

      const response = await catalog.request(
        'GET',
        `/products?${new URLSearchParams({ category, sort: 'quantity', cursor: withSortKey(next_cursor as string, key) })}`,
      );

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    },
  );
});
