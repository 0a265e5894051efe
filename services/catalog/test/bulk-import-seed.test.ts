import { useTestEnvironment } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { productCount } from './fixtures/import-fixtures.js';
import { countOf } from './fixtures/product-fixtures.js';
import { startTestCatalog, type TestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();
const started: TestCatalog[] = [];

afterAll(async () => {
  await Promise.all(started.map((catalog) => catalog.stop()));
});

async function startSeeding(): Promise<TestCatalog> {
  const catalog = await startTestCatalog(env, { SEED_SAMPLE_CATALOG: 'true' });
  started.push(catalog);
  return catalog;
}

describe('seeding the sample catalog', () => {
  it('two replicas starting together on an empty database import the 50 sample products once, with their events', async () => {
    const [catalog] = await Promise.all([startSeeding(), startSeeding()]);
    if (!catalog) throw new Error('no catalog started');

    expect(await productCount(catalog)).toBe(50);
    const events = catalog.sql<{ count: number }[]>`
      select coalesce(sum(jsonb_array_length(payload->'data'->'products')), 0)::int as count
      from outbox where routing_key = 'products.upserted'`;
    expect(await countOf(events)).toBe(50);
    const listed = await catalog.request('GET', '/products?limit=500');
    expect(listed.body.items).toHaveLength(50);
  });

  it('a restart does not seed again', async () => {
    const catalog = await startSeeding();

    expect(await productCount(catalog)).toBe(50);
  });
});
