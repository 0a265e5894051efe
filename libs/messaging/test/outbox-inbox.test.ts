import { fileURLToPath } from 'node:url';
import { startTsProcess, useTestEnvironment, waitFor } from '@shop/testing';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { startOutboxRelay } from '../src/index.js';
import {
  countRows,
  DELIVERY_LIMIT,
  enqueueProductDeletions,
  logger,
  useBroker,
  useConsumerDatabase,
  useEventConsumer,
  useProducerDatabase,
} from './fixtures/demo-services.js';
import { RawBroker } from './fixtures/raw-broker.js';

const relayProcess = fileURLToPath(new URL('./fixtures/relay-process.ts', import.meta.url));
const env = useTestEnvironment();

describe('outbox → relay → broker → idempotent consumer', () => {
  const catalogSql = useProducerDatabase(env);
  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'order-consumer');
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 64,
    handlers: {
      'product.deleted': async (tx, event) => {
        await tx`insert into effects (message_id, product_id) values (${event.id}, ${event.data.product_id})`;
      },
    },
  });

  it('handles each of 10,000 events exactly once although the relay is killed midway', async () => {
    await enqueueProductDeletions(catalogSql, 10_000);
    const childEnv = { ...env.env, AMQP_DELIVERY_LIMIT: String(DELIVERY_LIMIT) };

    const first = startTsProcess(relayProcess, childEnv);
    const publishedAtKill = await waitFor(() => countRows(catalogSql, 'published'), {
      until: (n) => n >= 1000,
      timeoutMs: 30_000,
      intervalMs: 5,
      what: 'the first relay to publish 1000 events',
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(publishedAtKill).toBeLessThan(10_000);

    const second = startTsProcess(relayProcess, childEnv);
    try {
      await waitFor(() => countRows(orderSql, 'effects'), {
        until: (n) => n >= 10_000,
        timeoutMs: 60_000,
        intervalMs: 100,
        what: '10,000 effects',
      });
      await waitFor(() => countRows(catalogSql, 'unpublished'), {
        until: (n) => n === 0,
        what: 'an empty outbox',
      });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    expect(await countRows(orderSql, 'effects')).toBe(10_000);
    expect(await countRows(orderSql, 'distinctEffects')).toBe(10_000);
    expect(await countRows(orderSql, 'inbox')).toBe(10_000);
  });

  it('publishes each row once when two relays drain one outbox', async () => {
    const seen = new Map<string, number>();
    const raw = await RawBroker.connect(env);
    await raw.tap('product.deleted', (messageId) => {
      seen.set(messageId, (seen.get(messageId) ?? 0) + 1);
    });
    const relays = [
      startOutboxRelay({ sql: catalogSql, broker, schema: 'catalog', logger, batchSize: 50 }),
      startOutboxRelay({ sql: catalogSql, broker, schema: 'catalog', logger, batchSize: 50 }),
    ];
    try {
      await enqueueProductDeletions(catalogSql, 2_000, 20_001, 100);
      await waitFor(() => seen.size, {
        until: (n) => n >= 2_000,
        timeoutMs: 30_000,
        what: '2,000 tapped messages',
      });
      await waitFor(() => countRows(catalogSql, 'unpublished'), {
        until: (n) => n === 0,
        what: 'an empty outbox',
      });
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await raw.close();
    }
    expect(seen.size).toBe(2_000);
    expect([...seen.values()].every((times) => times === 1)).toBe(true);
  });

  it('settles each full batch in the statement claiming the next: three batches, four statements', async () => {
    const statements: string[] = [];
    const relaySql = postgres(env.databaseUrl, {
      max: 2,
      onnotice: () => {},
      connection: { search_path: 'catalog' },
      debug: (_connection, statement) => statements.push(statement),
    });
    await enqueueProductDeletions(catalogSql, 30, 30_001);
    const relay = startOutboxRelay({
      sql: relaySql,
      broker,
      schema: 'catalog',
      logger,
      batchSize: 10,
      pollIntervalMs: 60_000,
    });
    try {
      await waitFor(() => countRows(catalogSql, 'unpublished'), {
        until: (n) => n === 0,
        what: 'an empty outbox',
      });
    } finally {
      await relay.stop();
      await relaySql.end();
    }
    // Three claims of 10 (the second and third settling the batch before), one finding nothing and
    // settling the third; before, each batch was settled by a statement of its own (seven in all).
    expect(statements.filter((statement) => /^\s*(with|update)/.test(statement))).toHaveLength(4);
    expect(await countRows(catalogSql, 'unpublished')).toBe(0);
  });
});
