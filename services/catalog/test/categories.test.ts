import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

async function addCategory(name = uniqueName('Category')) {
  const response = await catalog.request('POST', '/categories/add', { as: 'admin', body: { name } });
  expect(response.status).toBe(201);
  return response.body as { id: number; name: string; product_count: number };
}

async function addProduct(category: string, name = uniqueName('Product')) {
  const body = { name, quantity: 3, price: 2.5, category, cost: 1 };
  const response = await catalog.request('POST', '/products/add', { as: 'admin', body });
  expect(response.status).toBe(201);
  return response.body as { id: number; name: string; category_id: number };
}

async function allCategories(limit: number) {
  const seen: { id: number; name: string; product_count: number }[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const response = await catalog.request('GET', `/categories?${query}`);
    expect(response.status).toBe(200);
    seen.push(...response.body.items);
    cursor = response.body.next_cursor;
  } while (cursor);
  return seen;
}

describe('adding a category', () => {
  it('an admin adds a category: 201 with no products; the same name in another case answers 409', async () => {
    const name = uniqueName('Bakery');

    const created = await catalog.request('POST', '/categories/add', {
      as: 'admin',
      body: { name: ` ${name} ` },
    });
    const again = await catalog.request('POST', '/categories/add', {
      as: 'admin',
      body: { name: name.toUpperCase() },
    });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), name, product_count: 0 });
    expect(again.status).toBe(409);
    const rows = await catalog.sql`select name from categories where lower(name) = lower(${name})`;
    expect(rows).toEqual([{ name }]);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 'ok', colour: 'red' }, 'colour'],
    [{}, 'name'],
  ])('POST /categories/add with %j answers 400 naming "%s"', async (body, field) => {
    const response = await catalog.request('POST', '/categories/add', { as: 'admin', body });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('anonymous callers get 401 and customers 403 on every category write, and nothing changes', async () => {
    const category = await addCategory();
    const writes: [string, string, unknown][] = [
      ['POST', '/categories/add', { name: uniqueName('Nope') }],
      [
        'PUT',
        '/categories/update',
        { old_category_name: category.name, new_category_name: uniqueName('Nope') },
      ],
      ['DELETE', '/categories/delete', { category_to_delete: category.name }],
    ];

    for (const [method, path, body] of writes) {
      const anonymous = await catalog.request(method, path, { body });
      const customer = await catalog.request(method, path, { as: 'customer', body });
      expect([anonymous.status, customer.status], `${method} ${path}`).toEqual([401, 403]);
    }

    const rows = await catalog.sql`select name, deleted_at from categories where id = ${category.id}`;
    expect(rows).toEqual([{ name: category.name, deleted_at: null }]);
  });
});

describe('reading categories', () => {
  it('GET /categories walks live categories by name, page by page, each with its count of active products', async () => {
    const category = await addCategory();
    const [, removed] = [
      await addProduct(category.name),
      await addProduct(category.name),
      await addProduct(category.name),
    ];
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: removed?.id } });
    const empty = await addCategory();

    const listed = await allCategories(2);

    const ids = listed.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    const names = listed.map((entry) => entry.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(listed).toContainEqual({ ...category, product_count: 2 });
    expect(listed).toContainEqual({ ...empty, product_count: 0 });
  });

  it('GET /categories/products?category= and /categories/:name/products give the category and its active products', async () => {
    const category = await addCategory(uniqueName('Dairy & Eggs'));
    const products = [await addProduct(category.name), await addProduct(category.name)];
    await addProduct(uniqueName('Elsewhere'));
    const expectedIds = products.map((product) => product.id).sort((a, b) => a - b);

    const byQuery = await catalog.request(
      'GET',
      `/categories/products?${new URLSearchParams({ category: category.name.toUpperCase(), sort: 'created_at' })}`,
    );
    const byPath = await catalog.request('GET', `/categories/${encodeURIComponent(category.name)}/products`, {
      as: 'admin',
    });

    expect(byQuery.status).toBe(200);
    expect(byQuery.body).toMatchObject({
      category: category.name,
      category_id: category.id,
      next_cursor: null,
    });
    expect(byQuery.body.items.map((product: { id: number }) => product.id)).toEqual(expectedIds);
    expect(byQuery.body.items[0].cost).toBeUndefined();
    expect(byPath.status).toBe(200);
    expect(byPath.body.items.map((product: { id: number }) => product.id).sort()).toEqual(expectedIds.sort());
    expect(byPath.body.items[0].cost).toBe(1);
  });

  it('the products of an unknown category answer 404 by either route', async () => {
    const name = uniqueName('Missing');

    const byQuery = await catalog.request('GET', `/categories/products?category=${encodeURIComponent(name)}`);
    const byPath = await catalog.request('GET', `/categories/${encodeURIComponent(name)}/products`);

    expect([byQuery.status, byPath.status]).toEqual([404, 404]);
    expect(byQuery.contentType).toBe('application/problem+json');
  });
});

