import { setTimeout as sleep } from 'node:timers/promises';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { logger, useBroker, useConsumerDatabase, useEventConsumer } from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const SLOW_PRODUCT = 1;

describe('a message delivered twice into the same batch', () => {
  const handled: number[] = [];

  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'batch-duplicates');
  const raw = useRawBroker(env);
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 16,
    // One transaction at a time: what arrives while the slow one runs waits, and forms one batch.
    concurrency: 1,
    handlers: {
      'product.deleted': async (_tx, event) => {
        if (event.data.product_id === SLOW_PRODUCT) await sleep(300);
        handled.push(event.data.product_id);
      },
    },
  });

  it('runs its handler once', async () => {
    const slow = envelope('product.deleted', { product_id: SLOW_PRODUCT });
    await raw.publish('product.deleted', slow, slow.id);
    const twice = envelope('product.deleted', { product_id: 2 });
    await raw.publish('product.deleted', twice, twice.id);
    await raw.publish('product.deleted', twice, twice.id);
    const marker = envelope('product.deleted', { product_id: 3 });
    await raw.publish('product.deleted', marker, marker.id);

    await waitFor(() => handled.includes(3), { what: 'the marker handled' });

    expect(handled.filter((productId) => productId === 2)).toHaveLength(1);
  });
});
