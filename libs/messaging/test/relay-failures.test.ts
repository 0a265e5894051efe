import { randomUUID } from 'node:crypto';
import { createMetricsRegistry, type Registry, type Sql, type TransactionSql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Broker,
  enqueueEvents,
  type OutboxRelay,
  startOutboxRelay,
  topologyNames,
} from '../src/index.js';
import {
  countRows,
  enqueueProductDeletions,
  logger,
  producerDatabase,
  startBroker,
} from './fixtures/demo-services.js';
import { RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();

describe('an outbox relay meeting a row the broker will not take', () => {
  let catalogSql: Sql;
  let broker: Broker;
  let relay: OutboxRelay;
  let raw: RawBroker;
  let metrics: Registry;
  const seen: string[] = [];

  beforeAll(async () => {
    catalogSql = await producerDatabase(env);
    // Only the catalog's own connection: no consumer of the events it publishes has started yet.
    broker = await startBroker(env, 'catalog-relay');
    raw = await RawBroker.connect(env);
    await raw.tap('product.deleted', (messageId) => seen.push(messageId));
    metrics = createMetricsRegistry('catalog');
    relay = startOutboxRelay({ sql: catalogSql, broker, schema: 'catalog', logger, metrics });
  });

  afterAll(async () => {
    await relay?.stop();
    await Promise.all([broker?.close(), raw?.close()]);
    await catalogSql?.end();
  });

  async function failures(): Promise<number> {
    const metric = await metrics.getSingleMetric('outbox_publish_failures_total')?.get();
    return metric?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
  }

  it('publishes the other rows of the batch once and keeps retrying only the unroutable one', async () => {
    const unroutable = randomUUID();
    await catalogSql.begin(async (tx) => {
      await tx`insert into outbox (message_id, routing_key, payload)
               values (${unroutable}, 'nobody.listens', ${tx.json({ id: unroutable })})`;
      await enqueueProductDeletionsIn(tx);
    });

    await waitFor(() => countRows(catalogSql, 'published'), {
      until: (n) => n === 10,
      what: '10 rows published',
    });
    await waitFor(failures, { until: (n) => n >= 2, what: 'the unroutable row retried' });
    const [row] = await catalogSql`select published_at from outbox where message_id = ${unroutable}`;
    expect(row?.published_at).toBeNull();
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('keeps a fan-out event for every consumer queue even when the publisher starts before its consumers', async () => {
    await enqueueProductDeletions(catalogSql, 1, 50);
    await waitFor(() => countRows(catalogSql, 'unpublished'), {
      until: (n) => n <= 1,
      what: 'the event out',
    });

    const names = topologyNames(env.prefix);
    for (const service of ['order', 'analytics'] as const) {
      const { messageCount } = await raw.channel.checkQueue(names.queue(service));
      expect(messageCount, `${service} queue`).toBeGreaterThanOrEqual(1);
    }
  });
});

async function enqueueProductDeletionsIn(tx: TransactionSql) {
  await enqueueEvents(
    tx,
    'catalog',
    Array.from({ length: 10 }, (_, i) => ({
      type: 'product.deleted' as const,
      data: { product_id: i + 1 },
      correlationId: 'test',
    })),
  );
}
