import { setTimeout as sleep } from 'node:timers/promises';
import { context, SpanKind, trace } from '@opentelemetry/api';
import type { Envelope, EventData, EventType, ServiceName } from '@shop/contracts';
import type { Registry } from '@shop/platform';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Sql, TransactionSql } from 'postgres';
import type { Broker, ConsumerSpec } from './broker.js';
import { ConsumptionPause } from './consumption-pause.js';
import { consumerPausesCounter, type HandledOutcome, handledMessagesCounter } from './messaging-metrics.js';
import { parseDelivery } from './parse-delivery.js';
import { handlerFailuresOf, requeueWithFailure } from './retry-delivery.js';
import { contextFromHeaders } from './trace-context.js';
import { isTimeoutError, isTransientError } from './transient-errors.js';

/** Handles one event inside the transaction that also records it in the inbox. */
export type EventHandler<T extends EventType> = (
  tx: TransactionSql,
  event: Envelope<EventData<T>>,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/**
 * Handles a run of consecutive events of one type at once (in delivery order), inside the batch's
 * transaction; the type's EventHandler stays the fallback that finds a failing message.
 */
export type EventBatchHandler<T extends EventType> = (
  tx: TransactionSql,
  events: Envelope<EventData<T>>[],
) => Promise<void>;

export type EventBatchHandlers = { [T in EventType]?: EventBatchHandler<T> };

export interface EventConsumerOptions {
  sql: Sql;
  broker: Broker;
  service: ServiceName;
  handlers: EventHandlers;
  /** Optional set-based handlers for types that often arrive in bulk (an import's product.upserted). */
  batchHandlers?: EventBatchHandlers;
  logger: Logger;
  prefetch: number;
  /** Messages handled per transaction (one commit, one fsync for all of them). */
  batchSize?: number;
  /** Transactions running at once; keep it below the pool size. */
  concurrency?: number;
  /** Pause before a failed message goes back to the queue, times its handler failures. */
  retryDelayMs?: number;
  /** Where `messages_handled_total` and `consumer_pauses_total` are counted. */
  metrics?: Registry;
}

export interface EventConsumer {
  /** Stops taking deliveries and waits for those in hand to settle. */
  stop(): Promise<void>;
}

/** What the transaction was running when it failed: one message, or a run of them. */
interface Attempt {
  current?: Delivery | undefined;
  run?: Delivery[] | undefined;
}

interface Delivery {
  message: ConsumeMessage;
  channel: Channel;
  event: Envelope;
  log: Logger;
}

const tracer = trace.getTracer('@shop/messaging');

/**
 * Consumes the service's queue idempotently. Deliveries are handled in small batches: one
 * transaction inserts their ids into the inbox and runs the handler of each new one; ack after
 * commit. A duplicate is acked and skipped. A run of consecutive messages of a type with a batch
 * handler is handed to it at once; if it fails, the batch runs again one handler per message, so the
 * failing message is found. A schema-invalid message is dead-lettered at once. A
 * handler error rolls the batch back; the others run again without the failing message, whose
 * copy goes back to the queue counting the failure, until AMQP_DELIVERY_LIMIT retries are spent
 * and it is dead-lettered. Infrastructure failures (anything but a handler rejecting its message:
 * database away or unresolvable, inbox unwritable) pause consumption with back-off and retry in
 * place, never charging a message; a handler's timeout both pauses and charges its message.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const { broker, service, logger, prefetch, batchSize = 32, concurrency = 4 } = options;
  const waiting: Delivery[] = [];
  const running = new Set<Promise<void>>();
  let stopping = false;
  let resumeTimer: NodeJS.Timeout | undefined;
  const pause = new ConsumptionPause();
  // Deliveries of a closed channel went back to the queue with it; settling them is moot.
  const closedChannels = new WeakSet<Channel>();
  const watchedChannels = new WeakSet<Channel>();
  const queue = broker.names.queue(service);
  const handled = options.metrics && handledMessagesCounter(options.metrics);
  const pauses = options.metrics && consumerPausesCounter(options.metrics);
  const count = (type: string, outcome: HandledOutcome, n = 1) => handled?.inc({ type, outcome }, n);

  function onMessage(message: ConsumeMessage, channel: Channel) {
    if (!watchedChannels.has(channel)) {
      watchedChannels.add(channel);
      channel.once('close', () => closedChannels.add(channel));
    }
    const log = logger.child({
      message_id: message.properties.messageId,
      routing_key: message.fields.routingKey,
    });
    const parsed = parseDelivery(message, options.handlers);
    if (!parsed.ok) {
      log.error({ reason: parsed.reason }, 'invalid message dead-lettered');
      count(message.fields.routingKey, 'invalid');
      settleSafely(() => channel.nack(message, false, false));
      return;
    }
    waiting.push({ message, channel, event: parsed.event, log });
    startBatches();
  }

  function startBatches() {
    const pausedMs = pause.remainingMs();
    if (pausedMs > 0 && !stopping) {
      resumeTimer ??= setTimeout(() => {
        resumeTimer = undefined;
        startBatches();
      }, pausedMs);
      return;
    }
    while (running.size < concurrency && waiting.length > 0) {
      const batch = waiting.splice(0, batchSize);
      const done: Promise<void> = settleBatch(batch).finally(() => {
        running.delete(done);
        startBatches();
      });
      running.add(done);
    }
  }

  /** Handles the batch in one transaction; a failing message is set aside and the rest run again. */
  async function settleBatch(batch: Delivery[]) {
    let pending = batch;
    let oneByOne = false;
    for (;;) {
      pending = pending.filter((delivery) => !closedChannels.has(delivery.channel));
      if (pending.length === 0) return;
      const attempt: Attempt = {};
      try {
        const handled = await options.sql.begin((tx) => handleAll(tx, pending, attempt, oneByOne));
        pause.succeeded();
        for (const delivery of pending) {
          settleSafely(() => delivery.channel.ack(delivery.message));
          count(delivery.event.type, handled.has(delivery) ? 'handled' : 'duplicate');
        }
        return;
      } catch (error) {
        if (stopping) {
          for (const { channel, message } of pending) settleSafely(() => channel.nack(message, false, true));
          return;
        }
        const failed = attempt.current;
        const timedOut = isTimeoutError(error);
        const transient = isTransientError(error) && !timedOut;
        if (attempt.run && !transient) {
          // Which message of the run failed is unknown: the batch runs again, one handler per message.
          oneByOne = true;
          if (timedOut) await pauseConsumption(error, pending.length);
          continue;
        }
        if (!failed || transient) {
          await pauseConsumption(error, pending.length);
          continue;
        }
        pending = pending.filter((delivery) => delivery !== failed);
        void returnToQueue(failed, error);
        if (timedOut) await pauseConsumption(error, pending.length);
      }
    }
  }

  async function pauseConsumption(error: unknown, messages: number) {
    pauses?.inc();
    logger.warn({ err: (error as Error).message, messages }, 'infrastructure failure; consumption paused');
    await pause.failed();
  }

  /**
   * Records the batch in the inbox with one statement and runs the handler of each new message, once
   * per id even when the batch holds the same message twice; answers the deliveries it handled.
   * Consecutive new messages of a type with a batch handler go to it together, unless `oneByOne`.
   */
  async function handleAll(
    tx: TransactionSql,
    batch: Delivery[],
    attempt: Attempt,
    oneByOne: boolean,
  ): Promise<Set<Delivery>> {
    const fresh = new Set(
      (
        await tx<{ message_id: string }[]>`
          insert into inbox (message_id, type)
          select * from unnest(${batch.map((d) => d.event.id)}::uuid[], ${batch.map((d) => d.event.type)}::text[])
          on conflict do nothing
          returning message_id`
      ).map((row) => row.message_id),
    );
    const toHandle = batch.filter((delivery) => {
      // The uuid column answers ids lower-case, whatever case the envelope used.
      if (fresh.delete(delivery.event.id.toLowerCase())) return true;
      delivery.log.debug('duplicate message skipped');
      return false;
    });
    for (let start = 0; start < toHandle.length; ) {
      const run = oneByOne ? [] : runOfBatchHandledType(toHandle, start);
      if (run.length > 1) {
        attempt.run = run;
        await runBatchHandler(tx, run);
        attempt.run = undefined;
        start += run.length;
        continue;
      }
      attempt.current = toHandle[start];
      await runHandler(tx, toHandle[start] as Delivery);
      attempt.current = undefined;
      start += 1;
    }
    return new Set(toHandle);
  }

  /** The deliveries from `start` on that share its type, when that type has a batch handler. */
  function runOfBatchHandledType(deliveries: Delivery[], start: number): Delivery[] {
    const type = deliveries[start]?.event.type;
    if (!type || !options.batchHandlers?.[type as EventType]) return [];
    let end = start + 1;
    while (end < deliveries.length && deliveries[end]?.event.type === type) end++;
    return deliveries.slice(start, end);
  }

  async function runBatchHandler(tx: TransactionSql, run: Delivery[]) {
    const type = (run[0] as Delivery).event.type as EventType;
    const handler = options.batchHandlers?.[type] as EventBatchHandler<EventType>;
    // One span for the run, under the first message's trace.
    const parent = contextFromHeaders((run[0] as Delivery).message.properties.headers);
    const span = tracer.startSpan(
      `${type} process`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': run.length } },
      parent,
    );
    try {
      const events = run.map((delivery) => delivery.event as Envelope<never>);
      await context.with(trace.setSpan(parent, span), () => handler(tx, events));
    } finally {
      span.end();
    }
  }

  async function runHandler(tx: TransactionSql, { event, message }: Delivery) {
    const handler = options.handlers[event.type as EventType] as EventHandler<EventType>;
    const parent = contextFromHeaders(message.properties.headers);
    const span = tracer.startSpan(`${event.type} process`, { kind: SpanKind.CONSUMER }, parent);
    try {
      await context.with(trace.setSpan(parent, span), () => handler(tx, event as Envelope<never>));
    } finally {
      span.end();
    }
  }

  /**
   * Sends a message whose handler failed back to the queue as a copy counting its failures, after
   * a pause growing with them; dead-letters it once AMQP_DELIVERY_LIMIT retries have failed too.
   */
  async function returnToQueue({ message, channel, log, event }: Delivery, error: unknown) {
    const failures = handlerFailuresOf(message) + 1;
    count(event.type, 'failed');
    if (failures > broker.deliveryLimit) {
      log.error({ err: error, failures }, 'handler failed; failure budget spent, message dead-lettered');
      settleSafely(() => channel.nack(message, false, false));
      return;
    }
    log.error({ err: error, failures }, 'handler failed; message returned to the queue');
    if (!stopping) await sleep((options.retryDelayMs ?? 200) * failures);
    if (closedChannels.has(channel)) return;
    try {
      await requeueWithFailure(broker, queue, message, failures);
      settleSafely(() => channel.ack(message));
    } catch (publishError) {
      log.warn({ err: (publishError as Error).message }, 'failed message not copied; requeued as it is');
      settleSafely(() => channel.nack(message, false, true));
    }
  }

  const spec: ConsumerSpec = { queue, prefetch, onMessage };
  await broker.consume(spec);

  return {
    async stop() {
      stopping = true;
      clearTimeout(resumeTimer);
      await broker.cancel(spec);
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** Acks on a channel that closed meanwhile are moot: the broker redelivers, the inbox dedups. */
function settleSafely(settleMessage: () => void): void {
  try {
    settleMessage();
  } catch {}
}
