import type { z } from 'zod';
import type { ServiceName } from './service-names.js';

/** The contract of one event type: who publishes it, whose queues bind it, and the schema of its data. */
export interface EventDefinition<TType extends string, TData extends z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly description: string;
  readonly producer: ServiceName;
  /** Further publishers of the same type (catalog.resync-requested comes from order and analytics). */
  readonly alsoProducedBy?: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  readonly data: TData;
}

/** Declares an event contract, keeping its type as a literal and its data schema precisely typed. */
export function defineEvent<const TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
): EventDefinition<TType, TData> {
  return definition;
}

/** Lists every service allowed to publish an event, its main producer first. */
export function producersOf(
  definition: Pick<EventDefinition<string, z.ZodType>, 'producer' | 'alsoProducedBy'>,
): ServiceName[] {
  return [definition.producer, ...(definition.alsoProducedBy ?? [])];
}
