import { type Envelope, envelopeSchema, isEventType, parseEventData } from '@shop/contracts';
import type { ConsumeMessage } from 'amqplib';

export type ParsedDelivery = { ok: true; event: Envelope } | { ok: false; reason: string };

/** Reads a delivery as an envelope whose data matches its contract and which has a handler here. */
export function parseDelivery(message: ConsumeMessage, handlers: Record<string, unknown>): ParsedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `bad envelope: ${envelope.error.message}` };
  const { type } = envelope.data;
  if (!isEventType(type) || !handlers[type]) return { ok: false, reason: `no handler for ${type}` };
  try {
    return { ok: true, event: { ...envelope.data, data: parseEventData(type, envelope.data.data) } };
  } catch (error) {
    return { ok: false, reason: `bad ${type} data: ${(error as Error).message}` };
  }
}
