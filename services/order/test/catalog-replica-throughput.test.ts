import { randomInt } from 'node:crypto';
import {
  importedProduct,
  publishBacklog,
  timeUntilHeld,
  useEventTap,
  useTestEnvironment,
} from '@shop/testing';
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

describe('the catalog replica under an import backlog', () => {
  it(`holds all of ${BACKLOG} queued product.upserted within a bounded time, absorbed in batches (the rate is logged)`, async () => {
    const firstId = randomInt(1, 1_000_000_000);
    await publishBacklog(tap, BACKLOG, PUBLISH_CHUNK, (i) => importedProduct(firstId, i, PUBLISH_CHUNK));

    const started = await startTestOrders(env);
    orders = started;
    const { held, seconds, rate } = await timeUntilHeld(BACKLOG, async () => {
      const [row] = await started.sql<{ count: number }[]>`
        select count(*)::int as count from catalog_products where name is not null`;
      return row?.count ?? 0;
    });
    console.info(`order replica absorbed ${BACKLOG} product.upserted in ${seconds.toFixed(2)} s (${rate}/s)`);

    expect(held).toBe(BACKLOG);
  }, 120_000);
});
