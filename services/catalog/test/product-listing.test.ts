import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

interface ListedProduct {
  id: number;
  name: string;
  price: number;
  quantity: number;
  created_at: string;
}

interface ProductSpec {
  name?: string;
  price?: number;
  quantity?: number;
}

async function addProducts(category: string, specs: ProductSpec[]): Promise<ListedProduct[]> {
  const added: ListedProduct[] = [];
  for (let start = 0; start < specs.length; start += 10) {
    const batch = specs.slice(start, start + 10).map(async (spec) => {
      const body = { name: uniqueName('Item'), price: 1, quantity: 1, category, ...spec };
      const response = await catalog.request('POST', '/products/add', { as: 'admin', body });
      expect(response.status).toBe(201);
      return response.body as ListedProduct;
    });
    added.push(...(await Promise.all(batch)));
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

/** The cursor with the last item's sort key (its JSON's `key`) replaced by `key`. */
function withSortKey(cursor: string, key: string): string {
  const content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'), (field, value) =>
    field === 'key' ? key : value,
  );
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

async function namesOf(query: Record<string, string>): Promise<string[]> {
  return (await list(query)).items.map((product) => product.name);
}

describe('filters', () => {
  it('name matches exactly in any case; q matches part of a name in any case, taking % and _ literally', async () => {
    const category = uniqueName('fruit');
    const tag = randomUUID().slice(0, 6);
    const names = ['Apple Pie', 'Pineapple', 'Apple', '100% Juice', '100 Juice', 'a_b', 'axb'].map(
      (name) => `${tag} ${name}`,
    );
    await addProducts(
      category,
      names.map((name) => ({ name })),
    );

    expect(await namesOf({ category, name: `${tag} APPLE` })).toEqual([`${tag} Apple`]);
    expect(await namesOf({ category, q: 'APPLE' })).toEqual([
      `${tag} Apple`,
      `${tag} Apple Pie`,
      `${tag} Pineapple`,
    ]);
    expect(await namesOf({ category, q: '%' })).toEqual([`${tag} 100% Juice`]);
    expect(await namesOf({ category, q: '_' })).toEqual([`${tag} a_b`]);
    expect(await namesOf({ name: `${tag} apple`, category: category.toUpperCase() })).toEqual([
      `${tag} Apple`,
    ]);
  });

  it('category, price range and in_stock combine; only active products are listed', async () => {
    const category = uniqueName('mixed');
    const [cheap, , , soldOut, removed] = await addProducts(category, [
      { name: uniqueName('cheap'), price: 1, quantity: 5 },
      { name: uniqueName('middle'), price: 5, quantity: 5 },
      { name: uniqueName('dear'), price: 9.99, quantity: 5 },
      { name: uniqueName('sold out'), price: 5, quantity: 0 },
      { name: uniqueName('removed'), price: 5, quantity: 5 },
    ]);
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: removed?.id } });
    const pricesOf = async (query: Record<string, string>) =>
      (await list({ category, sort: 'price', ...query })).items.map((product) => product.price);

    expect(await pricesOf({})).toEqual([1, 5, 5, 9.99]);
    expect(await pricesOf({ min_price: '5', max_price: '9.98' })).toEqual([5, 5]);
    expect(await pricesOf({ min_price: '1.00', max_price: '1' })).toEqual([1]);
    expect(await pricesOf({ in_stock: 'true' })).toEqual([1, 5, 9.99]);
    expect((await list({ category, in_stock: 'false' })).items.map((product) => product.id)).toEqual([
      soldOut?.id,
    ]);
    expect((await list({ category: uniqueName('nothing') })).items).toEqual([]);
    expect(cheap?.price).toBe(1);
  });
});

