import type { NewEvent } from './outbox.js';

/** Ties the events a change emits to what caused it: the request id, or the message handled. */
export type Causation = Pick<NewEvent, 'correlationId' | 'causationId'>;

/** The causation of the events a handled message leads to: same correlation, caused by that message. */
export function causedBy(event: { id: string; correlation_id: string }): Causation {
  return { correlationId: event.correlation_id, causationId: event.id };
}
