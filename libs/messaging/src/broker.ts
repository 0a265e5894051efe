import amqplib, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type Options,
} from 'amqplib';
import type { Logger } from 'pino';
import { declareTopology, type TopologyNames, topologyNames } from './topology.js';

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
}

/** Thrown when a publish cannot be confirmed: broker away, blocked, nacked or unroutable. */
export class PublishError extends Error {}

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
  private blocked = false;
  private connection: amqplib.RecoveringChannelModel | null = null;

  constructor(private readonly options: BrokerOptions) {
    this.names = topologyNames(options.prefix);
  }

  /** Connects (retrying with back-off) and resolves once the first connection is set up. */
  async start(): Promise<void> {
    const { url, connectionName, logger } = this.options;
    this.connection = await amqplib.connect(url, {
      noDelay: true, // with Nagle on, each hop waits ~40 ms for the delayed ACK
      clientProperties: { connection_name: connectionName },
      recovery: {
        waitForConnect: false,
        initialDelay: 100,
        maxDelay: 5000,
        setup: (model: ChannelModel) => this.setUp(model),
      },
    });
    this.connection.on('disconnect', (error: Error) => {
      this.publishChannel = null;
      this.model = null;
      logger.warn({ err: error.message }, 'broker connection lost; reconnecting');
    });
    this.connection.on('connect', () => logger.info('broker connected'));
    this.connection.on('blocked', (reason: string) => {
      this.blocked = true;
      logger.warn({ reason }, 'broker blocked publishing');
    });
    this.connection.on('unblocked', () => {
      this.blocked = false;
    });
    this.connection.on('error', (error: Error) =>
      logger.warn({ err: error.message }, 'broker connection error'),
    );
    await this.connection.waitForConnect();
  }

  /** True while a publish channel is open. */
  isConnected(): boolean {
    return this.publishChannel !== null && !this.blocked;
  }

  /** Publishes with `mandatory` and resolves when the broker has confirmed every message. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    const channel = this.publishChannel;
    if (!channel || this.blocked) throw new PublishError('broker unavailable');
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    const published = messages.map((message) =>
      this.publishOne(channel, this.names.exchange, message.routingKey, message.body, {
        contentType: 'application/json',
        messageId: message.messageId,
        type: message.type,
        appId: message.appId,
        headers: message.headers,
      }),
    );
    await withTimeout(Promise.all(published), timeoutMs);
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
    const channel = await model.createConfirmChannel();
    await declareTopology(channel, this.names, this.options.deliveryLimit);
    channel.on('return', (message) => this.returned.add(String(message.properties.messageId)));
    channel.on('error', (error) => this.options.logger.warn({ err: error.message }, 'publish channel error'));
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
    await channel.prefetch(spec.prefetch);
    const queue = typeof spec.queue === 'string' ? spec.queue : await spec.queue(channel);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (message) spec.onMessage(message, channel);
    });
    this.consumerTags.set(spec, { channel, tag: consumerTag });
    spec.onSubscribed?.();
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
          if (error) reject(new PublishError(`broker refused message ${messageId}`));
          else if (unroutable) reject(new PublishError(`no queue is bound for ${routingKey}`));
          else resolve();
        },
      );
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishError(`no confirm within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
