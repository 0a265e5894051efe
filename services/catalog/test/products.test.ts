import { randomUUID } from 'node:crypto';
import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { addProduct, countOf, outboxOf, productRow } from './fixtures/product-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

describe('adding a product', () => {
  it('an admin adds a product: 201 with its cost, the row is stored and product.upserted reaches the broker', async () => {
    const requestId = `req-${randomUUID()}`;
    const name = uniqueName('Gouda');

    const response = await catalog.request('POST', '/products/add', {
      as: 'admin',
      headers: { 'x-request-id': requestId },
      body: { name: `  ${name} `, quantity: 7, price: 12.3, category: 'dairy', cost: 8.05 },
    });

    expect(response.status).toBe(201);
    const product = response.body;
    expect(product).toEqual({
      id: expect.any(Number),
      name,
      category: 'dairy',
      category_id: expect.any(Number),
      price: 12.3,
      cost: 8.05,
      quantity: 7,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await productRow(catalog, product.id)).toMatchObject({
      name,
      price: '12.30',
      cost: '8.05',
      quantity: 7,
      active: true,
    });
    const expectedData = {
      product_id: product.id,
      name,
      price: 12.3,
      cost: 8.05,
      category_id: product.category_id,
      category_name: 'dairy',
      active: true,
    };
    const [stored] = await outboxOf(catalog, 'product.upserted', product.id);
    expect(stored).toMatchObject({ source: 'catalog', correlation_id: requestId, data: expectedData });
    const [published] = await tap.waitFor(
      'product.upserted',
      (event) => event.data.product_id === product.id,
    );
    expect(published).toMatchObject({ id: stored?.id, data: expectedData });
  });

  it('an unknown category is created; another case of its name later joins the same category; cost defaults to 0', async () => {
    const category = uniqueName('Snacks');

    const first = await addProduct(catalog, { category, cost: undefined });
    const second = await addProduct(catalog, { category: category.toUpperCase() });

    expect(first.cost).toBe(0);
    expect(second).toMatchObject({ category, category_id: first.category_id });
    const sameName = catalog.sql<{ count: number }[]>`
      select count(*)::int as count from categories where lower(name) = lower(${category})`;
    expect(await countOf(sameName)).toBe(1);
  });

  it('a name already used by an active product, in any case, answers 409 and stores nothing', async () => {
    const existing = await addProduct(catalog);

    const response = await catalog.request('POST', '/products/add', {
      as: 'admin',
      body: { name: existing.name.toUpperCase(), quantity: 1, price: 1, category: 'dairy' },
    });

    expect(response.status).toBe(409);
    expect(response.contentType).toBe('application/problem+json');
    const sameName = catalog.sql<{ count: number }[]>`
      select count(*)::int as count from products where lower(name) = lower(${existing.name})`;
    expect(await countOf(sameName)).toBe(1);
  });

  it('admins adding the same new name at once get exactly one 201, the others 409', async () => {
    const name = uniqueName('Race');
    const body = { name, quantity: 1, price: 1, category: uniqueName('race') };

    const responses = await Promise.all(
      Array.from({ length: 6 }, () => catalog.request('POST', '/products/add', { as: 'admin', body })),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const sameName = catalog.sql<{ count: number }[]>`
      select count(*)::int as count from products where name = ${name}`;
    expect(await countOf(sameName)).toBe(1);
  });
});

describe('updating a product', () => {
  it('updating the quantity to 0 stores 0, keeps the other fields and announces the product', async () => {
    const product = await addProduct(catalog, { quantity: 5 });

    const response = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: product.id, quantity: 0 },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: product.id,
      name: product.name,
      price: 4.99,
      cost: 2.5,
      quantity: 0,
    });
    expect(await productRow(catalog, product.id)).toMatchObject({ quantity: 0 });
    expect(await outboxOf(catalog, 'product.upserted', product.id)).toHaveLength(2);
    await tap.waitFor('product.upserted', (event) => event.data.product_id === product.id, 2);
  });

  it('an update to a new category creates it and moves the product; other fields change as given', async () => {
    const product = await addProduct(catalog);
    const category = uniqueName('Cheeses');

    const response = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: product.id, category, price: 5.5, cost: 0 },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ category, price: 5.5, cost: 0, quantity: 10 });
    expect(response.body.category_id).not.toBe(product.category_id);
    const [event] = (await outboxOf(catalog, 'product.upserted', product.id)).slice(-1);
    expect(event?.data).toMatchObject({
      category_id: response.body.category_id,
      category_name: category,
      price: 5.5,
    });
  });

  it('updating an unknown or removed product answers 404', async () => {
    const product = await addProduct(catalog);
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: product.id } });

    const removed = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: product.id, price: 2 },
    });
    const unknown = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: 2147483000, price: 2 },
    });

    expect([removed.status, unknown.status]).toEqual([404, 404]);
    expect(await productRow(catalog, product.id)).toMatchObject({ price: '4.99' });
  });

  it("renaming onto another active product's name answers 409; changing the case of its own name is allowed", async () => {
    const taken = await addProduct(catalog);
    const product = await addProduct(catalog);

    const clash = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: product.id, name: taken.name.toLowerCase() },
    });
    const recased = await catalog.request('PUT', '/products/update', {
      as: 'admin',
      body: { id: product.id, name: product.name.toUpperCase() },
    });

    expect(clash.status).toBe(409);
    expect(recased.status).toBe(200);
    expect(await productRow(catalog, product.id)).toMatchObject({ name: product.name.toUpperCase() });
  });
});

