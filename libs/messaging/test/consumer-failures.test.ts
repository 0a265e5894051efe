import { createMetricsRegistry, createSql, type Registry, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, type EventConsumer, startEventConsumer } from '../src/index.js';
import { consumerDatabase, DELIVERY_LIMIT, logger, startBroker } from './fixtures/demo-services.js';
import { envelope, RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const SLOW_PRODUCT = 900;

describe('a consumer meeting failures that are not its messages’ fault', () => {
  let orderSql: Sql;
  let slowSql: Sql;
  let unreachableSql: Sql;
  let broker: Broker;
  let consumer: EventConsumer;
  let raw: RawBroker;
  let metrics: Registry;
  let databaseHostAway = false;
  const attempts = new Map<number, number>();

  beforeAll(async () => {
    orderSql = await consumerDatabase(env);
    // The same database through a pool whose statements may run 300 ms at most.
    slowSql = createSql(env.databaseUrl, { schema: 'order', max: 8, statementTimeoutMs: 300 });
    // A database host that does not resolve, as while a container restarts under Docker DNS.
    unreachableSql = createSql('postgres://postgres@db.invalid:5432/shop', { schema: 'order', max: 1 });
    broker = await startBroker(env, 'order-failures');
    raw = await RawBroker.connect(env);
    metrics = createMetricsRegistry('order');
    consumer = await startEventConsumer({
      sql: slowSql,
      broker,
      service: 'order',
      logger,
      metrics,
      prefetch: 128,
      retryDelayMs: 20,
      handlers: {
        'product.deleted': async (tx, event) => {
          const productId = event.data.product_id;
          attempts.set(productId, (attempts.get(productId) ?? 0) + 1);
          if (databaseHostAway && productId < 100) await unreachableSql`select 1`;
          if (productId === SLOW_PRODUCT) await tx`select pg_sleep(1)`;
          await tx`insert into effects (message_id, product_id) values (${event.id}, ${productId})`;
        },
      },
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await Promise.all([broker?.close(), raw?.close()]);
    await Promise.all([orderSql?.end(), slowSql?.end(), unreachableSql?.end()]);
  });

  async function effectsBetween(from: number, to: number): Promise<number> {
    return (await orderSql`select 1 from effects where product_id between ${from} and ${to}`).length;
  }

  async function pauses(): Promise<number> {
    const metric = await metrics.getSingleMetric('consumer_pauses_total')?.get();
    return metric?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
  }

  async function publishProducts(from: number, count: number) {
    for (let i = 0; i < count; i += 1) {
      const message = envelope('product.deleted', { product_id: from + i });
      await raw.publish('product.deleted', message, message.id);
    }
  }

  it('a handler that cannot resolve the database host pauses and retries: nothing is dead-lettered', async () => {
    databaseHostAway = true;
    await publishProducts(1, 20);
    await waitFor(pauses, { until: (n) => n >= 3, what: 'three paused tries during the outage' });
    databaseHostAway = false;

    await waitFor(() => effectsBetween(1, 20), {
      until: (n) => n === 20,
      timeoutMs: 20_000,
      what: 'the 20 messages handled',
    });
    expect(await raw.drainDeadLetters('order')).toEqual([]);
    expect(await pauses()).toBeGreaterThan(0);
  });

  it('an inbox the consumer cannot write pauses consumption: nothing is dead-lettered', async () => {
    await orderSql`alter table inbox rename to inbox_away`;
    const pausesBefore = await pauses();
    await publishProducts(200, 10);
    await waitFor(pauses, { until: (n) => n >= pausesBefore + 3, what: 'three paused tries' });
    await orderSql`alter table inbox_away rename to inbox`;

    await waitFor(() => effectsBetween(200, 209), {
      until: (n) => n === 10,
      timeoutMs: 20_000,
      what: 'the 10 messages handled',
    });
    expect(await raw.drainDeadLetters('order')).toEqual([]);
  });

  it('a handler whose statement times out every time is dead-lettered once its failure budget is spent', async () => {
    const slow = envelope('product.deleted', { product_id: SLOW_PRODUCT });
    await raw.publish('product.deleted', slow, slow.id);
    await publishProducts(300, 5);

    const deadLetters = await waitFor(() => raw.drainDeadLetters('order'), {
      until: (letters) => letters.length > 0,
      timeoutMs: 30_000,
      what: 'the always-timing-out message dead-lettered',
    });
    expect(deadLetters.map((letter) => letter.messageId)).toEqual([slow.id]);
    expect(attempts.get(SLOW_PRODUCT)).toBe(DELIVERY_LIMIT + 1);
    expect(await effectsBetween(SLOW_PRODUCT, SLOW_PRODUCT)).toBe(0);
    await waitFor(() => effectsBetween(300, 304), { until: (n) => n === 5, what: 'the others handled' });
  });

  it('handles a message whose envelope id is upper-case once, not as a duplicate', async () => {
    const message = envelope('product.deleted', { product_id: 400 });
    const upperCase = { ...message, id: message.id.toUpperCase() };

    await raw.publish('product.deleted', upperCase, upperCase.id);

    await waitFor(() => effectsBetween(400, 400), { what: 'the upper-case message handled' });
    const [inbox] = await orderSql`select count(*)::int as n from inbox where message_id = ${message.id}`;
    expect(inbox?.n).toBe(1);
  });
});
