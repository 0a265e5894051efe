import amqplib, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type Options,
} from 'amqplib';
import type { Logger } from 'pino';
import { TopologyError } from './queue-declaration.js';
import { declareTopology, type StreamRetention, type TopologyNames, topologyNames } from './topology.js';

/** One message for the events exchange. */
export interface OutgoingMessage {
  messageId: string;
  routingKey: string;
  body: Buffer;
  headers: Record<string, unknown>;
  type: string;
  appId: string;
}

/** One message for one queue, through the default exchange (a replayed dead letter). */
export interface QueueMessage {
  messageId: string;
  body: Buffer;
  headers: Record<string, unknown>;
  /** Other basic properties to keep (type, appId, contentType, …). */
  properties?: Options.Publish;
}

/** Receives each delivery with the channel it came on (acks must go back on that channel). */
export type DeliveryHandler = (message: ConsumeMessage, channel: Channel) => void;

export interface ConsumerSpec {
  /** A durable queue's name, or a function declaring a queue of this connection's own and naming it. */
  queue: string | ((channel: Channel) => Promise<string>);
  prefetch: number;
  onMessage: DeliveryHandler;
  /** Called after every (re)subscription, e.g. to catch up on what was missed meanwhile. */
  onSubscribed?: () => void;
}

export interface BrokerOptions {
  url: string;
  /** Shown in the broker's connection list, e.g. 'catalog'. */
  connectionName: string;
  prefix?: string;
  deliveryLimit: number;
  logger: Logger;
  /** How long a publish waits for its confirm before it counts as failed. */
  confirmTimeoutMs?: number;
  /** x-max-length of the service and dead-letter queues (AMQP_QUEUE_MAX_LENGTH; default DEFAULT_QUEUE_MAX_LENGTH). */
  queueMaxLength?: number;
  /** Declare the public stream with this retention (the services; see declareTopology). */
  streamRetention?: StreamRetention;
}

/** Why a publish failed: the broker as a whole (away, blocked, no confirm) or this message (nacked, unroutable). */
export type PublishFailure = 'unavailable' | 'timeout' | 'nacked' | 'unroutable';

/** Thrown when a publish cannot be confirmed: broker away, blocked, nacked or unroutable. */
export class PublishError extends Error {
  constructor(
    message: string,
    readonly failure: PublishFailure = 'unavailable',
  ) {
    super(message);
  }

  /** True when the message itself was refused (retrying the others is fine). */
  get concernsMessage(): boolean {
    return this.failure === 'nacked' || this.failure === 'unroutable';
  }
}

const MIN_CONSUMER_BACKOFF_MS = 100;
const MAX_CONSUMER_BACKOFF_MS = 5_000;

/**
 * A RabbitMQ connection that recovers by itself: on every (re)connect it declares the topology,
 * opens a confirm channel for publishing and restarts every registered consumer.
 */
export class Broker {
  readonly names: TopologyNames;
  private readonly consumers: ConsumerSpec[] = [];
  private readonly consumerTags = new Map<ConsumerSpec, { channel: Channel; tag: string }>();
  private readonly returned = new Set<string>();
  private publishChannel: ConfirmChannel | null = null;
  private model: ChannelModel | null = null;
  /** The connection being set up or in use: only its blocked/unblocked notifications count. */
  private current: ChannelModel | null = null;
  private readonly consumerBackoffMs = new Map<ConsumerSpec, number>();
  private readonly restarting = new Set<ConsumerSpec>();
  private blocked = false;
  private connection: amqplib.RecoveringChannelModel | null = null;

  constructor(private readonly options: BrokerOptions) {
    this.names = topologyNames(options.prefix);
  }

