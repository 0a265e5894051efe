import { eventsConsumedBy, publicEventTypes, type ServiceName, serviceNames } from '@shop/contracts';
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { declareKeepingExisting, openDeclaringChannel, refusedAsTopologyError } from './queue-declaration.js';

/** The broker names of one deployment; `prefix` keeps test runs and stacks apart on one broker. */
export interface TopologyNames {
  exchange: string;
  deadLetterExchange: string;
  queue(service: ServiceName): string;
  deadLetterQueue(service: ServiceName): string;
  /** Bounded queue keeping the last 15 minutes of gateway events, so they always have a route. */
  gatewayBacklog: string;
  /** Stream of the public events, for consumers outside Shop to replay (docs/integration.md). */
  publicStream: string;
}

/** Retention of the public stream (AMQP_STREAM_MAX_AGE, AMQP_STREAM_MAX_LENGTH_BYTES): whichever is reached first. */
export interface StreamRetention {
  /** RabbitMQ's x-max-age: a number and a unit of Y, M, D, h, m or s, e.g. '7D'. */
  maxAge: string;
  maxLengthBytes: number;
}

/** The retention the services give the stream when the environment says nothing (as in platform's config). */
export const DEFAULT_STREAM_RETENTION: StreamRetention = { maxAge: '7D', maxLengthBytes: 2_000_000_000 };

/** Segment size of the public stream: retention drops whole segments, so this is its granularity. */
export const STREAM_SEGMENT_BYTES = 100_000_000;

/** Builds the prefixed exchange and queue names. */
export function topologyNames(prefix = ''): TopologyNames {
  return {
    exchange: `${prefix}shop.events`,
    deadLetterExchange: `${prefix}shop.dead-letter`,
    queue: (service) => `${prefix}${service}`,
    deadLetterQueue: (service) => `${prefix}${service}.dead-letter`,
    gatewayBacklog: `${prefix}gateway.backlog`,
    publicStream: `${prefix}shop.public-events`,
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

/**
 * Messages a service queue or dead-letter queue holds at most (AMQP_QUEUE_MAX_LENGTH): past it the
 * broker nacks publishes (x-overflow reject-publish) and the outbox relay retries the refused rows,
 * instead of the broker growing until its memory alarm blocks every publisher. Quorum queues apply
 * it approximately: publishes already in flight when the limit is reached are still taken.
 */
export const DEFAULT_QUEUE_MAX_LENGTH = 1_000_000;

/**
 * Declares the whole topology: the topic exchange, the dead-letter exchange, and per consuming
 * service a quorum queue (explicit delivery limit, at-least-once dead-lettering) bound to the
 * events it consumes, plus its dead-letter queue. Every service declares all of it, so a
 * message is never confirmed into a queue-less exchange. Both queues are bounded (`queueMaxLength`,
 * reject-publish). With `streamRetention` (the services; the gateway publishes no public event) also
 * the public stream, bound to the public event types. A queue declared by an older version (another
 * x-delivery-limit, no length bound) or a stream with other retention keeps those arguments, with a
 * warning (see declareKeepingExisting).
 */
export async function declareTopology(
  model: ChannelModel,
  names: TopologyNames,
  legacyDeliveryLimit: number,
  logger?: Logger,
  queueMaxLength = DEFAULT_QUEUE_MAX_LENGTH,
  streamRetention?: StreamRetention,
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
      const declare = async (name: string, wanted: Record<string, unknown>) => {
        channel = await declareKeepingExisting(model, channel, name, wanted, legacyDeliveryLimit, logger);
      };
      await declare(queue, serviceQueueArguments(names, service, queueMaxLength));
      await declare(names.deadLetterQueue(service), {
        'x-queue-type': 'quorum',
        ...lengthBound(queueMaxLength),
      });
      await refusedAsTopologyError(async () => {
        await channel.bindQueue(names.deadLetterQueue(service), names.deadLetterExchange, service);
        for (const routingKey of routingKeys) await channel.bindQueue(queue, names.exchange, routingKey);
      });
    }
    if (streamRetention) {
      channel = await declareKeepingExisting(
        model,
        channel,
        names.publicStream,
        publicStreamArguments(streamRetention),
        legacyDeliveryLimit,
        logger,
      );
      await refusedAsTopologyError(async () => {
        for (const routingKey of publicEventTypes)
          await channel.bindQueue(names.publicStream, names.exchange, routingKey);
      });
    }
    await refusedAsTopologyError(() => declareGatewayBacklog(channel, names));
  } finally {
    await channel.close().catch(() => {});
  }
}

function serviceQueueArguments(names: TopologyNames, service: ServiceName, maxLength: number) {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': QUEUE_DELIVERY_LIMIT,
    'x-dead-letter-exchange': names.deadLetterExchange,
    'x-dead-letter-routing-key': service,
    'x-dead-letter-strategy': 'at-least-once',
    ...lengthBound(maxLength),
  };
}

function publicStreamArguments({ maxAge, maxLengthBytes }: StreamRetention) {
  return {
    'x-queue-type': 'stream',
    'x-max-age': maxAge,
    'x-max-length-bytes': maxLengthBytes,
    'x-stream-max-segment-size-bytes': STREAM_SEGMENT_BYTES,
  };
}

function lengthBound(maxLength: number) {
  return { 'x-max-length': maxLength, 'x-overflow': 'reject-publish' };
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
  await channel.deleteQueue(names.publicStream);
  await channel.deleteExchange(names.exchange);
  await channel.deleteExchange(names.deadLetterExchange);
}
