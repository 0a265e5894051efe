import { randomInt } from 'node:crypto';
import {
  importedProduct,
  publishBacklog,
  timeUntilHeld,
  useEventTap,
  useTestEnvironment,
} from '@shop/testing';
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

describe('the names replica under an import backlog', () => {
  it(`holds all of ${BACKLOG} queued product.upserted within a bounded time, absorbed in batches (the rate is logged)`, async () => {
    const firstId = randomInt(1, 1_000_000_000);
    await publishBacklog(bus, BACKLOG, PUBLISH_CHUNK, (i) => importedProduct(firstId, i, PUBLISH_CHUNK));

    const started = await startTestAnalytics(env);
    analytics = started;
    const { held, seconds, rate } = await timeUntilHeld(BACKLOG, async () => {
      const [row] = await started.sql<{ count: number }[]>`
        select count(*)::int as count from products where catalog_name is not null`;
      return row?.count ?? 0;
    });
    console.info(
      `analytics names replica absorbed ${BACKLOG} product.upserted in ${seconds.toFixed(2)} s (${rate}/s)`,
    );

    expect(held).toBe(BACKLOG);
  }, 120_000);
});
