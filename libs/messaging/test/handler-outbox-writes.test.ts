// A handler's outbox write is not waited for: it goes out with the next handler's statement or the
// batch's COMMIT. When it fails, the next handler's statement fails too ("current transaction is
// aborted", 25P02) — which is not the next message's fault: no message is charged, the batch runs
// again after a pause, and each message is handled once when the outbox is back.
import { createMetricsRegistry, type Registry, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, type EventConsumer, enqueueEvents, startEventConsumer } from '../src/index.js';
import { consumerDatabase, logger, startBroker } from './fixtures/demo-services.js';
import { envelope, RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
// Its handler holds the consumer's one slot until released, so the messages after it queue up as one
// batch; it writes no event.
const GATE = 1;

describe('a consumer whose handlers write to an outbox it cannot write', () => {
  let orderSql: Sql;
  let broker: Broker;
  let consumer: EventConsumer;
  let raw: RawBroker;
  let metrics: Registry;
  let openGate: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });

  beforeAll(async () => {
    orderSql = await consumerDatabase(env);
    broker = await startBroker(env, 'order-outbox-writes');
    raw = await RawBroker.connect(env);
    metrics = createMetricsRegistry('order');
    consumer = await startEventConsumer({
      sql: orderSql,
      broker,
      service: 'order',
      logger,
      metrics,
      prefetch: 128,
      concurrency: 1,
      retryDelayMs: 20,
      handlers: {
        'product.deleted': async (tx, event) => {
          const productId = event.data.product_id;
          await tx`insert into effects (message_id, product_id) values (${event.id}, ${productId})`;
          if (productId === GATE) return gate;
          enqueueEvents(tx, 'order', [
            { type: 'product.deleted', data: { product_id: productId }, correlationId: event.id },
          ]);
        },
      },
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await Promise.all([broker?.close(), raw?.close()]);
    await orderSql?.end();
  });

  async function metricSum(name: string, outcome?: string): Promise<number> {
    const metric = await metrics.getSingleMetric(name)?.get();
    return (metric?.values ?? [])
      .filter((value) => outcome === undefined || value.labels.outcome === outcome)
      .reduce((sum, value) => sum + value.value, 0);
  }

  it('charges no message, pauses, and handles each message once (one outbox row each) when it is back', async () => {
    for (let productId = GATE; productId <= 11; productId++) {
      const message = envelope('product.deleted', { product_id: productId });
      await raw.publish('product.deleted', message, message.id);
    }
    await orderSql`alter table outbox rename to outbox_away`;
    openGate();
    await waitFor(() => metricSum('consumer_pauses_total'), {
      until: (n) => n >= 3,
      what: 'three paused tries',
    });
    await orderSql`alter table outbox_away rename to outbox`;

    await waitFor(() => orderSql`select product_id from effects`, {
      until: (rows) => rows.length === 11,
      timeoutMs: 20_000,
      what: 'the 11 messages handled',
    });
    expect(await raw.drainDeadLetters('order')).toEqual([]);
    expect(await metricSum('messages_handled_total', 'failed')).toBe(0);
    const announced = await orderSql`select payload->'data'->>'product_id' as id from outbox order by 1`;
    expect(announced.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 2),
    );
  });
});
