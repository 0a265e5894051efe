// An example consumer of Shop's public events, outside the stack (README.md): it declares its own
// queue, validates each message with the published schema, dedupes by id in its own store, backfills
// from the replay stream on its first start, and prints a running total of revenue.
import { randomUUID } from 'node:crypto';
import amqplib, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { readConfig } from './config.js';
import { EffectStore } from './effect-store.js';
import { type Effect, formatCents, toCents } from './revenue.js';
import { consumedTypes, loadValidators } from './schemas.js';

const config = readConfig();
const store = new EffectStore(config.storeFile);
const validators = await loadValidators(config.schemas);
const exchange = `${config.shopPrefix}shop.events`;
const stream = `${config.shopPrefix}shop.public-events`;
const deadLetter = `${config.queue}.dead-letter`;

console.log(
  `revenue ${formatCents(store.revenue.cents)} (${store.revenue.executed.size} executed orders in ${config.storeFile})`,
);

/** The effect of a message, or why it has none: another type (the stream has them all), or invalid. */
function effectOf(message: ConsumeMessage): Effect | 'other type' | string {
  let envelope: {
    id?: string;
    type?: string;
    data?: { order_id: number; total?: number; was_executed?: boolean };
  };
  try {
    envelope = JSON.parse(message.content.toString());
  } catch {
    return 'not JSON';
  }
  const validate = validators.get(String(envelope.type));
  if (!validate) return 'other type';
  if (!validate(envelope)) return `invalid: ${JSON.stringify(validate.errors)}`;
  const { id, data } = envelope as {
    id: string;
    data: { order_id: number; total: number; was_executed: boolean };
  };
  if (envelope.type === 'order.executed')
    return { id, type: 'order.executed', order_id: data.order_id, total_cents: toCents(data.total) };
  // A cancellation of an order that never executed changes no revenue: remembered as handled only.
  if (!data.was_executed) return { id, type: 'no effect' };
  return { id, type: 'order.cancelled', order_id: data.order_id };
}

/** Handles one delivery: effect recorded (fsynced) before the ack; a duplicate id is only acked. */
function handle(message: ConsumeMessage, channel: Channel, fromStream: boolean): void {
  const effect = effectOf(message);
  if (typeof effect === 'string') {
    if (effect !== 'other type') console.error(`message ${message.properties.messageId} ${effect}`);
    // A stream keeps its messages: there is nothing to dead-letter, only to skip.
    if (fromStream || effect === 'other type') channel.ack(message);
    else channel.nack(message, false, false);
    return;
  }
  if (store.has(effect.id)) {
    channel.ack(message);
    return;
  }
  const offset = fromStream ? Number(message.properties.headers?.['x-stream-offset']) : undefined;
  const change = store.record(
    offset === undefined || effect.type === 'backfilled' ? effect : { ...effect, offset },
  );
  if (effect.type === 'order.executed' || effect.type === 'order.cancelled') {
    const what = effect.type === 'order.executed' ? 'executed' : 'cancelled';
    console.log(
      `revenue ${formatCents(store.revenue.cents)} (${change >= 0 ? '+' : ''}${formatCents(change)}: order ${effect.order_id} ${what}${fromStream ? ', from the stream' : ''})`,
    );
  }
  channel.ack(message);
}

/** This consumer's own topology: a quorum queue bound to the public order events, its own dead letters. */
async function declareOwnQueue(channel: Channel): Promise<void> {
  await channel.assertExchange(deadLetter, 'fanout', { durable: true });
  await channel.assertQueue(deadLetter, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetter, deadLetter, '');
  await channel.assertQueue(config.queue, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-exchange': deadLetter },
  });
  for (const type of consumedTypes) await channel.bindQueue(config.queue, exchange, type);
}

/**
 * Reads the stream from where the store left it (`first` at the very start) up to where the queue
 * took over: the first stream message that also came to the queue (`caughtUp`), or the end of the
 * stream (no message for backfillIdleMs) when nothing new is being published.
 */
async function backfill(model: ChannelModel, caughtUp: (messageId: string) => boolean): Promise<void> {
  const channel = await model.createChannel();
  await channel.prefetch(200);
  const from = store.lastStreamOffset === undefined ? 'first' : store.lastStreamOffset + 1;
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(idle);
      resolve();
    };
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, config.backfillIdleMs);
    };
    channel.on('close', () => reject(new Error('the stream channel closed during the backfill')));
    channel
      .consume(
        stream,
        (message) => {
          if (!message || done) return;
          if (caughtUp(String(message.properties.messageId))) return finish();
          rearm();
          handle(message, channel, true);
        },
        { noAck: false, arguments: { 'x-stream-offset': from } },
      )
      .then(rearm, reject);
  });
  await channel.close();
  store.record({ id: `backfilled-${randomUUID()}`, type: 'backfilled' });
  console.log(`backfill done: revenue ${formatCents(store.revenue.cents)}`);
}

/**
 * Runs on every (re)connect: the queue declared and subscribed first (from then on it receives
 * everything new), its deliveries held while the backfill (once) reads the stream up to them, then
 * handled in order.
 */
async function setUp(model: ChannelModel): Promise<void> {
  const channel = await model.createChannel();
  await declareOwnQueue(channel);
  await channel.prefetch(50);
  const held: ConsumeMessage[] = [];
  let onLive: (message: ConsumeMessage) => void = (message) => {
    held.push(message);
  };
  await channel.consume(config.queue, (message) => message && onLive(message), { noAck: false });
  if (config.backfill && !store.backfilled) {
    const heldIds = () => new Set(held.map((message) => String(message.properties.messageId)));
    await backfill(model, (messageId) => heldIds().has(messageId));
  }
  for (const message of held.splice(0)) handle(message, channel, false);
  onLive = (message) => handle(message, channel, false);
  console.log(`consuming ${config.queue}`);
}

const connection = await amqplib.connect(config.amqpUrl, {
  clientProperties: { connection_name: config.queue },
  recovery: { initialDelay: 200, maxDelay: 5000, setup: setUp },
});
connection.on('disconnect', (error: Error) =>
  console.error(`broker connection lost (${error.message}); reconnecting`),
);
connection.on('connect-failed', (error: Error) => console.error(`not set up (${error.message}); retrying`));
connection.on('error', () => {});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await connection.close().catch(() => {});
    store.close();
    process.exit(0);
  });
}
