import { useTestEnvironment, waitFor } from '@shop/testing';
import type { TransactionSql } from 'postgres';
import { describe, expect, it } from 'vitest';
import {
  type EventBatchHandlers,
  type EventHandlers,
  startEventConsumer,
  topologyNames,
} from '../src/index.js';
import { logger, useBroker, useConsumerDatabase, useEventConsumer } from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const GATHER_MS = 1_000;

const calls: string[] = [];

async function recordEffects(tx: TransactionSql, events: { id: string; data: { product_id: number } }[]) {
  await tx`insert into effects ${tx(events.map((event) => ({ message_id: event.id, product_id: event.data.product_id })))}`;
}

const handlers: EventHandlers = {
  'product.deleted': async (tx, event) => {
    calls.push(`one ${event.data.product_id}`);
    await recordEffects(tx, [event]);
  },
};

const batchHandlers: EventBatchHandlers = {
  'product.deleted': async (tx, events) => {
    calls.push(`many ${events.map((event) => event.data.product_id).join(',')}`);
    await recordEffects(tx, events);
  },
};

const orderSql = useConsumerDatabase(env);
const raw = useRawBroker(env);

async function publishDeletions(productIds: number[]) {
  for (const productId of productIds) {
    const message = envelope('product.deleted', { product_id: productId });
    await raw.publish('product.deleted', message, message.id);
  }
}

async function effectsOf(productIds: number[]) {
  const rows = await orderSql<{ product_id: number }[]>`
    select product_id from effects where product_id = any(${productIds}::int[])`;
  return rows.map((row) => row.product_id).sort((a, b) => a - b);
}

const allHandled = (productIds: number[]) =>
  waitFor(() => effectsOf(productIds), {
    until: (rows) => rows.length === productIds.length,
    what: `products ${productIds.join(', ')} handled`,
  });

describe('a consumer that gathers its batches', () => {
  const broker = useBroker(env, 'batch-gathering');
  // Four transactions may run at once, so without the window each message would start its own batch.
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 64,
    batchSize: 3,
    gatherMs: GATHER_MS,
    handlers,
    batchHandlers,
  });

  it('handles messages that arrive within the window in one batch, though transactions are free', async () => {
    calls.length = 0;
    await publishDeletions([11, 12]);

    await allHandled([11, 12]);

    expect(calls).toEqual(['many 11,12']);
  });

  it('starts a full batch at once, without waiting for the window to close', async () => {
    calls.length = 0;
    const started = Date.now();
    await publishDeletions([21, 22, 23]);

    await allHandled([21, 22, 23]);

    expect(calls).toEqual(['many 21,22,23']);
    expect(Date.now() - started).toBeLessThan(GATHER_MS);
  });

  it('handles a lone message once the window closes', async () => {
    calls.length = 0;
    await publishDeletions([31]);

    await allHandled([31]);

    expect(calls).toEqual(['one 31']);
  });
});

describe('stopping a consumer that gathers', () => {
  const broker = useBroker(env, 'batch-gathering-stop');

  it('handles what it holds before it stops, however long the window', async () => {
    calls.length = 0;
    const consumer = await startEventConsumer({
      sql: orderSql,
      broker,
      service: 'order',
      logger,
      prefetch: 64,
      gatherMs: 600_000,
      handlers,
      batchHandlers,
    });
    await publishDeletions([41, 42]);
    const queue = topologyNames(env.prefix).queue('order');
    await waitFor(() => raw.channel.checkQueue(queue), {
      until: (state) => state.messageCount === 0,
      what: 'both messages delivered to the consumer',
    });

    await consumer.stop();

    expect(calls).toEqual(['many 41,42']);
    expect(await effectsOf([41, 42])).toEqual([41, 42]);
  });
});
