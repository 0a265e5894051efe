import { z } from 'zod';
import type { EventDefinition } from './define-event.js';
import { envelopeSchemaFor } from './envelope.js';
import { type EventType, events } from './registry.js';

/**
 * The events services outside Shop may consume (docs/integration.md): their JSON Schemas are
 * published in docs/schemas, breaking changes are refused by `npm run lint`, and they also flow
 * into the replay stream.
 */
export const publicEventTypes = [
  'order.executed',
  'order.cancelled',
  'product.upserted',
  'products.upserted',
  'product.deleted',
] as const satisfies readonly EventType[];

export type PublicEventType = (typeof publicEventTypes)[number];

/** The file name of a public event's JSON Schema in docs/schemas: `<type>.v<version>.json`. */
export function publicSchemaFileName(type: PublicEventType): string {
  return `${type}.v${events[type].version}.json`;
}

/**
 * The JSON Schema (draft 2020-12) of a whole public message, envelope included. Unknown fields are
 * allowed (additionalProperties dropped): additive changes keep the version, so a consumer
 * validating with this copy must not refuse a field added later.
 */
export function publicEventJsonSchema(type: PublicEventType): Record<string, unknown> {
  const definition: EventDefinition<string, z.ZodType> = events[type];
  const schema = z.toJSONSchema(envelopeSchemaFor(definition), { target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    title: `${type} v${definition.version}`,
    description: definition.description,
    ...withoutClosedObjects(schema),
  };
}

function withoutClosedObjects(value: unknown): Record<string, unknown> {
  return strip(value) as Record<string, unknown>;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, field]) => !(key === 'additionalProperties' && field === false))
      .map(([key, field]) => [key, strip(field)]),
  );
}
