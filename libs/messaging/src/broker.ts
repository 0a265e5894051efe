import amqplib, { type ChannelModel, type Options } from 'amqplib';
import type { Logger } from 'pino';
import { BrokerConsumers, type ConsumerSpec } from './broker-consumers.js';
import { ConfirmPublisher, PublishError } from './confirm-publisher.js';
import { TopologyError } from './queue-declaration.js';
import { declareTopology, type StreamRetention, type TopologyNames, topologyNames } from './topology.js';

export type { ConsumerSpec, DeliveryHandler } from './broker-consumers.js';
export { PublishError, type PublishFailure } from './confirm-publisher.js';

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

/**
 * A RabbitMQ connection that recovers by itself: on every (re)connect it declares the topology,
 * opens a confirm channel for publishing and restarts every registered consumer.
 */
export class Broker {
  readonly names: TopologyNames;
  private readonly consumers: BrokerConsumers;
  private publisher: ConfirmPublisher | null = null;
  /** The connection being set up or in use: only its blocked/unblocked notifications count. */
  private current: ChannelModel | null = null;
  private blocked = false;
  private connection: amqplib.RecoveringChannelModel | null = null;

  constructor(private readonly options: BrokerOptions) {
    this.names = topologyNames(options.prefix);
    this.consumers = new BrokerConsumers(options.logger, (model) => this.declareTopology(model));
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
      this.publisher = null;
      this.consumers.connectionLost();
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
    return this.publisher !== null && !this.blocked && this.consumers.allSubscribed();
  }

  /** Handler failures a message may have before it is dead-lettered (AMQP_DELIVERY_LIMIT). */
  get deliveryLimit(): number {
    return this.options.deliveryLimit;
  }

  /** Publishes each message with `mandatory`; answers per message its failure, or null once confirmed. */
  async publishEach(messages: OutgoingMessage[]): Promise<Array<PublishError | null>> {
    const publisher = this.availablePublisher();
    return Promise.all(
      messages.map((message) =>
        publisher
          .publish(this.names.exchange, message.routingKey, message.body, {
            contentType: 'application/json',
            messageId: message.messageId,
            type: message.type,
            appId: message.appId,
            headers: message.headers,
          })
          .then(
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
    await this.availablePublisher().publish('', queue, message.body, {
      ...message.properties,
      messageId: message.messageId,
      headers: message.headers,
    });
  }

  /** Registers a consumer; it starts now if connected and again after every reconnect. */
  async consume(spec: ConsumerSpec): Promise<void> {
    await this.consumers.add(spec);
  }

  /** Stops a consumer's deliveries; messages it has not acked yet stay its own to settle. */
  async cancel(spec: ConsumerSpec): Promise<void> {
    await this.consumers.cancel(spec);
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => {});
  }

  private availablePublisher(): ConfirmPublisher {
    if (!this.publisher || this.blocked) throw new PublishError('broker unavailable');
    return this.publisher;
  }

  private async setUp(model: ChannelModel): Promise<void> {
    this.watchBlocking(model);
    await this.declareTopology(model, this.options.logger);
    this.publisher = await this.openPublisher(model);
    await this.consumers.startAll(model);
  }

  /** A new connection starts unblocked; the broker says again if it blocks this one. */
  private watchBlocking(model: ChannelModel): void {
    this.current = model;
    this.blocked = false;
    model.on('blocked', (reason: string) => {
      if (this.current !== model) return;
      this.blocked = true;
      this.options.logger.warn({ reason }, 'broker blocked publishing');
    });
    model.on('unblocked', () => {
      if (this.current === model) this.blocked = false;
    });
  }

  private async openPublisher(model: ChannelModel): Promise<ConfirmPublisher> {
    const channel = await model.createConfirmChannel();
    const publisher = new ConfirmPublisher(channel, this.options.confirmTimeoutMs ?? 10_000);
    channel.on('error', (error) => this.options.logger.warn({ err: error.message }, 'publish channel error'));
    channel.on('close', () => {
      if (this.publisher === publisher) this.publisher = null;
    });
    return publisher;
  }

  /** Declares the topology on `model`; `logger` hears about queue arguments kept as the broker has them. */
  private declareTopology(model: ChannelModel, logger?: Logger): Promise<void> {
    const { deliveryLimit, queueMaxLength, streamRetention } = this.options;
    return declareTopology(model, this.names, deliveryLimit, logger, queueMaxLength, streamRetention);
  }
}
