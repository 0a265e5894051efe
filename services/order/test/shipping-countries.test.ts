import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderConfigSchema } from '../src/config.js';
import { addCatalogProduct, type CatalogProduct } from './fixtures/catalog-fixtures.js';
import { useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;

const orders = useTestOrders(env, { SHIPPING_COUNTRIES: 'DE, fr,US' });
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap);
});

function create(location: string) {
  return orders.request('POST', '/orders/create', {
    as: orders.user(),
    body: { location, items: [{ product_id: cheese.product_id, quantity: 1 }] },
  });
}

describe('where an order ships to', () => {
  it.each([
    ['Germany', 'DE', 'Germany'],
    ['  gErMaNy ', 'DE', 'Germany'],
    ['de', 'DE', 'Germany'],
    ['DEU', 'DE', 'Germany'],
    ['fra', 'FR', 'France'],
    ['united states of america', 'US', 'United States of America'],
    ['USA', 'US', 'United States of America'],
  ])('%j is stored as %s / %s', async (location, countryCode, name) => {
    const response = await create(location);

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ country_code: countryCode, location: name });
    const [row] = await orders.sql`select country_code, location from orders where id = ${response.body.id}`;
    expect(row).toEqual({ country_code: countryCode, location: name });
  });

  it.each([
    ['Atlantis', 'is not a known country'],
    ['XX', 'is not a known country'],
    ['276', 'is not a known country'],
    ['Italy', 'does not ship to Italy'],
    ['it', 'does not ship to Italy'],
    ['GBR', 'does not ship to United Kingdom'],
  ])('%j is a 422 on location', async (location, message) => {
    const response = await create(location);

    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors).toEqual([{ path: 'location', message: expect.stringContaining(message) }]);
  });
});

describe('SHIPPING_COUNTRIES', () => {
  it('is every country when unset or empty, a set of upper-case codes otherwise, and refuses a bad code', () => {
    expect(orderConfigSchema.parse({}).SHIPPING_COUNTRIES).toBeNull();
    expect(orderConfigSchema.parse({ SHIPPING_COUNTRIES: ' ' }).SHIPPING_COUNTRIES).toBeNull();
    expect([...(orderConfigSchema.parse({ SHIPPING_COUNTRIES: 'de,Fr' }).SHIPPING_COUNTRIES ?? [])]).toEqual([
      'DE',
      'FR',
    ]);
    const bad = orderConfigSchema.safeParse({ SHIPPING_COUNTRIES: 'DE,XX,DEU' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      'XX is not an ISO 3166-1 alpha-2 country code',
      'DEU is not an ISO 3166-1 alpha-2 country code',
    ]);
  });
});
