import { z } from 'zod';
import { type EventDefinition, producersOf } from './define-event.js';
import { envelopeSchema, envelopeSchemaFor } from './envelope.js';
import { events } from './registry.js';

const exchange = 'shop.events';
const amqpBindingVersion = '0.3.0';

const description = [
  `Every event crossing a service boundary is published to the RabbitMQ topic exchange \`${exchange}\`;`,
  'the routing key is the event `type`, and each service binds its own queue to the types it consumes.',
  'A message body is the JSON envelope `{ id, type, version, occurred_at, source, correlation_id,',
  'causation_id?, data }` (components/schemas/Envelope) whose `data` is defined per event type.',
  'Delivery is at least once: producers publish from a transactional outbox with publisher confirms,',
  'so consumers must be idempotent (an inbox keyed by the envelope `id` skips duplicates); a message',
  'that fails its contract is dead-lettered.',
  'Generated from @shop/contracts by `npm run asyncapi`; do not edit by hand.',
].join(' ');

type AnyEventDefinition = EventDefinition<string, z.ZodType>;

// AsyncAPI Schema Objects are a superset of draft-07, so that is the draft we declare and emit.
function jsonSchemaOf(schema: z.ZodType) {
  return {
    schemaFormat: 'application/schema+json;version=draft-07',
    schema: z.toJSONSchema(schema, { target: 'draft-07' }),
  };
}

function channelOf(definition: AnyEventDefinition) {
  return {
    address: definition.type,
    description: definition.description,
    messages: {
      [definition.type]: {
        name: definition.type,
        title: `${definition.type} v${definition.version}`,
        summary: definition.description,
        contentType: 'application/json',
        payload: jsonSchemaOf(envelopeSchemaFor(definition)),
        bindings: { amqp: { messageType: definition.type, bindingVersion: amqpBindingVersion } },
      },
    },
    bindings: {
      amqp: {
        is: 'routingKey',
        exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
        bindingVersion: amqpBindingVersion,
      },
    },
  };
}

function operationsOf(definition: AnyEventDefinition) {
  const channel = { $ref: `#/channels/${definition.type}` };
  const messages = [{ $ref: `#/channels/${definition.type}/messages/${definition.type}` }];
  const sends = producersOf(definition).map((producer) => [
    `${producer}.send.${definition.type}`,
    {
      action: 'send',
      channel,
      messages,
      summary: `${producer} publishes ${definition.type} from its outbox.`,
      // Persistent and mandatory: a message is never confirmed into nowhere.
      bindings: { amqp: { deliveryMode: 2, mandatory: true, bindingVersion: amqpBindingVersion } },
    },
  ]);
  const receives = definition.consumers.map((consumer) => [
    `${consumer}.receive.${definition.type}`,
    {
      action: 'receive',
      channel,
      messages,
      summary: `${consumer} consumes ${definition.type} from its own queue.`,
      // Acked only after the handler's transaction commits.
      bindings: { amqp: { ack: true, bindingVersion: amqpBindingVersion } },
    },
  ]);
  return [...sends, ...receives];
}

/** Builds the AsyncAPI 3.0.0 document of every event, generated from the contracts themselves. */
export function buildAsyncApiDocument(): object {
  const definitions: AnyEventDefinition[] = Object.values(events);
  return {
    asyncapi: '3.0.0',
    info: { title: 'Shop events', version: '1.0.0', description },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(definitions.map((definition) => [definition.type, channelOf(definition)])),
    operations: Object.fromEntries(definitions.flatMap(operationsOf)),
    components: { schemas: { Envelope: jsonSchemaOf(envelopeSchema) } },
  };
}
