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

export interface EventConsumerOptions {
  sql: Sql;
  broker: Broker;
  service: ServiceName;
  handlers: EventHandlers;
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
 * commit. A duplicate is acked and skipped. A schema-invalid message is dead-lettered at once. A
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
    for (;;) {
      pending = pending.filter((delivery) => !closedChannels.has(delivery.channel));
      if (pending.length === 0) return;
      const attempt = { current: undefined as Delivery | undefined };
      try {
        const handled = await options.sql.begin((tx) => handleAll(tx, pending, attempt));
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
        if (!failed || (isTransientError(error) && !timedOut)) {
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
   */
  async function handleAll(
    tx: TransactionSql,
    batch: Delivery[],
    attempt: { current?: Delivery | undefined },
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
    const handled = new Set<Delivery>();
    for (const delivery of batch) {
      // The uuid column answers ids lower-case, whatever case the envelope used.
      if (!fresh.delete(delivery.event.id.toLowerCase())) {
        delivery.log.debug('duplicate message skipped');
        continue;
      }
      attempt.current = delivery;
      await runHandler(tx, delivery);
      handled.add(delivery);
    }
    attempt.current = undefined;
    return handled;
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
