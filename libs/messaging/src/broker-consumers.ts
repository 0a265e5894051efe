import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';

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

const MIN_CONSUMER_BACKOFF_MS = 100;
const MAX_CONSUMER_BACKOFF_MS = 5_000;

/**
 * The broker's registered consumers, each on a channel of its own: all started on every
 * (re)connect, and one whose channel the broker closed re-created by itself.
 */
export class BrokerConsumers {
  private readonly specs: ConsumerSpec[] = [];
  private readonly subscriptions = new Map<ConsumerSpec, { channel: Channel; tag: string }>();
  private readonly backoffMs = new Map<ConsumerSpec, number>();
  private readonly restarting = new Set<ConsumerSpec>();
  /** The connection the consumers run on; null while (re)connecting. */
  private model: ChannelModel | null = null;

  /** `redeclare` declares the durable queues again before a consumer of one is re-created. */
  constructor(
    private readonly logger: Logger,
    private readonly redeclare: (model: ChannelModel) => Promise<void>,
  ) {}

  /** True when every registered consumer is subscribed. */
  allSubscribed(): boolean {
    return this.specs.every((spec) => this.subscriptions.has(spec));
  }

  /** Registers a consumer; it starts now if connected and again after every reconnect. */
  async add(spec: ConsumerSpec): Promise<void> {
    this.specs.push(spec);
    if (this.model) await this.start(this.model, spec);
  }

  /** Stops a consumer's deliveries; messages it has not acked yet stay its own to settle. */
  async cancel(spec: ConsumerSpec): Promise<void> {
    const index = this.specs.indexOf(spec);
    if (index >= 0) this.specs.splice(index, 1);
    const active = this.subscriptions.get(spec);
    this.subscriptions.delete(spec);
    await active?.channel.cancel(active.tag).catch(() => {});
  }

  /** Starts every consumer on a new connection. */
  async startAll(model: ChannelModel): Promise<void> {
    // Iterating the live list starts consumers registered meanwhile; `model` is set after, so none starts twice.
    for (const spec of this.specs) await this.start(model, spec);
    this.model = model;
  }

  connectionLost(): void {
    this.model = null;
  }

  private async start(model: ChannelModel, spec: ConsumerSpec): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error) =>
      this.logger.warn({ err: error.message, queue: spec.queue }, 'consumer channel error'),
    );
    channel.on('close', () => this.channelClosed(model, spec, channel));
    await channel.prefetch(spec.prefetch);
    const queue = typeof spec.queue === 'string' ? spec.queue : await spec.queue(channel);
    const { consumerTag } = await channel.consume(queue, (message) => {
      // null: the broker cancelled the consumer (queue deleted); a new channel takes over.
      if (message) spec.onMessage(message, channel);
      else channel.close().catch(() => {});
    });
    this.subscriptions.set(spec, { channel, tag: consumerTag });
    this.backoffMs.delete(spec);
    spec.onSubscribed?.();
  }

  /**
   * A consumer channel the broker closed while the connection stays (ack timeout, queue deleted,
   * cancel) is opened again, with the topology, after a growing pause; a lost connection is
   * left to the reconnect, which restarts every consumer.
   */
  private channelClosed(model: ChannelModel, spec: ConsumerSpec, channel: Channel): void {
    if (this.subscriptions.get(spec)?.channel === channel) this.subscriptions.delete(spec);
    if (this.restarting.has(spec)) return;
    this.restarting.add(spec);
    const backoffMs = this.backoffMs.get(spec) ?? MIN_CONSUMER_BACKOFF_MS;
    this.backoffMs.set(spec, Math.min(backoffMs * 2, MAX_CONSUMER_BACKOFF_MS));
    setTimeout(() => void this.restart(model, spec, channel), backoffMs).unref();
  }

  private async restart(model: ChannelModel, spec: ConsumerSpec, closed: Channel): Promise<void> {
    let failed = false;
    try {
      if (this.model !== model || !this.specs.includes(spec) || this.subscriptions.has(spec)) return;
      if (typeof spec.queue === 'string') await this.redeclare(model);
      await this.start(model, spec);
      this.logger.info({ queue: spec.queue }, 'consumer re-created');
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, queue: spec.queue },
        'consumer not re-created; retrying',
      );
      failed = true;
    } finally {
      this.restarting.delete(spec);
    }
    if (failed) this.channelClosed(model, spec, closed);
  }
}
