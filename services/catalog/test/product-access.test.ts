import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { addProduct, outboxOf, productRow } from './fixtures/product-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

describe('validation and roles', () => {
  it.each([
    ['POST', '/products/add', { name: 'X', quantity: 1, price: 1, category: 'c', colour: 'red' }, 'colour'],
    ['POST', '/products/add', { name: 'X', quantity: 1, price: 0, category: 'c' }, 'price'],
    ['POST', '/products/add', { name: 'X', quantity: 1, price: 1.005, category: 'c' }, 'price'],
    ['POST', '/products/add', { name: 'X', quantity: -1, price: 1, category: 'c' }, 'quantity'],
    ['POST', '/products/add', { name: 'X', quantity: 1.5, price: 1, category: 'c' }, 'quantity'],
    ['POST', '/products/add', { name: '   ', quantity: 1, price: 1, category: 'c' }, 'name'],
    ['POST', '/products/add', { name: 'X', quantity: 1, price: 1, category: '' }, 'category'],
    ['POST', '/products/add', { name: 'X', quantity: 1, price: 1, category: 'c', cost: -1 }, 'cost'],
    ['PUT', '/products/update', { id: 1, quantity: 1, extra: true }, 'extra'],
    ['PUT', '/products/update', { id: 0, quantity: 1 }, 'id'],
    ['PUT', '/products/update', { id: 1 }, ''],
    ['POST', '/products/stock', { id: 1, delta: 0 }, 'delta'],
    ['POST', '/products/stock', { id: 1, delta: 0.5 }, 'delta'],
    ['DELETE', '/products/remove', { id: 'one' }, 'id'],
  ])('%s %s with %j answers 400 naming "%s"', async (method, path, body, field) => {
    const response = await catalog.request(method, path, { as: 'admin', body });

    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('a write without a JSON body answers 400', async () => {
    const response = await catalog.request('POST', '/products/add', { as: 'admin' });

    expect(response.status).toBe(400);
  });

  it('anonymous callers get 401 and customers 403 on every product write, and nothing changes', async () => {
    const product = await addProduct(catalog);
    const writes: [string, string, unknown][] = [
      ['POST', '/products/add', { name: uniqueName('Nope'), quantity: 1, price: 1, category: 'dairy' }],
      ['PUT', '/products/update', { id: product.id, quantity: 0 }],
      ['POST', '/products/stock', { id: product.id, delta: 5 }],
      ['DELETE', '/products/remove', { id: product.id }],
      ['POST', '/products/add', { not: 'even valid' }],
    ];

    for (const [method, path, body] of writes) {
      const anonymous = await catalog.request(method, path, { body });
      const customer = await catalog.request(method, path, { as: 'customer', body });
      expect([anonymous.status, customer.status], `${method} ${path}`).toEqual([401, 403]);
      expect(anonymous.contentType).toBe('application/problem+json');
    }

    expect(await productRow(catalog, product.id)).toMatchObject({ quantity: 10, active: true });
    expect(await outboxOf(catalog, 'product.upserted', product.id)).toHaveLength(1);
    expect(await outboxOf(catalog, 'product.deleted', product.id)).toHaveLength(0);
  });

  it('an invalid bearer token answers 401 even on a public read', async () => {
    const response = await catalog.request('GET', '/products', { token: 'not.a.token' });

    expect(response.status).toBe(401);
  });
});

describe('reading a product', () => {
  it('GET /products/:id shows the cost to an admin only', async () => {
    const product = await addProduct(catalog, { cost: 1.25 });

    const asAdmin = await catalog.request('GET', `/products/${product.id}`, { as: 'admin' });
    const asCustomer = await catalog.request('GET', `/products/${product.id}`, { as: 'customer' });
    const anonymous = await catalog.request('GET', `/products/${product.id}`);

    expect(asAdmin.body).toEqual(product);
    expect(asAdmin.body.cost).toBe(1.25);
    const { cost: _cost, ...withoutCost } = product;
    expect(asCustomer.body).toEqual(withoutCost);
    expect(anonymous.body).toEqual(withoutCost);
  });

  it('GET /products/:id answers 404 for an unknown id and 400 for one that is not a positive integer', async () => {
    expect((await catalog.request('GET', '/products/2147483000')).status).toBe(404);
    expect((await catalog.request('GET', '/products/abc')).status).toBe(400);
    expect((await catalog.request('GET', '/products/0')).status).toBe(400);
    expect((await catalog.request('GET', '/products/99999999999')).status).toBe(400);
  });
});

describe('API description', () => {
  it('GET /openapi.json documents every catalog route and the bearer scheme', async () => {
    const response = await catalog.request('GET', '/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths).sort()).toEqual([
      '/admin/dead-letters',
      '/admin/dead-letters/{id}/replay',
      '/categories',
      '/categories/add',
      '/categories/delete',
      '/categories/products',
      '/categories/update',
      '/categories/{name}/products',
      '/products',
      '/products/add',
      '/products/bulk-import',
      '/products/imports/{job_id}',
      '/products/remove',
      '/products/stock',
      '/products/update',
      '/products/{id}',
    ]);
    expect(response.body.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(response.body.paths['/products/add'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(response.body.paths['/products/bulk-import'].post.security).toEqual([{ bearerAuth: [] }]);
  });
});
