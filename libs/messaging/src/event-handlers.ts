import { context, SpanKind, trace } from '@opentelemetry/api';
import type { Envelope, EventData, EventType } from '@shop/contracts';
import type { ConsumeMessage } from 'amqplib';
import type { TransactionSql } from 'postgres';
import { contextFromHeaders } from './trace-context.js';

/** Handles one event inside the transaction that also records it in the inbox. */
export type EventHandler<T extends EventType> = (
  tx: TransactionSql,
  event: Envelope<EventData<T>>,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/**
 * Handles a run of consecutive events of one type at once (in delivery order), inside the batch's
 * transaction; the type's EventHandler stays the fallback that finds a failing message.
 */
export type EventBatchHandler<T extends EventType> = (
  tx: TransactionSql,
  events: Envelope<EventData<T>>[],
) => Promise<void>;

export type EventBatchHandlers = { [T in EventType]?: EventBatchHandler<T> };

const tracer = trace.getTracer('@shop/messaging');

/** Runs the handler of one message under a consumer span continuing the message's trace. */
export async function runHandler(
  tx: TransactionSql,
  handlers: EventHandlers,
  event: Envelope,
  message: ConsumeMessage,
): Promise<void> {
  const handler = handlers[event.type as EventType] as EventHandler<EventType>;
  const parent = contextFromHeaders(message.properties.headers);
  const span = tracer.startSpan(`${event.type} process`, { kind: SpanKind.CONSUMER }, parent);
  try {
    await context.with(trace.setSpan(parent, span), () => handler(tx, event as Envelope<never>));
  } finally {
    span.end();
  }
}

/** Runs the batch handler of a run of one type under one span, in the first message's trace. */
export async function runBatchHandler(
  tx: TransactionSql,
  batchHandlers: EventBatchHandlers,
  events: Envelope[],
  first: ConsumeMessage,
): Promise<void> {
  const type = (events[0] as Envelope).type as EventType;
  const handler = batchHandlers[type] as EventBatchHandler<EventType>;
  const parent = contextFromHeaders(first.properties.headers);
  const span = tracer.startSpan(
    `${type} process`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': events.length } },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), () => handler(tx, events as Envelope<never>[]));
  } finally {
    span.end();
  }
}