describe('renaming a category', () => {
  it('answers 200, announces category.renamed, and its products show the new name', async () => {
    const category = await addCategory();
    const product = await addProduct(category.name);
    const newName = uniqueName('Renamed');

    const response = await catalog.request('PUT', '/categories/update', {
      as: 'admin',
      body: { old_category_name: category.name.toLowerCase(), new_category_name: newName },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: category.id, name: newName, product_count: 1 });
    expect((await catalog.request('GET', `/products/${product.id}`)).body.category).toBe(newName);
    const stored = await catalog.sql`
      select payload->'data' as data from outbox
      where routing_key = 'category.renamed' and (payload->'data'->>'category_id')::int = ${category.id}`;
    expect(stored).toEqual([{ data: { category_id: category.id, name: newName, version: 2 } }]);
    await tap.waitFor('category.renamed', (event) => event.data.category_id === category.id);
  });

  it('answers 404 for an unknown category and 409 for a name taken in any case; its own name in another case is fine', async () => {
    const category = await addCategory();
    const other = await addCategory();
    const rename = (from: string, to: string) =>
      catalog.request('PUT', '/categories/update', {
        as: 'admin',
        body: { old_category_name: from, new_category_name: to },
      });

    const unknown = await rename(uniqueName('Missing'), uniqueName('Whatever'));
    const taken = await rename(category.name, other.name.toUpperCase());
    const recased = await rename(category.name, category.name.toUpperCase());

    expect([unknown.status, taken.status, recased.status]).toEqual([404, 409, 200]);
    const rows = await catalog.sql`select name from categories where id = ${category.id}`;
    expect(rows).toEqual([{ name: category.name.toUpperCase() }]);
  });
});

describe('deleting a category', () => {
  it('soft-removes its products, announcing each, and the category leaves every list; its name is free again', async () => {
    const category = await addCategory();
    const products = [await addProduct(category.name), await addProduct(category.name)];
    const ids = products.map((product) => product.id);

    const response = await catalog.request('DELETE', '/categories/delete', {
      as: 'admin',
      body: { category_to_delete: category.name.toUpperCase() },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: category.id, name: category.name, removed_products: 2 });
    const rows = await catalog.sql`select id, active from products where id = any(${ids}::int[]) order by id`;
    expect(rows).toEqual(ids.sort((a, b) => a - b).map((id) => ({ id, active: false })));
    for (const id of ids) expect((await catalog.request('GET', `/products/${id}`)).status).toBe(404);
    await tap.waitFor('product.deleted', (event) => ids.includes(event.data.product_id), 2);
    expect((await allCategories(500)).map((entry) => entry.id)).not.toContain(category.id);
    const byName = await catalog.request('GET', `/categories/${encodeURIComponent(category.name)}/products`);
    expect(byName.status).toBe(404);
    const reborn = await addCategory(category.name);
    expect(reborn.id).not.toBe(category.id);
  });

  it('deleting an unknown category answers 404', async () => {
    const response = await catalog.request('DELETE', '/categories/delete', {
      as: 'admin',
      body: { category_to_delete: uniqueName('Missing') },
    });

    expect(response.status).toBe(404);
  });
});
