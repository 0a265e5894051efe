// Events/s through outbox → relay → broker → idempotent consumer, next to a bare amqplib
// publish-with-confirms + consume loop measured in the same run on the same broker, each with the
// CPU time per event of the bench process (both run all their parts in it), PostgreSQL and RabbitMQ.
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
import { cpuSecondsOfMatching, ownCpuSeconds, postgresProcesses, rabbitmqProcess } from './processes.js';
import { perSecond, writeResults } from './report.js';

// Events are written (and bare-published) in windows of this many.
const PER_TRANSACTION = 100;
// A multiple of PER_TRANSACTION: every window is full.
const EVENTS = scaledCount(200, 1) * PER_TRANSACTION;
const logger = createLogger({ service: 'bench', level: 'warn', format: 'json' });

/** CPU seconds so far of this process, PostgreSQL's share for `database`, and RabbitMQ. */
async function cpuSecondsByPart(database: string): Promise<Record<string, number>> {
  return {
    bench_process: ownCpuSeconds(),
    postgresql: await cpuSecondsOfMatching(postgresProcesses(database)),
    rabbitmq: await cpuSecondsOfMatching(rabbitmqProcess),
  };
}

interface Measured {
  perSecond: number;
  cpuUsPerEvent: Record<string, number>;
}

/** The measured stretch of a run: its events per second and the CPU µs per event of each part. */
async function startMeasuring(database: string): Promise<(events: number) => Promise<Measured>> {
  const cpuBefore = await cpuSecondsByPart(database);
  const started = performance.now();
  return async (events) => {
    const elapsed = performance.now() - started;
    const cpuAfter = await cpuSecondsByPart(database);
    const cpuUsPerEvent = Object.fromEntries(
      Object.entries(cpuAfter).map(([part, seconds]) => [
        part,
        Math.round(((seconds - (cpuBefore[part] as number)) * 1e6) / events),
      ]),
    );
    return { perSecond: perSecond(events, elapsed), cpuUsPerEvent };
  };
}

/** The physical reference: publish with confirms in windows, consume with acks, same payload size. */
async function bareAmqplib(database: string, count: number, body: Buffer): Promise<Measured> {
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
  const stopMeasuring = await startMeasuring(database);
  for (let sent = 0; sent < count; sent += PER_TRANSACTION) {
    for (let i = 0; i < PER_TRANSACTION; i++) {
      publisher.publish('', queue, body, { persistent: true, messageId: randomUUID(), mandatory: true });
    }
    await publisher.waitForConfirms();
  }
  await done;
  const result = await stopMeasuring(count);
  await consumer.deleteQueue(queue);
  await connection.close();
  return result;
}

/**
 * The kit: a service writes events in transactions; relay, broker and inbox consumer carry them.
 * `stock.released` has one consuming queue, like the bare loop.
 */
async function throughTheKit(databaseUrl: string, prefix: string, count: number): Promise<Measured> {
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

  const stopMeasuring = await startMeasuring(new URL(databaseUrl).pathname.slice(1));
  for (let written = 0; written < count; written += PER_TRANSACTION) {
    const events = Array.from({ length: PER_TRANSACTION }, (_, i) => ({
      type: 'stock.released' as const,
      data: { order_id: written + i + 1 },
      correlationId: 'bench',
    }));
    await catalogSql.begin((tx) => enqueueEvents(tx, 'catalog', events));
  }
  await done;
  const result = await stopMeasuring(count);

  await consumer.stop();
  await relay.stop();
  await Promise.all([relayBroker.close(), consumerBroker.close()]);
  await Promise.all([catalogSql.end(), orderSql.end()]);
  return result;
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
    const bare = await bareAmqplib(new URL(databaseUrl).pathname.slice(1), EVENTS, sampleBody);
    const kit = await throughTheKit(databaseUrl, prefix, EVENTS);
    await writeResults('messaging', {
      events: EVENTS,
      bare_amqplib_confirm_and_consume_per_s: bare.perSecond,
      outbox_relay_broker_inbox_per_s: kit.perSecond,
      kit_to_bare_ratio: Math.round((kit.perSecond / bare.perSecond) * 100) / 100,
      cpu_us_per_event: { bare_amqplib: bare.cpuUsPerEvent, kit: kit.cpuUsPerEvent },
    });
  });
}

await main();
