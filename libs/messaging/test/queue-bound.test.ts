import { eventsConsumedBy } from '@shop/contracts';
import { createMetricsRegistry, type Registry, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker, type OutboxRelay, queueOwners, startOutboxRelay, topologyNames } from '../src/index.js';
import {
  countRows,
  DELIVERY_LIMIT,
  enqueueProductDeletions,
  logger,
  producerDatabase,
} from './fixtures/demo-services.js';
import { RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const MAX_LENGTH = 5;
const EVENTS = 20;

describe('a service queue at its length bound', () => {
  let sql: Sql;
  let broker: Broker;
  let relay: OutboxRelay;
  let raw: RawBroker;
  let metrics: Registry;
  const names = topologyNames(env.prefix);
  // Every queue product.deleted fans out to; none has a consumer.
  const queues = queueOwners
    .filter((service) => eventsConsumedBy(service).includes('product.deleted'))
    .map((service) => names.queue(service));

  beforeAll(async () => {
    sql = await producerDatabase(env);
    broker = new Broker({
      url: env.amqpUrl,
      prefix: env.prefix,
      connectionName: 'queue-bound',
      deliveryLimit: DELIVERY_LIMIT,
      queueMaxLength: MAX_LENGTH,
      logger,
    });
    await broker.start();
    raw = await RawBroker.connect(env);
    metrics = createMetricsRegistry('catalog');
    // One row per publish: the broker's limit applies to what it has taken, not to publishes in flight.
    relay = startOutboxRelay({
      sql,
      broker,
      schema: 'catalog',
      logger,
      metrics,
      batchSize: 1,
      pollIntervalMs: 100,
    });
  });

  afterAll(async () => {
    await relay?.stop();
    await Promise.all([broker?.close(), raw?.close()]);
    await sql?.end();
  });

  async function nacks(): Promise<number> {
    const metric = await metrics.getSingleMetric('outbox_publish_failures_total')?.get();
    return (
      metric?.values.filter((v) => v.labels.failure === 'nacked').reduce((sum, v) => sum + v.value, 0) ?? 0
    );
  }

  it('nacks the publish past the bound, and the relay publishes the row once there is room', async () => {
    expect(queues.length).toBeGreaterThan(0);
    await enqueueProductDeletions(sql, EVENTS);

    await waitFor(nacks, { until: (n) => n > 0, what: 'a nacked publish', timeoutMs: 15_000 });
    for (const queue of queues) {
      const { messageCount } = await raw.channel.checkQueue(queue);
      // Quorum queues take the publish that reaches the limit, and refuse from then on.
      expect(messageCount, queue).toBeLessThanOrEqual(MAX_LENGTH + 1);
    }
    expect(await countRows(sql, 'unpublished')).toBeGreaterThan(0);

    const received = new Map(queues.map((queue) => [queue, new Set<string>()]));
    async function drain() {
      for (const [queue, ids] of received) {
        for (let message = await raw.channel.get(queue, { noAck: true }); message; ) {
          ids.add(String(message.properties.messageId));
          message = await raw.channel.get(queue, { noAck: true });
        }
      }
      return [...received.values()].map((ids) => ids.size);
    }
    await waitFor(drain, {
      until: (sizes) => sizes.every((size) => size === EVENTS),
      what: 'every event in every queue',
      timeoutMs: 45_000,
      intervalMs: 200,
    });
    // The relay marks a row once its confirm is in, a moment after the queue can already deliver it.
    await waitFor(() => countRows(sql, 'unpublished'), {
      until: (count) => count === 0,
      what: 'every row marked published',
      timeoutMs: 10_000,
    });
  });
});