describe('sorting and paging', () => {
  it('each sort orders the list, equal keys by id: name (default, case-insensitive), price, -price, created_at', async () => {
    const category = uniqueName('sorted');
    const tag = randomUUID().slice(0, 6);
    const added: ListedProduct[] = [];
    for (const [name, price] of [
      ['banana', 3],
      ['Apple', 3],
      ['cherry', 1.5],
      ['apricot', 7.25],
    ] as const) {
      added.push(...(await addProducts(category, [{ name: `${tag} ${name}`, price }])));
    }
    const idOf = (name: string) => added.find((product) => product.name === `${tag} ${name}`)?.id;
    const [apple, apricot, banana, cherry] = ['Apple', 'apricot', 'banana', 'cherry'].map(idOf) as number[];
    const ids = async (sort?: string) =>
      (await list(sort ? { category, sort } : { category })).items.map((product) => product.id);
    const [lowTie, highTie] = [apple, banana].sort((a, b) => (a as number) - (b as number));

    expect(await ids()).toEqual([apple, apricot, banana, cherry]);
    expect(await ids('name')).toEqual([apple, apricot, banana, cherry]);
    expect(await ids('price')).toEqual([cherry, lowTie, highTie, apricot]);
    expect(await ids('-price')).toEqual([apricot, highTie, lowTie, cherry]);
    expect(await ids('created_at')).toEqual(added.map((product) => product.id));
  });

  it('limit defaults to 50; pages link with next_cursor until the last, whose next_cursor is null', async () => {
    const category = uniqueName('paged');
    await addProducts(
      category,
      Array.from({ length: 53 }, () => ({})),
    );

    const first = await list({ category });
    const second = await list({ category, cursor: first.next_cursor as string });
    const small = await list({ category, limit: '53' });

    expect(first.items).toHaveLength(50);
    expect(first.next_cursor).toEqual(expect.any(String));
    expect(second.items).toHaveLength(3);
    expect(second.next_cursor).toBeNull();
    expect(small.next_cursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((product) => product.id)).size).toBe(53);
  });

  it.each(['name', 'price', '-price', 'created_at'])(
    'walking every page sorted by %s while products are being added sees each earlier product exactly once',
    async (sort) => {
      const category = uniqueName('walk');
      const prices = [0.5, 1, 2.25, 3, 9.99];
      const randomProduct = () => ({
        name: `${randomUUID().slice(0, 4)} ${uniqueName('walk')}`,
        price: prices[Math.floor(Math.random() * prices.length)],
      });
      const original = await addProducts(category, Array.from({ length: 120 }, randomProduct));
      // Bounded, so that a walk in created_at order (where every new product lands ahead) ends.
      const inserter = (async function insertWhileWalking() {
        for (let inserted = 0; inserted < 20; inserted++) await addProducts(category, [randomProduct()]);
      })();

      const seen: ListedProduct[] = [];
      let cursor: string | null = null;
      for (let page = 0; page === 0 || cursor; page++) {
        const { items, next_cursor } = await list({
          category,
          sort,
          limit: '7',
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...items);
        // Products landing before and after the walk's position must not shift what follows.
        if (page < 10) await addProducts(category, [randomProduct(), randomProduct()]);
        cursor = next_cursor;
      }
      await inserter;

      const seenIds = seen.map((product) => product.id);
      expect(new Set(seenIds).size).toBe(seenIds.length);
      expect(seenIds).toEqual(expect.arrayContaining(original.map((product) => product.id)));
    },
  );

  it('a cursor handed out for one sort is refused by another sort and by the category list', async () => {
    const category = uniqueName('foreign-cursor');
    await addProducts(category, [{}, {}]);
    const { next_cursor } = await list({ category, sort: 'name', limit: '1' });
    const cursor = next_cursor as string;

    const byPrice = await catalog.request(
      'GET',
      `/products?${new URLSearchParams({ sort: 'price', cursor })}`,
    );
    const categories = await catalog.request('GET', `/categories?${new URLSearchParams({ cursor })}`);

    for (const response of [byPrice, categories]) {
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    }
  });

  it.each([
    ['created_at', '2026-13-01T00:00:00.000000Z'],
    ['created_at', '2026-01-32T00:00:00.000000Z'],
    ['created_at', '2026-02-30T00:00:00.000000Z'],
    ['created_at', '0000-01-01T00:00:00.000000Z'],
    ['name', 'nul \u0000 inside'],
  ])(
    'a %s cursor whose key looks right but is no real value (%j) answers 400, not 500',
    async (sort, key) => {
      const category = uniqueName('bogus-key');
      await addProducts(category, [{}, {}]);
      const { next_cursor } = await list({ category, sort, limit: '1' });

      const response = await catalog.request(
        'GET',
        `/products?${new URLSearchParams({ category, sort, cursor: withSortKey(next_cursor as string, key) })}`,
      );

      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    },
  );

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['sort=popularity', 'sort'],
    ['min_price=-1', 'min_price'],
    ['min_price=1.234', 'min_price'],
    ['min_price=5&max_price=4', 'min_price'],
    ['in_stock=yes', 'in_stock'],
    ['in_stock=TRUE', 'in_stock'],
    ['name=', 'name'],
    ['colour=red', 'colour'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('{"b":"x","p":{"key":"a","id":1}}').toString('base64url')}`, 'cursor'],
  ])('GET /products?%s answers 400 naming %s', async (query, field) => {
    const response = await catalog.request('GET', `/products?${query}`);

    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });
});
