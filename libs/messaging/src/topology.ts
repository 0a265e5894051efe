import { eventsConsumedBy, publicEventTypes, type ServiceName, serviceNames } from '@shop/contracts';
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

/** Thrown when the broker refuses a declaration (PRECONDITION_FAILED, ACCESS_REFUSED, …): retrying cannot help. */
export class TopologyError extends Error {}

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

/**
 * What an existing queue may hold differently from what this version declares, and what that
 * costs: the queue keeps its value (arguments cannot change in place) and a warning says so.
 */
const KEPT_ARGUMENTS: Record<string, string> = {
  'x-delivery-limit':
    'queue predates the churn guard: drain and delete it during a deploy so it is re-declared (a policy cannot raise it)',
  'x-max-length':
    'queue predates its length bound: apply a policy (max-length, overflow reject-publish) or drain and delete it during a deploy',
  'x-overflow':
    'queue predates its length bound: apply a policy (max-length, overflow reject-publish) or drain and delete it during a deploy',
  'x-max-age':
    'stream declared with another retention: change it with a policy (max-age), not the environment',
  'x-max-length-bytes':
    'stream declared with another retention: change it with a policy (max-length-bytes), not the environment',
};

/**
 * Declares a durable queue with `wanted`; when the broker answers that an existing queue holds one
 * of KEPT_ARGUMENTS at another value (or not at all), declares it again with the existing value
 * (read from the broker's reply) and logs a warning, one argument at a time. Answers the channel to
 * go on with (a refusal closes the one it came on).
 */
async function declareKeepingExisting(
  model: ChannelModel,
  channel: Channel,
  queue: string,
  wanted: Record<string, unknown>,
  legacyDeliveryLimit: number,
  logger?: Logger,
): Promise<Channel> {
  const args = { ...wanted };
  for (let attempt = 0; ; attempt++) {
    try {
      await channel.assertQueue(queue, { durable: true, arguments: args });
      return channel;
    } catch (error) {
      if (typeof (error as { code?: unknown }).code !== 'number') throw error;
      const message = String((error as Error).message);
      const existing = inequivalentArgument(message);
      if (!existing || !(existing.name in KEPT_ARGUMENTS) || attempt >= Object.keys(KEPT_ARGUMENTS).length) {
        throw new TopologyError(`the broker refused the topology: ${message}`);
      }
      channel = await openDeclaringChannel(model);
      // A reply without the current value (older brokers): the delivery limit older versions set.
      const current =
        existing.current === 'unknown' && existing.name === 'x-delivery-limit'
          ? legacyDeliveryLimit
          : existing.current;
      if (current === 'unknown') throw new TopologyError(`the broker refused the topology: ${message}`);
      if (current === undefined) delete args[existing.name];
      else args[existing.name] = current;
      logger?.warn(
        { queue, argument: existing.name, current: current ?? 'none', wanted: wanted[existing.name] },
        KEPT_ARGUMENTS[existing.name],
      );
    }
  }
}

/**
 * The argument a PRECONDITION_FAILED names and the queue's current value: "… inequivalent arg
 * 'x-max-length' for queue … but current is none" (undefined), "… current is '5'" or "… current
 * is the value '5' of type 'byte'" (5), "… current is the value 'drop-head' …" ('drop-head').
 */
function inequivalentArgument(
  message: string,
): { name: string; current: number | string | undefined | 'unknown' } | null {
  const named = /inequivalent arg '([^']+)'/.exec(message);
  if (!named?.[1]) return null;
  if (/but current is none/.test(message)) return { name: named[1], current: undefined };
  const current = /but current is (?:the value )?'([^']*)'/.exec(message)?.[1];
  if (current === undefined) return { name: named[1], current: 'unknown' };
  return { name: named[1], current: /^\d+$/.test(current) ? Number(current) : current };
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
  await channel.deleteQueue(names.publicStream);
  await channel.deleteExchange(names.exchange);
  await channel.deleteExchange(names.deadLetterExchange);
}
