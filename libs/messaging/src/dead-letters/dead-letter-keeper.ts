import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceName } from '@shop/contracts';
import type { Registry, Sql } from '@shop/platform';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Broker, ConsumerSpec } from '../broker.js';
import { registerDeadLetterCount } from '../messaging-metrics.js';
import { isTransientError } from '../transient-errors.js';
import { readDeadLetter } from './dead-letter.js';
import { insertDeadLetter } from './dead-letters.repository.js';

export interface DeadLetterKeeperOptions {
  sql: Sql;
  broker: Broker;
  service: ServiceName;
  logger: Logger;
  /** Dead letters stored at once. */
  prefetch?: number;
  /** Where `dead_letters` (stored, not yet replayed) is reported. */
  metrics?: Registry;
}

export interface DeadLetterKeeper {
  /** Stops taking dead letters and waits for those in hand to be stored or handed back. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Moves the service's dead letters from `<service>.dead-letter` into its `dead_letters` table,
 * acking each only after its row committed: a crash redelivers it, and the message id keeps it
 * stored once. A failing insert is retried in place (a dead letter is never dropped).
 */
export async function startDeadLetterKeeper(options: DeadLetterKeeperOptions): Promise<DeadLetterKeeper> {
  const { sql, broker, service, logger, prefetch = 16 } = options;
  const serviceQueue = broker.names.queue(service);
  if (options.metrics) registerDeadLetterCount(options.metrics, sql);
  const inHand = new Set<Promise<void>>();
  let stopping = false;

  function onMessage(message: ConsumeMessage, channel: Channel) {
    const kept: Promise<void> = keep(message, channel).finally(() => inHand.delete(kept));
    inHand.add(kept);
  }

  async function keep(message: ConsumeMessage, channel: Channel) {
    const letter = readDeadLetter(message, service, serviceQueue);
    const log = logger.child({ message_id: letter.messageId, type: letter.type, reason: letter.reason });
    let backoffMs = 100;
    for (;;) {
      try {
        const stored = await insertDeadLetter(sql, letter);
        log.warn(stored ? 'dead letter stored' : 'dead letter already stored');
        settleSafely(() => channel.ack(message));
        return;
      } catch (error) {
        if (stopping) return settleSafely(() => channel.nack(message, false, true));
        const level = isTransientError(error) ? 'warn' : 'error';
        log[level]({ err: error, backoffMs }, 'storing a dead letter failed; retrying');
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  const spec: ConsumerSpec = { queue: broker.names.deadLetterQueue(service), prefetch, onMessage };
  await broker.consume(spec);

  let stopped: Promise<void> | undefined;
  async function stopKeeping() {
    stopping = true;
    await broker.cancel(spec);
    while (inHand.size > 0) await Promise.allSettled([...inHand]);
  }

  return {
    stop() {
      stopped ??= stopKeeping();
      return stopped;
    },
  };
}

/** A settle on a channel that closed meanwhile is moot: the broker redelivers, the insert is idempotent. */
function settleSafely(settleMessage: () => void): void {
  try {
    settleMessage();
  } catch {}
}
