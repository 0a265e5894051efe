// Events/s through outbox → relay → broker → idempotent consumer, next to a bare amqplib
// publish-with-confirms + consume loop measured in the same run on the same broker.
import { randomUUID } from 'node:crypto';
import {
  Broker,
  enqueueEvents,
  messagingMigrations,
  startEventConsumer,
  startOutboxRelay,
} from '@shop/messaging';
import { createLogger, createSql, migrate } from '@shop/platform';
import amqplib from 'amqplib';
import { benchConfig, scaledCount } from './config.js';
import { withBenchDatabase } from './database.js';
import { perSecond, writeResults } from './report.js';

// Events are written (and bare-published) in windows of this many.
const PER_TRANSACTION = 100;
// A multiple of PER_TRANSACTION: every window is full.
const EVENTS = scaledCount(200, 1) * PER_TRANSACTION;
const logger = createLogger({ service: 'bench', level: 'warn', format: 'json' });

/** The physical reference: publish with confirms in windows, consume with acks, same payload size. */
async function bareAmqplib(count: number, body: Buffer): Promise<number> {
  const connection = await amqplib.connect(benchConfig.amqpUrl, { noDelay: true });
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const { queue } = await consumer.assertQueue(`bench.bare.${randomUUID()}`, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await consumer.prefetch(128);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    consumer.consume(queue, (message) => {
      if (!message) return;
      consumer.ack(message);
      if (++received === count) resolve();
    });
  });
  const started = performance.now();
  for (let sent = 0; sent < count; sent += PER_TRANSACTION) {
    for (let i = 0; i < PER_TRANSACTION; i++) {
      publisher.publish('', queue, body, { persistent: true, messageId: randomUUID(), mandatory: true });
    }
    await publisher.waitForConfirms();
  }
  await done;
  const elapsed = performance.now() - started;
  await consumer.deleteQueue(queue);
  await connection.close();
  return elapsed;
}

/**
 * The kit: a service writes events in transactions; relay, broker and inbox consumer carry them.
 * `stock.released` has one consuming queue, like the bare loop.
 */
async function throughTheKit(databaseUrl: string, prefix: string, count: number): Promise<number> {
  const catalogSql = createSql(databaseUrl, { schema: 'catalog', max: 4 });
  const orderSql = createSql(databaseUrl, { schema: 'order', max: 10 });
  await migrate(catalogSql, { schema: 'catalog', sources: [messagingMigrations] });
  await migrate(orderSql, { schema: 'order', sources: [messagingMigrations] });
  await orderSql`create table if not exists effects (message_id uuid not null, order_id int not null)`;
  const brokerOptions = { url: benchConfig.amqpUrl, prefix, deliveryLimit: 5, logger };
  const relayBroker = new Broker({ ...brokerOptions, connectionName: 'bench-relay' });
  const consumerBroker = new Broker({ ...brokerOptions, connectionName: 'bench-consumer' });
  await Promise.all([relayBroker.start(), consumerBroker.start()]);

  let handled = 0;
  let allHandled: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allHandled = resolve;
  });
  const consumer = await startEventConsumer({
    sql: orderSql,
    broker: consumerBroker,
    service: 'order',
    logger,
    prefetch: 128,
    handlers: {
      'stock.released': async (tx, event) => {
        await tx`insert into effects (message_id, order_id) values (${event.id}, ${event.data.order_id})`;
        // Counted on commit's side: the handler runs once per message thanks to the inbox.
        if (++handled === count) setImmediate(allHandled);
      },
    },
  });
  const relay = startOutboxRelay({ sql: catalogSql, broker: relayBroker, schema: 'catalog', logger });

  const started = performance.now();
  for (let written = 0; written < count; written += PER_TRANSACTION) {
    const events = Array.from({ length: PER_TRANSACTION }, (_, i) => ({
      type: 'stock.released' as const,
      data: { order_id: written + i + 1 },
      correlationId: 'bench',
    }));
    await catalogSql.begin((tx) => enqueueEvents(tx, 'catalog', events));
  }
  await done;
  const elapsed = performance.now() - started;

  await consumer.stop();
  await relay.stop();
  await Promise.all([relayBroker.close(), consumerBroker.close()]);
  await Promise.all([catalogSql.end(), orderSql.end()]);
  return elapsed;
}

async function main() {
  await withBenchDatabase(async (databaseUrl, prefix) => {
    const sampleBody = Buffer.from(
      JSON.stringify({
        id: randomUUID(),
        type: 'stock.released',
        data: { order_id: 1 },
        pad: 'x'.repeat(150),
      }),
    );
    const bareMs = await bareAmqplib(EVENTS, sampleBody);
    const kitMs = await throughTheKit(databaseUrl, prefix, EVENTS);
    const bare = perSecond(EVENTS, bareMs);
    const kit = perSecond(EVENTS, kitMs);
    await writeResults('messaging', {
      events: EVENTS,
      bare_amqplib_confirm_and_consume_per_s: bare,
      outbox_relay_broker_inbox_per_s: kit,
      kit_to_bare_ratio: Math.round((kit / bare) * 100) / 100,
    });
  });
}

await main();
