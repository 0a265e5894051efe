export { buildAsyncApiDocument } from './asyncapi.js';
export { defineEvent, type EventDefinition, producersOf } from './define-event.js';
export { entityId, entityName, isoDateTime, money, quantity } from './dto.js';
export { type Envelope, envelopeSchema, envelopeSchemaFor } from './envelope.js';
export { MAX_PRODUCTS_PER_EVENT } from './events/catalog.events.js';
export { shortageReasons } from './events/stock.events.js';
export {
  type PublicEventType,
  publicEventJsonSchema,
  publicEventTypes,
  publicSchemaFileName,
} from './public-events.js';
export {
  type EventData,
  type EventEnvelope,
  type EventType,
  events,
  eventsConsumedBy,
  isEventType,
  parseEventData,
} from './registry.js';
export { type ServiceName, serviceNameSchema, serviceNames } from './service-names.js';
