import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Broker,
  type EventConsumer,
  type OutboxRelay,
  startEventConsumer,
  startOutboxRelay,
} from '../src/index.js';
import {
  consumerDatabase,
  countRows,
  enqueueProductDeletions,
  logger,
  producerDatabase,
  startBroker,
} from './fixtures/demo-services.js';

const run = promisify(execFile);
const env = useTestEnvironment();

describe('when the broker drops every connection', () => {
  let catalogSql: Sql;
  let orderSql: Sql;
  let relayBroker: Broker;
  let consumerBroker: Broker;
  let relay: OutboxRelay;
  let consumer: EventConsumer;

  beforeAll(async () => {
    [catalogSql, orderSql] = await Promise.all([producerDatabase(env), consumerDatabase(env)]);
    [relayBroker, consumerBroker] = await Promise.all([
      startBroker(env, 'relay'),
      startBroker(env, 'consumer'),
    ]);
    relay = startOutboxRelay({
      sql: catalogSql,
      broker: relayBroker,
      schema: 'catalog',
      logger,
      batchSize: 100,
    });
    consumer = await startEventConsumer({
      sql: orderSql,
      broker: consumerBroker,
      service: 'order',
      logger,
      prefetch: 32,
      handlers: {
        'product.deleted': async (tx, event) => {
          await tx`insert into effects (message_id, product_id) values (${event.id}, ${event.data.product_id})`;
        },
      },
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await Promise.all([relayBroker?.close(), consumerBroker?.close()]);
    await Promise.all([catalogSql?.end(), orderSql?.end()]);
  });

  it('the relay and the consumer reconnect by themselves and every event is handled exactly once', async () => {
    const producing = enqueueProductDeletions(catalogSql, 3_000, 1, 50);
    await waitFor(() => countRows(orderSql, 'effects'), {
      until: (n) => n >= 300,
      what: 'the first effects',
    });

    await run('rabbitmqctl', ['close_all_connections', 'fault test: connections closed']);
    await producing;
    await waitFor(async () => relayBroker.isConnected() && consumerBroker.isConnected(), {
      until: (connected) => connected,
      timeoutMs: 30_000,
      what: 'both connections back',
    });
    // Events written after the reconnect prove the relay publishes again, not only the consumer.
    await enqueueProductDeletions(catalogSql, 100, 3_001, 50);

    await waitFor(() => countRows(orderSql, 'effects'), {
      until: (n) => n >= 3_100,
      timeoutMs: 60_000,
      intervalMs: 100,
      what: '3,100 effects after the connections were closed',
    });
    await waitFor(() => countRows(catalogSql, 'unpublished'), {
      until: (n) => n === 0,
      what: 'an empty outbox',
    });
    expect(await countRows(orderSql, 'effects')).toBe(3_100);
    expect(await countRows(orderSql, 'distinctEffects')).toBe(3_100);
  });
});
