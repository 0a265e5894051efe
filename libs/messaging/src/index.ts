export {
  Broker,
  type BrokerOptions,
  type ConsumerSpec,
  type OutgoingMessage,
  PublishError,
  type QueueMessage,
} from './broker.js';
export { type Causation, causedBy } from './causation.js';
export {
  type DeadLetterKeeper,
  type DeadLetterKeeperOptions,
  startDeadLetterKeeper,
} from './dead-letters/dead-letter-keeper.js';
export {
  type DeadLetterPosition,
  listDeadLetters,
  type StoredDeadLetter,
} from './dead-letters/dead-letters.repository.js';
export { replayDeadLetter } from './dead-letters/replay-dead-letter.js';
export { Doorbell } from './doorbell.js';
export {
  type EventBatchHandler,
  type EventBatchHandlers,
  type EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
  type EventHandlers,
  startEventConsumer,
} from './event-consumer.js';
export {
  type InstanceConsumer,
  type InstanceConsumerOptions,
  type InstanceEventHandler,
  type InstanceEventHandlers,
  startInstanceConsumer,
} from './instance-consumer.js';
export {
  deadLettersPurge,
  inboxPurge,
  type MessagingRetention,
  messagingPurges,
  outboxPurge,
} from './messaging-retention.repository.js';
export { messagingMigrations } from './migrations.js';
export { enqueuedWithin, enqueueEvents, type NewEvent } from './outbox.js';
export { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from './outbox-relay.js';
export {
  brokerOptionsOf,
  type ServiceMessaging,
  type ServiceMessagingOptions,
  startServiceMessaging,
} from './service-messaging.js';
export {
  DEFAULT_QUEUE_MAX_LENGTH,
  DEFAULT_STREAM_RETENTION,
  declareTopology,
  deleteTopology,
  queueOwners,
  type StreamRetention,
  type TopologyNames,
  topologyNames,
} from './topology.js';
export { contextFromHeaders, currentTraceHeaders } from './trace-context.js';
export { isTransientError } from './transient-errors.js';
