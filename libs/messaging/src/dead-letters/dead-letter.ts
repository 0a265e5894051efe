import { createHash } from 'node:crypto';
import type { ServiceName } from '@shop/contracts';
import type { ConsumeMessage, MessageProperties } from 'amqplib';
import { HANDLER_FAILURES_HEADER } from '../retry-delivery.js';

/** A message as RabbitMQ dead-lettered it, ready to store: what it was and why it died. */
export interface DeadLetter {
  service: ServiceName;
  messageId: string;
  type: string;
  reason: string;
  count: number;
  body: Buffer;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  deadLetteredAt: Date;
}

/** One entry of the x-death header (RabbitMQ 3.10: newest first, one per queue and reason). */
interface DeathEntry {
  queue?: string;
  reason?: string;
  count?: number;
  time?: { value?: number };
  'routing-keys'?: string[];
}

// Set by the broker when it dead-letters, or by the consumer counting handler failures; a replay
// must not carry them (they would stick forever, and a replay starts with a fresh failure budget).
const brokerHeaders = new RegExp(
  `^(x-(death|delivery-count|(first|last)-death-(reason|queue|exchange))|${HANDLER_FAILURES_HEADER})$`,
);
// Properties worth republishing; user-id is checked against the connection's user, so it stays out.
const keptProperties = [
  'contentType',
  'contentEncoding',
  'type',
  'appId',
  'correlationId',
  'timestamp',
] as const;

/** Reads a delivery from `queue`'s dead-letter queue: its death (reason, count, time) and the original message. */
export function readDeadLetter(message: ConsumeMessage, service: ServiceName, queue: string): DeadLetter {
  const headers = message.properties.headers ?? {};
  const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as DeathEntry[]) : [];
  const death = deaths.find((entry) => entry.queue === queue) ?? deaths[0];
  const seconds = death?.time?.value;
  return {
    service,
    messageId: String(message.properties.messageId ?? contentId(message.content)),
    // A replay goes to the queue by name, so its routing key is the queue's: the type property tells.
    type: String(message.properties.type ?? death?.['routing-keys']?.[0] ?? message.fields.routingKey),
    reason: reasonOf(String(death?.reason ?? headers['x-first-death-reason'] ?? 'unknown'), headers),
    count: Number(death?.count ?? 1),
    body: message.content,
    properties: jsonSafe(pickProperties(message.properties)) as Record<string, unknown>,
    headers: jsonSafe(
      Object.fromEntries(Object.entries(headers).filter(([name]) => !brokerHeaders.test(name))),
    ) as Record<string, unknown>,
    deadLetteredAt: typeof seconds === 'number' ? new Date(seconds * 1000) : new Date(),
  };
}

/** The consumer rejects a message whose handler failure budget is spent: that is a delivery limit, not an invalid message. */
function reasonOf(brokerReason: string, headers: Record<string, unknown>): string {
  return brokerReason === 'rejected' && headers[HANDLER_FAILURES_HEADER] !== undefined
    ? 'delivery_limit'
    : brokerReason;
}

function pickProperties(properties: MessageProperties): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of keptProperties) if (properties[name] !== undefined) picked[name] = properties[name];
  return picked;
}

/** A message without an id still gets a stable one, so a redelivery of it is stored once. */
function contentId(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** Header values as jsonb takes them: byte arrays as text, no NUL characters (jsonb refuses \u0000). */
function jsonSafe(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return jsonSafe(value.toString('utf8'));
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [String(jsonSafe(key)), jsonSafe(inner)]),
    );
  }
  return value;
}
