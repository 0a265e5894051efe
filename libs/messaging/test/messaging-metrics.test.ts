import { createMetricsRegistry, type Registry } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { enqueueEvents, startOutboxRelay } from '../src/index.js';
import {
  logger,
  useBroker,
  useConsumerDatabase,
  useEventConsumer,
  useProducerDatabase,
} from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();

/** The value of one sample of a metric, as /metrics would show it. */
async function sample(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = metric?.values.find((value) =>
    Object.entries(labels).every(([key, label]) => value.labels[key] === label),
  );
  return Number(found?.value ?? 0);
}

describe('messaging metrics', () => {
  const consumerMetrics = createMetricsRegistry('order');

  const catalogSql = useProducerDatabase(env);
  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'metrics');
  const raw = useRawBroker(env);
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 8,
    metrics: consumerMetrics,
    handlers: { 'product.deleted': async () => {} },
  });

  it('counts handled, duplicate and invalid messages by type', async () => {
    const message = envelope('product.deleted', { product_id: 1 });
    await raw.publish('product.deleted', message, message.id);
    await raw.publish('product.deleted', message, message.id);
    const invalid = envelope('product.deleted', { product_id: 'not an id' });
    await raw.publish('product.deleted', invalid, invalid.id);

    const counted = (outcome: string) =>
      sample(consumerMetrics, 'messages_handled_total', { type: 'product.deleted', outcome });
    await waitFor(async () => (await counted('handled')) + (await counted('duplicate')), {
      until: (n) => n === 2,
      what: 'both deliveries counted',
    });
    expect(await counted('handled')).toBe(1);
    expect(await counted('duplicate')).toBe(1);
    await waitFor(() => counted('invalid'), { until: (n) => n === 1, what: 'the invalid message counted' });
  });

  it('reports the age of the oldest unpublished outbox row: 0 once the relay caught up, its age while it is stopped', async () => {
    const relayMetrics = createMetricsRegistry('catalog');
    const enqueueAgedEvent = async (productId: number) => {
      await catalogSql.begin((tx) =>
        enqueueEvents(tx, 'catalog', [
          { type: 'product.deleted', data: { product_id: productId }, correlationId: 'metrics' },
        ]),
      );
      await catalogSql`update outbox set created_at = now() - interval '30 seconds' where published_at is null`;
    };
    await enqueueAgedEvent(7);
    const relay = startOutboxRelay({
      sql: catalogSql,
      broker,
      schema: 'catalog',
      logger,
      metrics: relayMetrics,
    });
    await waitFor(() => sample(relayMetrics, 'outbox_lag_seconds'), {
      until: (age) => age === 0,
      what: 'an empty outbox',
    });
    await relay.stop();

    await enqueueAgedEvent(8);

    expect(await sample(relayMetrics, 'outbox_lag_seconds')).toBeGreaterThanOrEqual(30);
  });
});
