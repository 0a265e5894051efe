import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@shop/platform';

export {
  Broker,
  type BrokerOptions,
  type ConsumerSpec,
  type OutgoingMessage,
  PublishError,
} from './broker.js';
export {
  type EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
  type EventHandlers,
  startEventConsumer,
} from './event-consumer.js';
export {
  type InstanceConsumerOptions,
  type InstanceEventHandler,
  type InstanceEventHandlers,
  startInstanceConsumer,
} from './instance-consumer.js';
export { enqueueEvents, type NewEvent } from './outbox.js';
export { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from './outbox-relay.js';
export {
  declareTopology,
  deleteTopology,
  queueOwners,
  type TopologyNames,
  topologyNames,
} from './topology.js';
export { contextFromHeaders, currentTraceHeaders } from './trace-context.js';
export { isTransientError } from './transient-errors.js';

/** The outbox and inbox tables, to apply into each service's schema before its own migrations. */
export const messagingMigrations: MigrationSource = {
  name: 'messaging',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
