import { setTimeout as sleep } from 'node:timers/promises';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { logger, useBroker, useConsumerDatabase, useEventConsumer } from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const SLOW_CATEGORY = 1;
const POISON_PRODUCT = 666;

describe('a consumer with a batch handler', () => {
  const calls: string[] = [];

  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'batch-handlers');
  const raw = useRawBroker(env);
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 64,
    retryDelayMs: 10,
    // One transaction at a time: what arrives while the slow one runs waits, and forms one batch.
    concurrency: 1,
    handlers: {
      'category.renamed': async (_tx, event) => {
        if (event.data.category_id === SLOW_CATEGORY) await sleep(300);
        calls.push(`rename ${event.data.category_id}`);
      },
      'product.deleted': async (tx, event) => {
        if (event.data.product_id === POISON_PRODUCT) throw new Error('poison');
        calls.push(`one ${event.data.product_id}`);
        await tx`insert into effects (message_id, product_id) values (${event.id}, ${event.data.product_id})`;
      },
    },
    batchHandlers: {
      'product.deleted': async (tx, events) => {
        if (events.some((event) => event.data.product_id === POISON_PRODUCT)) throw new Error('poison');
        calls.push(`many ${events.map((event) => event.data.product_id).join(',')}`);
        await tx`insert into effects ${tx(events.map((event) => ({ message_id: event.id, product_id: event.data.product_id })))}`;
      },
    },
  });

  async function publish(type: string, data: object) {
    const message = envelope(type, data);
    await raw.publish(type, message, message.id);
  }

  async function effectsOf(productIds: number[]) {
    const rows = await orderSql<{ product_id: number }[]>`
      select product_id from effects where product_id = any(${productIds}::int[])`;
    return rows.map((row) => row.product_id).sort((a, b) => a - b);
  }

  it('hands it each run of consecutive messages of its type at once, the others one by one, in order', async () => {
    calls.length = 0;
    await publish('category.renamed', { category_id: SLOW_CATEGORY, name: 'slow' });
    for (const productId of [11, 12, 13]) await publish('product.deleted', { product_id: productId });
    await publish('category.renamed', { category_id: 2, name: 'between' });
    for (const productId of [14, 15]) await publish('product.deleted', { product_id: productId });

    await waitFor(() => effectsOf([15]), {
      until: (rows) => rows.length === 1,
      what: 'the last run handled',
    });

    expect(calls).toEqual([`rename ${SLOW_CATEGORY}`, 'many 11,12,13', 'rename 2', 'many 14,15']);
    expect(await effectsOf([11, 12, 13, 14, 15])).toEqual([11, 12, 13, 14, 15]);
  });

  it('when the batch handler fails, runs the messages one by one: the others commit once, the failing one is retried and dead-lettered', async () => {
    calls.length = 0;
    await publish('category.renamed', { category_id: SLOW_CATEGORY, name: 'slow' });
    for (const productId of [21, POISON_PRODUCT, 22])
      await publish('product.deleted', { product_id: productId });

    await waitFor(() => effectsOf([21, 22]), {
      until: (rows) => rows.length === 2,
      what: 'the good ones handled',
    });
    const deadLetters = await waitFor(() => raw.drainDeadLetters('order'), {
      until: (letters) => letters.length > 0,
      what: 'the poison message dead-lettered',
    });

    expect(deadLetters.map((letter) => JSON.parse(letter.body).data.product_id)).toEqual([POISON_PRODUCT]);
    expect(await effectsOf([21, 22, POISON_PRODUCT])).toEqual([21, 22]);
  });
});
