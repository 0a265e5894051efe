import type { Envelope, EventData, EventType, ServiceName } from '@shop/contracts';
import { eventsConsumedBy } from '@shop/contracts';
import type { Channel } from 'amqplib';
import type { Logger } from 'pino';
import type { Broker, ConsumerSpec } from './broker.js';
import { parseDelivery } from './parse-delivery.js';

/** Applies one event to in-memory state (no database, so it must be naturally idempotent). */
export type InstanceEventHandler<T extends EventType> = (event: Envelope<EventData<T>>) => void;

export type InstanceEventHandlers = { [T in EventType]?: InstanceEventHandler<T> };

export interface InstanceConsumerOptions {
  broker: Broker;
  service: ServiceName;
  handlers: InstanceEventHandlers;
  logger: Logger;
  /** Runs after every (re)subscription: reload state that events may have changed meanwhile. */
  onSubscribed?: () => void;
  /** The event types to receive; default: those the contracts list `service` as consuming. */
  routingKeys?: EventType[];
}

export interface InstanceConsumer {
  /** True while the queue is declared and consumed: events reach the handlers. */
  isSubscribed(): boolean;
  stop(): Promise<void>;
}

/**
 * Consumes through an exclusive, auto-deleted queue of this process's own, so every replica sees
 * every event (the gateway's revocations). The queue is declared anew on every reconnect.
 */
export async function startInstanceConsumer(options: InstanceConsumerOptions): Promise<InstanceConsumer> {
  const { broker, service, handlers, logger } = options;
  const routingKeys = options.routingKeys ?? eventsConsumedBy(service);
  // The channel of the current subscription; null until subscribed and once it closes (a lost connection).
  let subscribedOn: Channel | null = null;
  let declaredOn: Channel | null = null;
  const spec: ConsumerSpec = {
    prefetch: 256,
    queue: async (channel: Channel) => {
      declaredOn = channel;
      channel.once('close', () => {
        if (subscribedOn === channel) subscribedOn = null;
      });
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      for (const routingKey of routingKeys) await channel.bindQueue(queue, broker.names.exchange, routingKey);
      return queue;
    },
    onMessage(message, channel) {
      const parsed = parseDelivery(message, handlers);
      if (parsed.ok) {
        try {
          (handlers[parsed.event.type as EventType] as InstanceEventHandler<EventType>)(
            parsed.event as never,
          );
        } catch (error) {
          logger.error({ err: error, message_id: message.properties.messageId }, 'event handler failed');
        }
      } else {
        logger.error(
          { reason: parsed.reason, message_id: message.properties.messageId },
          'invalid message dropped',
        );
      }
      // A channel closed meanwhile needs no ack: the exclusive queue went with it.
      try {
        channel.ack(message);
      } catch {}
    },
    onSubscribed() {
      subscribedOn = declaredOn;
      options.onSubscribed?.();
    },
  };
  await broker.consume(spec);
  return {
    isSubscribed: () => subscribedOn !== null,
    async stop() {
      subscribedOn = null;
      await broker.cancel(spec);
    },
  };
}