  /**
   * Connects (retrying with back-off) and resolves once the first connection is set up; rejects
   * when the broker refuses the topology (a changed queue argument, say), which no retry can fix.
   */
  async start(): Promise<void> {
    const { url, connectionName, logger } = this.options;
    const connection = await amqplib.connect(url, {
      noDelay: true, // with Nagle on, each hop waits ~40 ms for the delayed ACK
      clientProperties: { connection_name: connectionName },
      recovery: {
        waitForConnect: false,
        initialDelay: 100,
        maxDelay: 5000,
        setup: (model: ChannelModel) => this.setUp(model),
      },
    });
    this.connection = connection;
    connection.on('disconnect', (error: Error) => {
      this.publishChannel = null;
      this.model = null;
      logger.warn({ err: error.message }, 'broker connection lost; reconnecting');
    });
    connection.on('connect', () => logger.info('broker connected'));
    connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'broker connection error'));
    const refused = new Promise<never>((_, reject) => {
      connection.on('connect-failed', (error: Error) => {
        if (!(error instanceof TopologyError)) return;
        logger.error({ err: error.message }, 'the broker refused the topology');
        reject(error);
      });
    });
    try {
      await Promise.race([connection.waitForConnect(), refused]);
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
    refused.catch(() => {}); // later refusals (on a reconnect) are logged and retried with back-off
  }

  /** What /readyz reports: a publish channel open and not blocked, and every registered consumer subscribed. */
  isConnected(): boolean {
    return (
      this.publishChannel !== null &&
      !this.blocked &&
      this.consumers.every((spec) => this.consumerTags.has(spec))
    );
  }

  /** Handler failures a message may have before it is dead-lettered (AMQP_DELIVERY_LIMIT). */
  get deliveryLimit(): number {
    return this.options.deliveryLimit;
  }

  /** Publishes each message with `mandatory`; answers per message its failure, or null once confirmed. */
  async publishEach(messages: OutgoingMessage[]): Promise<Array<PublishError | null>> {
    const channel = this.publishChannel;
    if (!channel || this.blocked) throw new PublishError('broker unavailable');
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    return Promise.all(
      messages.map((message) =>
        withTimeout(
          this.publishOne(channel, this.names.exchange, message.routingKey, message.body, {
            contentType: 'application/json',
            messageId: message.messageId,
            type: message.type,
            appId: message.appId,
            headers: message.headers,
          }),
          timeoutMs,
        ).then(
          () => null,
          (error) => (error instanceof PublishError ? error : new PublishError(String(error))),
        ),
      ),
    );
  }

  /** Publishes with `mandatory` and resolves when the broker has confirmed every message. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    const failed = (await this.publishEach(messages)).find((failure) => failure !== null);
    if (failed) throw failed;
  }

  /** Publishes straight to `queue` (default exchange, `mandatory`) and resolves once it is confirmed. */
  async publishToQueue(queue: string, message: QueueMessage): Promise<void> {
    const channel = this.publishChannel;
    if (!channel || this.blocked) throw new PublishError('broker unavailable');
    const published = this.publishOne(channel, '', queue, message.body, {
      ...message.properties,
      messageId: message.messageId,
      headers: message.headers,
    });
    await withTimeout(published, this.options.confirmTimeoutMs ?? 10_000);
  }

  /** Registers a consumer; it starts now if connected and again after every reconnect. */
  async consume(spec: ConsumerSpec): Promise<void> {
    this.consumers.push(spec);
    if (this.model) await this.startConsumer(this.model, spec);
  }

  /** Stops a consumer's deliveries; messages it has not acked yet stay its own to settle. */
  async cancel(spec: ConsumerSpec): Promise<void> {
    const index = this.consumers.indexOf(spec);
    if (index >= 0) this.consumers.splice(index, 1);
    const active = this.consumerTags.get(spec);
    this.consumerTags.delete(spec);
    await active?.channel.cancel(active.tag).catch(() => {});
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => {});
  }

  private async setUp(model: ChannelModel): Promise<void> {
    const { logger } = this.options;
    // A new connection starts unblocked; the broker says again if it blocks this one.
    this.current = model;
    this.blocked = false;
    model.on('blocked', (reason: string) => {
      if (this.current !== model) return;
      this.blocked = true;
      logger.warn({ reason }, 'broker blocked publishing');
    });
    model.on('unblocked', () => {
      if (this.current === model) this.blocked = false;
    });
    await declareTopology(
      model,
      this.names,
      this.options.deliveryLimit,
      logger,
      this.options.queueMaxLength,
      this.options.streamRetention,
    );
    const channel = await model.createConfirmChannel();
    channel.on('return', (message) => this.returned.add(String(message.properties.messageId)));
    channel.on('error', (error) => logger.warn({ err: error.message }, 'publish channel error'));
    channel.on('close', () => {
      if (this.publishChannel === channel) this.publishChannel = null;
    });
    this.publishChannel = channel;
    // Iterating the live list starts consumers registered meanwhile; `model` is set after, so none starts twice.
    for (const spec of this.consumers) await this.startConsumer(model, spec);
    this.model = model;
  }

  private async startConsumer(model: ChannelModel, spec: ConsumerSpec): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error) =>
      this.options.logger.warn({ err: error.message, queue: spec.queue }, 'consumer channel error'),
    );
    channel.on('close', () => this.consumerChannelClosed(model, spec, channel));
    await channel.prefetch(spec.prefetch);
    const queue = typeof spec.queue === 'string' ? spec.queue : await spec.queue(channel);
    const { consumerTag } = await channel.consume(queue, (message) => {
      // null: the broker cancelled the consumer (queue deleted); a new channel takes over.
      if (message) spec.onMessage(message, channel);
      else channel.close().catch(() => {});
    });
    this.consumerTags.set(spec, { channel, tag: consumerTag });
    this.consumerBackoffMs.delete(spec);
    spec.onSubscribed?.();
  }

  /**
   * A consumer channel the broker closed while the connection stays (ack timeout, queue deleted,
   * cancel) is opened again, with the topology, after a growing pause; a lost connection is
   * left to the reconnect, which restarts every consumer.
   */
  private consumerChannelClosed(model: ChannelModel, spec: ConsumerSpec, channel: Channel): void {
    if (this.consumerTags.get(spec)?.channel === channel) this.consumerTags.delete(spec);
    if (this.restarting.has(spec)) return;
    this.restarting.add(spec);
    const backoffMs = this.consumerBackoffMs.get(spec) ?? MIN_CONSUMER_BACKOFF_MS;
    this.consumerBackoffMs.set(spec, Math.min(backoffMs * 2, MAX_CONSUMER_BACKOFF_MS));
    setTimeout(() => void this.restartConsumer(model, spec, channel), backoffMs).unref();
  }

  private async restartConsumer(model: ChannelModel, spec: ConsumerSpec, closed: Channel): Promise<void> {
    const { logger } = this.options;
    let failed = false;
    try {
      if (this.model !== model || !this.consumers.includes(spec) || this.consumerTags.has(spec)) return;
      if (typeof spec.queue === 'string')
        await declareTopology(
          model,
          this.names,
          this.options.deliveryLimit,
          undefined,
          this.options.queueMaxLength,
          this.options.streamRetention,
        );
      await this.startConsumer(model, spec);
      logger.info({ queue: spec.queue }, 'consumer re-created');
    } catch (error) {
      logger.warn({ err: (error as Error).message, queue: spec.queue }, 'consumer not re-created; retrying');
      failed = true;
    } finally {
      this.restarting.delete(spec);
    }
    if (failed) this.consumerChannelClosed(model, spec, closed);
  }

  private publishOne(
    channel: ConfirmChannel,
    exchange: string,
    routingKey: string,
    body: Buffer,
    properties: Options.Publish & { messageId: string },
  ): Promise<void> {
    const { messageId } = properties;
    return new Promise((resolve, reject) => {
      channel.publish(
        exchange,
        routingKey,
        body,
        { ...properties, mandatory: true, persistent: true },
        (error) => {
          // A basic.return arrives before the ack of the same message.
          const unroutable = this.returned.delete(messageId);
          if (error) reject(new PublishError(`broker refused message ${messageId}`, 'nacked'));
          else if (unroutable) reject(new PublishError(`no queue is bound for ${routingKey}`, 'unroutable'));
          else resolve();
        },
      );
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishError(`no confirm within ${ms} ms`, 'timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
