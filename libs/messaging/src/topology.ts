import { eventsConsumedBy, type ServiceName, serviceNames } from '@shop/contracts';
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';

/** The broker names of one deployment; `prefix` keeps test runs and stacks apart on one broker. */
export interface TopologyNames {
  exchange: string;
  deadLetterExchange: string;
  queue(service: ServiceName): string;
  deadLetterQueue(service: ServiceName): string;
  /** Bounded queue keeping the last 15 minutes of gateway events, so they always have a route. */
  gatewayBacklog: string;
}

/** Builds the prefixed exchange and queue names. */
export function topologyNames(prefix = ''): TopologyNames {
  return {
    exchange: `${prefix}shop.events`,
    deadLetterExchange: `${prefix}shop.dead-letter`,
    queue: (service) => `${prefix}${service}`,
    deadLetterQueue: (service) => `${prefix}${service}.dead-letter`,
    gatewayBacklog: `${prefix}gateway.backlog`,
  };
}

/** Services with a durable queue of their own (the gateway uses one exclusive queue per instance). */
export const queueOwners = serviceNames.filter((service) => service !== 'gateway');

/**
 * The quorum queues' own x-delivery-limit: only a last-resort guard (a message that kills its
 * consumer process), far above what connection churn reaches; handler failures are counted by the
 * consumer against AMQP_DELIVERY_LIMIT (see retry-delivery.ts).
 */
export const QUEUE_DELIVERY_LIMIT = 1000;

/** Thrown when the broker refuses a declaration (PRECONDITION_FAILED, ACCESS_REFUSED, …): retrying cannot help. */
export class TopologyError extends Error {}

/**
 * Declares the whole topology: the topic exchange, the dead-letter exchange, and per consuming
 * service a quorum queue (explicit delivery limit, at-least-once dead-lettering) bound to the
 * events it consumes, plus its dead-letter queue. Every service declares all of it, so a
 * message is never confirmed into a queue-less exchange. A queue declared by an older version
 * (x-delivery-limit = AMQP_DELIVERY_LIMIT, `legacyDeliveryLimit`) is kept as it is, with a warning.
 */
export async function declareTopology(
  model: ChannelModel,
  names: TopologyNames,
  legacyDeliveryLimit: number,
  logger?: Logger,
): Promise<void> {
  let channel = await openDeclaringChannel(model);
  try {
    await refusedAsTopologyError(async () => {
      await channel.assertExchange(names.exchange, 'topic', { durable: true });
      await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
    });
    for (const service of queueOwners) {
      const routingKeys = eventsConsumedBy(service);
      if (routingKeys.length === 0) continue;
      const queue = names.queue(service);
      try {
        await channel.assertQueue(queue, serviceQueueOptions(names, service, QUEUE_DELIVERY_LIMIT));
      } catch (error) {
        if (typeof (error as { code?: unknown }).code !== 'number') throw error;
        if (!/inequivalent arg 'x-delivery-limit'/.test(String((error as Error).message))) {
          throw new TopologyError(`the broker refused the topology: ${(error as Error).message}`);
        }
        channel = await openDeclaringChannel(model);
        await refusedAsTopologyError(() =>
          channel.assertQueue(queue, serviceQueueOptions(names, service, legacyDeliveryLimit)),
        );
        logger?.warn(
          { queue, x_delivery_limit: legacyDeliveryLimit, wanted: QUEUE_DELIVERY_LIMIT },
          'queue predates the churn guard: drain and delete it during a deploy so it is re-declared (a policy cannot raise it)',
        );
      }
      await refusedAsTopologyError(async () => {
        await channel.assertQueue(names.deadLetterQueue(service), {
          durable: true,
          arguments: { 'x-queue-type': 'quorum' },
        });
        await channel.bindQueue(names.deadLetterQueue(service), names.deadLetterExchange, service);
        for (const routingKey of routingKeys) await channel.bindQueue(queue, names.exchange, routingKey);
      });
    }
    await refusedAsTopologyError(() => declareGatewayBacklog(channel, names));
  } finally {
    await channel.close().catch(() => {});
  }
}

function serviceQueueOptions(names: TopologyNames, service: ServiceName, deliveryLimit: number) {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-dead-letter-routing-key': service,
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    },
  };
}

/** A channel for declarations; a refusal closes it, and the rejected call reports why. */
async function openDeclaringChannel(model: ChannelModel): Promise<Channel> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  return channel;
}

/** Runs declarations; a refusal by the broker (a channel error with a reply code) becomes a TopologyError. */
async function refusedAsTopologyError<T>(declare: () => Promise<T>): Promise<T> {
  try {
    return await declare();
  } catch (error) {
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
    throw new TopologyError(`the broker refused the topology: ${(error as Error).message}`);
  }
}

// Gateways listen on exclusive per-instance queues; with none running, a revocation would be
// unroutable and block the outbox. This queue gives it a route; what it holds expires with the
// access tokens it concerns (gateways reload live revocations from auth when they start).
async function declareGatewayBacklog(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertQueue(names.gatewayBacklog, {
    durable: true,
    arguments: { 'x-message-ttl': 15 * 60 * 1000, 'x-max-length': 100_000, 'x-overflow': 'drop-head' },
  });
  for (const routingKey of eventsConsumedBy('gateway')) {
    await channel.bindQueue(names.gatewayBacklog, names.exchange, routingKey);
  }
}

/** Deletes everything `declareTopology` made under these names (test runs and benchmarks clean up with it). */
export async function deleteTopology(channel: Channel, names: TopologyNames): Promise<void> {
  for (const service of queueOwners) {
    await channel.deleteQueue(names.queue(service));
    await channel.deleteQueue(names.deadLetterQueue(service));
  }
  await channel.deleteQueue(names.gatewayBacklog);
  await channel.deleteExchange(names.exchange);
  await channel.deleteExchange(names.deadLetterExchange);
}