describe('changing stock', () => {
  it('a delta that would take stock below zero answers 409 and changes nothing', async () => {
    const product = await addProduct(catalog, { quantity: 3 });

    const response = await catalog.request('POST', '/products/stock', {
      as: 'admin',
      body: { id: product.id, delta: -4 },
    });

    expect(response.status).toBe(409);
    expect(response.body.detail).toContain('3 in stock');
    expect(await productRow(catalog, product.id)).toMatchObject({ quantity: 3 });
    expect(await outboxOf(catalog, 'product.upserted', product.id)).toHaveLength(1);
  });

  it('positive and negative deltas answer 200 with the new quantity and announce the product', async () => {
    const product = await addProduct(catalog, { quantity: 3 });

    const added = await catalog.request('POST', '/products/stock', {
      as: 'admin',
      body: { id: product.id, delta: 7 },
    });
    const taken = await catalog.request('POST', '/products/stock', {
      as: 'admin',
      body: { id: product.id, delta: -10 },
    });

    expect([added.status, added.body.quantity]).toEqual([200, 10]);
    expect([taken.status, taken.body.quantity]).toEqual([200, 0]);
    expect(await productRow(catalog, product.id)).toMatchObject({ quantity: 0 });
    expect(await outboxOf(catalog, 'product.upserted', product.id)).toHaveLength(3);
  });

  it('a stock change of an unknown product answers 404', async () => {
    const response = await catalog.request('POST', '/products/stock', {
      as: 'admin',
      body: { id: 2147483000, delta: 1 },
    });

    expect(response.status).toBe(404);
  });
});

describe('removing a product', () => {
  it('soft-deletes it: 404 afterwards, the row stays, product.deleted reaches the broker, and the name is free again', async () => {
    const product = await addProduct(catalog);

    const response = await catalog.request('DELETE', '/products/remove', {
      as: 'admin',
      body: { id: product.id },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: product.id, name: product.name });
    expect((await catalog.request('GET', `/products/${product.id}`)).status).toBe(404);
    expect(await productRow(catalog, product.id)).toMatchObject({
      name: product.name,
      active: false,
      deleted_at: expect.any(Date),
    });
    expect(await outboxOf(catalog, 'product.deleted', product.id)).toHaveLength(1);
    await tap.waitFor('product.deleted', (event) => event.data.product_id === product.id);
    const again = await addProduct(catalog, { name: product.name });
    expect(again.id).not.toBe(product.id);
  });

  it('removing an already removed product answers 404 and emits nothing more', async () => {
    const product = await addProduct(catalog);
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: product.id } });

    const second = await catalog.request('DELETE', '/products/remove', {
      as: 'admin',
      body: { id: product.id },
    });

    expect(second.status).toBe(404);
    expect(await outboxOf(catalog, 'product.deleted', product.id)).toHaveLength(1);
  });
});
