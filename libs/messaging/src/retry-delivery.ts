import type { ConsumeMessage } from 'amqplib';
import type { Broker, QueueMessage } from './broker.js';

/** Handler failures a message has had so far, carried on the copy the consumer sends back to its queue. */
export const HANDLER_FAILURES_HEADER = 'shop-handler-failures';

// Set by the broker on delivery or dead-lettering; a fresh copy must not carry them.
const brokerHeaders = /^x-(death|delivery-count|(first|last)-death-(reason|queue|exchange))$/;

export function handlerFailuresOf(message: ConsumeMessage): number {
  const failures = Number(message.properties.headers?.[HANDLER_FAILURES_HEADER] ?? 0);
  return Number.isInteger(failures) && failures > 0 ? failures : 0;
}

/**
 * Sends a copy of a message whose handler failed to the back of its queue, counting the failure
 * in a header of ours: the broker's delivery count, which every connection close also raises,
 * then never decides about a healthy message. Resolves once the broker confirmed the copy.
 */
export async function requeueWithFailure(
  broker: Broker,
  queue: string,
  message: ConsumeMessage,
  failures: number,
): Promise<void> {
  const { properties } = message;
  const headers = Object.fromEntries(
    Object.entries(properties.headers ?? {}).filter(([name]) => !brokerHeaders.test(name)),
  );
  const copy: QueueMessage = {
    messageId: String(properties.messageId),
    body: message.content,
    headers: { ...headers, [HANDLER_FAILURES_HEADER]: failures },
    properties: {
      contentType: properties.contentType,
      contentEncoding: properties.contentEncoding,
      // The copy's routing key is the queue's name; its event type travels as the type property.
      type: properties.type ?? message.fields.routingKey,
      appId: properties.appId,
      correlationId: properties.correlationId,
      timestamp: properties.timestamp,
    },
  };
  await broker.publishToQueue(queue, copy);
}
