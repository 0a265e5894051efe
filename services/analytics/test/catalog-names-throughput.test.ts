import { randomInt } from 'node:crypto';
import { type RawEvent, useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAnalytics, type TestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();
const BACKLOG = 50_000;
const PUBLISH_CHUNK = 5_000;
let analytics: TestAnalytics | undefined;

beforeAll(async () => {
  // Started once to declare the queue, then stopped so the whole backlog waits in it, as after an import.
  await (await startTestAnalytics(env)).stop();
});
const bus = useEventTap(env);

afterAll(async () => {
  await analytics?.stop();
});

function importedProduct(productId: number, index: number): RawEvent {
  return {
    type: 'product.upserted',
    source: 'catalog',
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

describe('the names replica under an import backlog', () => {
  it(`holds all of ${BACKLOG} queued product.upserted within a bounded time, absorbed in batches (the rate is logged)`, async () => {
    const firstId = randomInt(1, 1_000_000_000);
    for (let start = 0; start < BACKLOG; start += PUBLISH_CHUNK) {
      const chunk = Array.from({ length: PUBLISH_CHUNK }, (_, i) => importedProduct(firstId + start + i, i));
      await bus.publish(...chunk);
    }

    analytics = await startTestAnalytics(env);
    const started = performance.now();
    const held = await waitFor(
      async () => {
        const [row] = await (analytics as TestAnalytics).sql<{ count: number }[]>`
          select count(*)::int as count from products where catalog_name is not null`;
        return row?.count ?? 0;
      },
      { until: (count) => count === BACKLOG, timeoutMs: 100_000, intervalMs: 100, what: 'the whole backlog' },
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(BACKLOG / seconds);
    console.info(
      `analytics names replica absorbed ${BACKLOG} product.upserted in ${seconds.toFixed(2)} s (${rate}/s)`,
    );

    expect(held).toBe(BACKLOG);
  }, 120_000);
});
