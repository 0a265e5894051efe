import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, type EventConsumer, startEventConsumer, topologyNames } from '../src/index.js';
import { closeConnectionsNamed } from './fixtures/broker-control.js';
import {
  consumerDatabase,
  countRows,
  DELIVERY_LIMIT,
  logger,
  startBroker,
} from './fixtures/demo-services.js';
import { envelope, RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();

describe('a consumer whose channel or connection the broker closes', () => {
  let orderSql: Sql;
  let broker: Broker;
  let consumer: EventConsumer;
  let raw: RawBroker;
  let connectionName: string;
  let releaseHandlers: () => void = () => {};
  let handlersHeld: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    orderSql = await consumerDatabase(env);
    connectionName = `recovering-consumer-${env.prefix}`;
    broker = await startBroker(env, connectionName);
    raw = await RawBroker.connect(env);
    consumer = await startEventConsumer({
      sql: orderSql,
      broker,
      service: 'order',
      logger,
      prefetch: 128,
      handlers: {
        'product.deleted': async (tx, event) => {
          await handlersHeld;
          await tx`insert into effects (message_id, product_id) values (${event.id}, ${event.data.product_id})`;
        },
      },
    });
  });

  afterAll(async () => {
    releaseHandlers();
    await consumer?.stop();
    await Promise.all([broker?.close(), raw?.close()]);
    await orderSql?.end();
  });

  const queue = () => topologyNames(env.prefix).queue('order');

  async function effectsOf(productId: number): Promise<number> {
    return (await orderSql`select 1 from effects where product_id = ${productId}`).length;
  }

  it('re-creates a consumer whose queue was deleted, and is not ready while the consumer is missing', async () => {
    const before = envelope('product.deleted', { product_id: 1 });
    await raw.publish('product.deleted', before, before.id);
    await waitFor(() => effectsOf(1), { what: 'the first message' });

    // Deleting the queue cancels the consumer; a classic queue squatting the name keeps it from coming back.
    await raw.channel.deleteQueue(queue());
    await raw.channel.assertQueue(queue(), { durable: true });
    await waitFor(() => broker.isConnected(), { until: (ready) => !ready, what: 'readiness red' });
    await raw.channel.deleteQueue(queue());

    await waitFor(() => broker.isConnected(), { timeoutMs: 15_000, what: 'the consumer back' });
    const after = envelope('product.deleted', { product_id: 2 });
    await raw.publish('product.deleted', after, after.id);
    await waitFor(() => effectsOf(2), { what: 'a message after the queue came back' });
  });

  it('connection churn alone never dead-letters the messages held in hand', async () => {
    handlersHeld = new Promise((resolve) => {
      releaseHandlers = resolve;
    });
    const messages = Array.from({ length: 20 }, (_, i) =>
      envelope('product.deleted', { product_id: 100 + i }),
    );
    for (const message of messages) await raw.publish('product.deleted', message, message.id);

    for (let close = 0; close <= DELIVERY_LIMIT + 1; close += 1) {
      await waitFor(() => raw.channel.checkQueue(queue()), {
        until: (state) => state.messageCount === 0 && state.consumerCount === 1,
        timeoutMs: 15_000,
        what: 'every message in the consumer’s hand',
      });
      expect(await closeConnectionsNamed(connectionName)).toBe(1);
      await waitFor(() => broker.isConnected(), { until: (ready) => !ready, what: 'the connection lost' });
      await waitFor(() => broker.isConnected(), { timeoutMs: 15_000, what: 'the connection back' });
    }
    releaseHandlers();

    await waitFor(async () => (await orderSql`select 1 from effects where product_id >= 100`).length, {
      until: (n) => n === 20,
      timeoutMs: 20_000,
      what: 'the 20 messages handled',
    });
    await waitFor(() => raw.channel.checkQueue(queue()), {
      until: (state) => state.messageCount === 0,
      what: 'the queue drained',
    });
    expect(await raw.drainDeadLetters('order')).toEqual([]);
    expect(await countRows(orderSql, 'distinctEffects')).toBe(22);
  });
});
