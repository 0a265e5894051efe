// Declaring queues on a broker that may already hold them with other arguments (an older version's, or
// a stream's retention set by policy), and turning the broker's refusals into TopologyError.
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';

/** Thrown when the broker refuses a declaration (PRECONDITION_FAILED, ACCESS_REFUSED, …): retrying cannot help. */
export class TopologyError extends Error {}

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
export async function declareKeepingExisting(
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
export async function openDeclaringChannel(model: ChannelModel): Promise<Channel> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  return channel;
}

/** Runs declarations; a refusal by the broker (a channel error with a reply code) becomes a TopologyError. */
export async function refusedAsTopologyError<T>(declare: () => Promise<T>): Promise<T> {
  try {
    return await declare();
  } catch (error) {
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
    throw new TopologyError(`the broker refused the topology: ${(error as Error).message}`);
  }
}
