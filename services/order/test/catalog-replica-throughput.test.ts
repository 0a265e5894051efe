import { randomInt } from 'node:crypto';
import { type RawEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrders, type TestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
const BACKLOG = 50_000;
const PUBLISH_CHUNK = 5_000;
let orders: TestOrders | undefined;

beforeAll(async () => {
  // Started once to declare the queue, then stopped so the whole backlog waits in it, as after an import.
  await (await startTestOrders(env)).stop();
});
const tap = useEventTap(env, 'catalog');

afterAll(async () => {
  await orders?.stop();
});

function importedProduct(productId: number, index: number): RawEvent {
  return {
    type: 'product.upserted',
    data: {
      product_id: productId,
      name: `Imported ${productId}`,
      price: 1 + (index % 500),
      cost: 0.5,
      category_id: 1 + (index % 40),
      category_name: `category ${1 + (index % 40)}`,
      active: true,
      version: 1,
      category_version: 1,
    },
  };
}

describe('the catalog replica under an import backlog', () => {
  it(`holds all of ${BACKLOG} queued product.upserted within a bounded time, absorbed in batches (the rate is logged)`, async () => {
    const firstId = randomInt(1, 1_000_000_000);
    for (let start = 0; start < BACKLOG; start += PUBLISH_CHUNK) {
      const chunk = Array.from({ length: PUBLISH_CHUNK }, (_, i) => importedProduct(firstId + start + i, i));
      await tap.publish(...chunk);
    }

    orders = await startTestOrders(env);
    const started = performance.now();
    const held = await waitFor(
      async () => {
        const [row] = await (orders as TestOrders).sql<{ count: number }[]>`
          select count(*)::int as count from catalog_products where name is not null`;
        return row?.count ?? 0;
      },
      { until: (count) => count === BACKLOG, timeoutMs: 100_000, intervalMs: 100, what: 'the whole backlog' },
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(BACKLOG / seconds);
    console.info(`order replica absorbed ${BACKLOG} product.upserted in ${seconds.toFixed(2)} s (${rate}/s)`);

    expect(held).toBe(BACKLOG);
  }, 120_000);
});
