import { type TappedEvent, useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

async function addProduct(category = uniqueName('Versioned')) {
  const response = await catalog.request('POST', '/products/add', {
    as: 'admin',
    body: { name: uniqueName('Edam'), quantity: 5, price: 4, category, cost: 1 },
  });
  expect(response.status).toBe(201);
  return response.body as { id: number; category_id: number };
}

async function storedVersions(productId: number) {
  const [row] = await catalog.sql<{ version: string; category_version: string }[]>`
    select p.version, c.version as category_version
    from products p join categories c on c.id = p.category_id where p.id = ${productId}`;
  return row;
}

const aboutProduct = (productId: number) => (event: TappedEvent) => event.data.product_id === productId;

describe('catalog row versions', () => {
  it('each change of a product bumps its version in the database, and its event carries it', async () => {
    const product = await addProduct();
    await catalog.request('PUT', '/products/update', { as: 'admin', body: { id: product.id, price: 5 } });
    await catalog.request('POST', '/products/stock', { as: 'admin', body: { id: product.id, delta: 2 } });
    await catalog.request('DELETE', '/products/remove', { as: 'admin', body: { id: product.id } });

    const upserted = await tap.waitFor('product.upserted', aboutProduct(product.id), 3);
    expect(upserted.map((event) => event.data.version)).toEqual([1, 2, 3]);
    expect(upserted.map((event) => event.data.category_version)).toEqual([1, 1, 1]);
    const [deleted] = await tap.waitFor('product.deleted', aboutProduct(product.id));
    expect(deleted?.data).toEqual({ product_id: product.id, version: 4 });
    expect(await storedVersions(product.id)).toMatchObject({ version: '4' });
  });

  it('a rename bumps the category version; category.renamed and later product events carry it', async () => {
    const category = uniqueName('Renamed');
    const product = await addProduct(category);
    const renamedTo = uniqueName('Fromage');
    await catalog.request('PUT', '/categories/update', {
      as: 'admin',
      body: { old_category_name: category, new_category_name: renamedTo },
    });
    await catalog.request('PUT', '/products/update', { as: 'admin', body: { id: product.id, price: 6 } });

    const [renamed] = await tap.waitFor(
      'category.renamed',
      (event) => event.data.category_id === product.category_id,
    );
    expect(renamed?.data).toEqual({ category_id: product.category_id, name: renamedTo, version: 2 });
    const upserted = await tap.waitFor('product.upserted', aboutProduct(product.id), 2);
    expect(upserted.at(-1)?.data).toMatchObject({
      category_name: renamedTo,
      version: 2,
      category_version: 2,
    });
  });

  it("deleting a category announces each product's removal with the version the removal got", async () => {
    const category = uniqueName('Doomed');
    const first = await addProduct(category);
    const second = await addProduct(category);
    await catalog.request('PUT', '/products/update', { as: 'admin', body: { id: second.id, price: 7 } });

    await catalog.request('DELETE', '/categories/delete', {
      as: 'admin',
      body: { category_to_delete: category },
    });

    const deleted = await tap.waitFor(
      'product.deleted',
      (e) => [first.id, second.id].includes(e.data.product_id),
      2,
    );
    expect(deleted.map((event) => event.data).sort((a, b) => a.product_id - b.product_id)).toEqual([
      { product_id: first.id, version: 2 },
      { product_id: second.id, version: 3 },
    ]);
  });

  it('a resync answers with the current versions', async () => {
    const product = await addProduct();
    await catalog.request('PUT', '/products/update', { as: 'admin', body: { id: product.id, price: 8 } });

    const [requestId] = await tap.publish({
      type: 'catalog.resync-requested',
      data: { requested_by: 'order' },
    });

    const carriesProduct = (event: TappedEvent) =>
      event.causation_id === requestId &&
      event.data.products.some((state: { product_id: number }) => state.product_id === product.id);
    const [reply] = await tap.waitFor('products.upserted', carriesProduct);
    const state = reply?.data.products.find(
      (entry: { product_id: number }) => entry.product_id === product.id,
    );
    expect(state).toMatchObject({ price: 8, version: 2, category_version: 1 });
  });
});
