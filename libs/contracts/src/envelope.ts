import { z } from 'zod';
import { type EventDefinition, producersOf } from './define-event.js';
import { isoDateTime } from './dto.js';
import { serviceNameSchema } from './service-names.js';

// Ids chosen by the caller (request id, trace id) still get a bound so they fit an indexed column.
const traceableId = z.string().min(1).max(200);

/** The wrapper of every message on the bus (docs/events.md); `data` is checked per type with parseEventData. */
export const envelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.int().positive(),
  occurred_at: isoDateTime,
  source: serviceNameSchema,
  correlation_id: traceableId,
  causation_id: traceableId.optional(),
  // An explicit undefined would vanish in JSON.stringify and publish a body without data.
  data: z.unknown().refine((value) => value !== undefined, 'Required'),
});

export type Envelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };

/** Builds the schema of a whole message of one event type: its type, version, producers and data pinned. */
export function envelopeSchemaFor<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
) {
  return envelopeSchema.extend({
    type: z.literal(definition.type),
    version: z.literal(definition.version),
    source: z.enum(producersOf(definition)),
    data: definition.data,
  });
}
