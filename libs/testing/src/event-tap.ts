import { randomUUID } from 'node:crypto';
import { type TopologyNames, topologyNames } from '@shop/messaging';
import amqplib, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { TestEnvironment } from './test-environment.js';
import { useStarted } from './use-started.js';
import { waitFor } from './wait-for.js';

/** An envelope as it travels on the bus. */
export interface TappedEvent {
  id: string;
  type: string;
  source: string;
  occurred_at: string;
  correlation_id: string;
  causation_id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: event data is asserted field by field
  data: any;
}

/** A raw message to publish as another service would. */
export interface RawEvent {
  type: string;
  data: unknown;
  /** The producing service; default: the tap's (see `open`). */
  source?: string;
  id?: string;
  occurredAt?: string;
}

/**
 * A plain amqplib connection of the test's own: an exclusive queue bound to every routing key of the
 * test's exchange records what reaches the broker; publish sends raw envelopes as another service would.
 */
export class EventTap {
  readonly events: TappedEvent[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly names: TopologyNames,
    private readonly defaultSource: string,
  ) {}

  /**
   * Opens the tap on the test's exchange, which must exist (a started service declares it);
   * what it publishes comes from `source` unless a message says otherwise.
   */
  static async open(env: TestEnvironment, source = 'order'): Promise<EventTap> {
    const connection = await amqplib.connect(env.amqpUrl, { noDelay: true });
    const channel = await connection.createConfirmChannel();
    const names = topologyNames(env.prefix);
    const tap = new EventTap(connection, channel, names, source);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, names.exchange, '#');
    await channel.consume(
      queue,
      (message) => message && tap.events.push(JSON.parse(message.content.toString())),
      { noAck: true },
    );
    return tap;
  }

  /** Events of a type seen so far that match `where`. */
  seen(type: string, where: (event: TappedEvent) => boolean = () => true): TappedEvent[] {
    return this.events.filter((event) => event.type === type && where(event));
  }

  /** Waits until at least `count` events of a type matching `where` reached the broker. */
  waitFor(
    type: string,
    where: (event: TappedEvent) => boolean = () => true,
    count = 1,
  ): Promise<TappedEvent[]> {
    return waitFor(() => this.seen(type, where), {
      until: (found) => found.length >= count,
      what: `${count} ${type} event(s)`,
    });
  }

  /** Publishes envelopes and waits for the broker's confirms; their ids. */
  async publish(...messages: RawEvent[]): Promise<string[]> {
    const ids = messages.map(({ type, data, source = this.defaultSource, id = randomUUID(), occurredAt }) => {
      const envelope = {
        id,
        type,
        version: 1,
        occurred_at: occurredAt ?? new Date().toISOString(),
        source,
        correlation_id: `test-${id}`,
        data,
      };
      this.channel.publish(this.names.exchange, type, Buffer.from(JSON.stringify(envelope)), {
        messageId: id,
        persistent: true,
        contentType: 'application/json',
      });
      return id;
    });
    await this.channel.waitForConfirms();
    return ids;
  }

  /** Messages in a service's queue that no consumer holds yet. */
  async readyIn(service: Parameters<TopologyNames['queue']>[0]): Promise<number> {
    const { messageCount } = await this.channel.checkQueue(this.names.queue(service));
    return messageCount;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Opens a tap before the calling file's tests and closes it after them (call it after starting the
 * service that declares the exchange); what it publishes comes from `source` unless a message says otherwise.
 */
export function useEventTap(env: TestEnvironment, source?: string): EventTap {
  return useStarted(
    'the event tap',
    () => EventTap.open(env, source),
    (tap) => tap.close(),
  );
}
