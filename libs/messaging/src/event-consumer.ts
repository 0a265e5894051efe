import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceName } from '@shop/contracts';
import type { Counter, Registry } from '@shop/platform';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Sql } from 'postgres';
import { respondToFailure } from './batch-failure.js';
import type { Broker, ConsumerSpec } from './broker.js';
import { ClosedChannels } from './closed-channels.js';
import { ConsumptionPause } from './consumption-pause.js';
import type { EventBatchHandlers, EventHandlers } from './event-handlers.js';
import { type Delivery, handleBatch } from './handle-batch.js';
import { consumerPausesCounter, type HandledOutcome, handledMessagesCounter } from './messaging-metrics.js';
import { parseDelivery } from './parse-delivery.js';
import { handlerFailuresOf, requeueWithFailure } from './retry-delivery.js';

export type { EventBatchHandler, EventBatchHandlers, EventHandler, EventHandlers } from './event-handlers.js';

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
  /**
   * How long a batch short of `batchSize` waits for more deliveries before it starts (default 0: at
   * once). For events that may wait a little, so that one transaction carries many of them.
   */
  gatherMs?: number;
  /** Pause before a failed message goes back to the queue, times its handler failures. */
  retryDelayMs?: number;
  /** Where `messages_handled_total` and `consumer_pauses_total` are counted. */
  metrics?: Registry;
}

export interface EventConsumer {
  /** Stops taking deliveries and waits for those in hand to settle. */
  stop(): Promise<void>;
}

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
  const consumer = new BatchingConsumer(options);
  await options.broker.consume(consumer.spec);
  return { stop: () => consumer.stop() };
}

class BatchingConsumer {
  readonly spec: ConsumerSpec;
  private readonly waiting: Delivery[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly pause = new ConsumptionPause();
  private readonly closedChannels = new ClosedChannels();
  private readonly queue: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly gatherMs: number;
  private readonly handled: Counter<'type' | 'outcome'> | undefined;
  private readonly pauses: Counter | undefined;
  private stopping = false;
  private resumeTimer: NodeJS.Timeout | undefined;
  private gatherTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.queue = options.broker.names.queue(options.service);
    this.batchSize = options.batchSize ?? 32;
    this.concurrency = options.concurrency ?? 4;
    this.gatherMs = options.gatherMs ?? 0;
    this.handled = options.metrics && handledMessagesCounter(options.metrics);
    this.pauses = options.metrics && consumerPausesCounter(options.metrics);
    this.spec = {
      queue: this.queue,
      prefetch: options.prefetch,
      onMessage: (message, channel) => this.onMessage(message, channel),
    };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.resumeTimer);
    await this.options.broker.cancel(this.spec);
    this.startBatches();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private onMessage(message: ConsumeMessage, channel: Channel): void {
    this.closedChannels.watch(channel);
    const log = this.options.logger.child({
      message_id: message.properties.messageId,
      routing_key: message.fields.routingKey,
    });
    const parsed = parseDelivery(message, this.options.handlers);
    if (!parsed.ok) {
      log.error({ reason: parsed.reason }, 'invalid message dead-lettered');
      this.count(message.fields.routingKey, 'invalid');
      settleSafely(() => channel.nack(message, false, false));
      return;
    }
    this.waiting.push({ message, channel, event: parsed.event, log });
    if (this.waiting.length === 1 && this.gatherMs > 0) {
      // The first of a new batch: it starts when full or when the window closes.
      this.gatherTimer = setTimeout(() => {
        this.gatherTimer = undefined;
        this.startBatches();
      }, this.gatherMs);
    }
    this.startBatches();
  }

  private startBatches(): void {
    const pausedMs = this.pause.remainingMs();
    if (pausedMs > 0 && !this.stopping) {
      this.resumeTimer ??= setTimeout(() => {
        this.resumeTimer = undefined;
        this.startBatches();
      }, pausedMs);
      return;
    }
    const gathering = this.gatherTimer !== undefined && !this.stopping;
    if (gathering && this.waiting.length < this.batchSize) return;
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.batchSize);
      const done: Promise<void> = this.settleBatch(batch).finally(() => {
        this.running.delete(done);
        this.startBatches();
      });
      this.running.add(done);
    }
  }

  /** Handles the batch in one transaction; a failing message is set aside and the rest run again. */
  private async settleBatch(batch: Delivery[]): Promise<void> {
    let pending = batch;
    let oneByOne = false;
    for (;;) {
      pending = pending.filter((delivery) => !this.closedChannels.has(delivery.channel));
      if (pending.length === 0) return;
      try {
        const handled = await this.options.sql.begin((tx) =>
          handleBatch(tx, pending, this.options, oneByOne),
        );
        this.pause.succeeded();
        for (const delivery of pending) {
          settleSafely(() => delivery.channel.ack(delivery.message));
          this.count(delivery.event.type, handled.has(delivery) ? 'handled' : 'duplicate');
        }
        return;
      } catch (thrown) {
        if (this.stopping) {
          for (const { channel, message } of pending) settleSafely(() => channel.nack(message, false, true));
          return;
        }
        const response = respondToFailure(thrown);
        if (response.next === 'one-by-one') oneByOne = true;
        if (response.next === 'set-aside') {
          const failed = response.delivery;
          pending = pending.filter((delivery) => delivery !== failed);
          void this.returnToQueue(failed, response.error);
        }
        if (response.pause) await this.pauseConsumption(response.error, pending.length);
      }
    }
  }

  private async pauseConsumption(error: unknown, messages: number): Promise<void> {
    this.pauses?.inc();
    this.options.logger.warn(
      { err: (error as Error).message, messages },
      'infrastructure failure; consumption paused',
    );
    await this.pause.failed();
  }

  /**
   * Sends a message whose handler failed back to the queue as a copy counting its failures, after
   * a pause growing with them; dead-letters it once AMQP_DELIVERY_LIMIT retries have failed too.
   */
  private async returnToQueue({ message, channel, log, event }: Delivery, error: unknown): Promise<void> {
    const failures = handlerFailuresOf(message) + 1;
    this.count(event.type, 'failed');
    if (failures > this.options.broker.deliveryLimit) {
      log.error({ err: error, failures }, 'handler failed; failure budget spent, message dead-lettered');
      settleSafely(() => channel.nack(message, false, false));
      return;
    }
    log.error({ err: error, failures }, 'handler failed; message returned to the queue');
    if (!this.stopping) await sleep((this.options.retryDelayMs ?? 200) * failures);
    if (this.closedChannels.has(channel)) return;
    try {
      await requeueWithFailure(this.options.broker, this.queue, message, failures);
      settleSafely(() => channel.ack(message));
    } catch (publishError) {
      log.warn({ err: (publishError as Error).message }, 'failed message not copied; requeued as it is');
      settleSafely(() => channel.nack(message, false, true));
    }
  }

  private count(type: string, outcome: HandledOutcome, n = 1): void {
    this.handled?.inc({ type, outcome }, n);
  }
}

/** Acks on a channel that closed meanwhile are moot: the broker redelivers, the inbox dedups. */
function settleSafely(settleMessage: () => void): void {
  try {
    settleMessage();
  } catch {}
}
