import type { Envelope, EventType } from '@shop/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { TransactionSql } from 'postgres';
import {
  type EventBatchHandlers,
  type EventHandlers,
  runBatchHandler,
  runHandler,
} from './event-handlers.js';
import { recordInInbox } from './inbox.repository.js';
import { isTransactionAlreadyFailed } from './transient-errors.js';

/** A parsed message with the channel it came on (its ack must go back there). */
export interface Delivery {
  message: ConsumeMessage;
  channel: Channel;
  event: Envelope;
  log: Logger;
}

/** A handler rejected its message, or a batch handler its run (which message of it is unknown). */
export class HandlerFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly failed: { delivery: Delivery } | { run: Delivery[] },
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

export interface BatchHandlers {
  handlers: EventHandlers;
  batchHandlers?: EventBatchHandlers | undefined;
}

/**
 * Records the batch in the inbox and runs the handler of each new message, once per id even when
 * the batch holds the same message twice; answers the deliveries it handled. Consecutive new
 * messages of a type with a batch handler go to it together, unless `oneByOne`. A handler's error
 * is thrown as a HandlerFailure naming what failed.
 */
export async function handleBatch(
  tx: TransactionSql,
  batch: Delivery[],
  { handlers, batchHandlers }: BatchHandlers,
  oneByOne: boolean,
): Promise<Set<Delivery>> {
  const fresh = await recordInInbox(
    tx,
    batch.map((delivery) => delivery.event),
  );
  const toHandle = batch.filter((delivery) => {
    // The uuid column answers ids lower-case, whatever case the envelope used.
    if (fresh.delete(delivery.event.id.toLowerCase())) return true;
    delivery.log.debug('duplicate message skipped');
    return false;
  });
  for (let start = 0; start < toHandle.length; ) {
    const run = oneByOne || !batchHandlers ? [] : runOfBatchHandledType(toHandle, start, batchHandlers);
    if (run.length > 1) {
      await handleRun(tx, batchHandlers as EventBatchHandlers, run);
      start += run.length;
      continue;
    }
    await handleOne(tx, handlers, toHandle[start] as Delivery);
    start += 1;
  }
  return new Set(toHandle);
}

async function handleRun(tx: TransactionSql, batchHandlers: EventBatchHandlers, run: Delivery[]) {
  try {
    const events = run.map((delivery) => delivery.event);
    await runBatchHandler(tx, batchHandlers, events, (run[0] as Delivery).message);
  } catch (error) {
    throw failureOf(error, { run });
  }
}

async function handleOne(tx: TransactionSql, handlers: EventHandlers, delivery: Delivery) {
  try {
    await runHandler(tx, handlers, delivery.event, delivery.message);
  } catch (error) {
    throw failureOf(error, { delivery });
  }
}

/** The handler's failure, unless its transaction had already failed before it (not its message's fault). */
function failureOf(error: unknown, failed: HandlerFailure['failed']): unknown {
  return isTransactionAlreadyFailed(error) ? error : new HandlerFailure(error, failed);
}

/** The deliveries from `start` on that share its type, when that type has a batch handler. */
function runOfBatchHandledType(
  deliveries: Delivery[],
  start: number,
  batchHandlers: EventBatchHandlers,
): Delivery[] {
  const type = deliveries[start]?.event.type;
  if (!type || !batchHandlers[type as EventType]) return [];
  let end = start + 1;
  while (end < deliveries.length && deliveries[end]?.event.type === type) end++;
  return deliveries.slice(start, end);
}
