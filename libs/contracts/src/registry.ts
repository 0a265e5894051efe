import type { z } from 'zod';
import type { Envelope } from './envelope.js';
import { sessionRevoked, userDeleted } from './events/auth.events.js';
import {
  catalogResyncRequested,
  categoryRenamed,
  productDeleted,
  productsUpserted,
  productUpserted,
} from './events/catalog.events.js';
import {
  orderCancelled,
  orderExecuted,
  orderExecutionAbandoned,
  orderExecutionRequested,
} from './events/order.events.js';
import { stockRejected, stockReleased, stockReserved } from './events/stock.events.js';
import type { ServiceName } from './service-names.js';

/** Every event that crosses a service boundary, keyed by its type (= routing key). */
export const events = {
  'user.deleted': userDeleted,
  'session.revoked': sessionRevoked,
  'product.upserted': productUpserted,
  'products.upserted': productsUpserted,
  'product.deleted': productDeleted,
  'category.renamed': categoryRenamed,
  'catalog.resync-requested': catalogResyncRequested,
  'order.execution-requested': orderExecutionRequested,
  'stock.reserved': stockReserved,
  'stock.rejected': stockRejected,
  'order.execution-abandoned': orderExecutionAbandoned,
  'order.executed': orderExecuted,
  'order.cancelled': orderCancelled,
  'stock.released': stockReleased,
} as const;

export type EventType = keyof typeof events;

export type EventData<T extends EventType> = z.infer<(typeof events)[T]['data']>;

export type EventEnvelope<T extends EventType> = Envelope<EventData<T>> & { type: T };

const eventTypes = Object.keys(events) as EventType[];

/** Lists the event types a service consumes: the routing keys its queue binds. */
export function eventsConsumedBy(service: ServiceName): EventType[] {
  return eventTypes.filter((type) => events[type].consumers.includes(service));
}

/** Tells whether a routing key names a known event type. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(events, type);
}

/** Validates the data of an event against its contract; throws a ZodError when it does not match. */
export function parseEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  // A caller that skipped isEventType would otherwise get a TypeError from undefined.
  if (!isEventType(type)) throw new TypeError(`Unknown event type: ${String(type)}`);
  // TypeScript cannot tie the union of schemas to T; the parse itself has checked the shape.
  return events[type].data.parse(data) as EventData<T>;
}
