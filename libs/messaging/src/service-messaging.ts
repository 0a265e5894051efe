import type { ServiceName } from '@shop/contracts';
import {
  type BaseConfig,
  type Logger,
  type Purge,
  type Registry,
  type Sql,
  startRetention,
} from '@shop/platform';
import { Broker, type BrokerOptions } from './broker.js';
import { startDeadLetterKeeper } from './dead-letters/dead-letter-keeper.js';
import { type EventBatchHandlers, type EventHandlers, startEventConsumer } from './event-consumer.js';
import { messagingPurges } from './messaging-retention.repository.js';
import { startOutboxRelay } from './outbox-relay.js';
import { DEFAULT_STREAM_RETENTION } from './topology.js';

type BrokerSettings = Pick<BaseConfig, 'AMQP_URL' | 'AMQP_PREFIX' | 'AMQP_DELIVERY_LIMIT' | 'AMQP_PREFETCH'> &
  Partial<
    Pick<
      BaseConfig,
      'AMQP_QUEUE_MAX_LENGTH' | 'AMQP_STREAM_MAX_AGE' | 'AMQP_STREAM_MAX_LENGTH_BYTES' | RetentionSetting
    >
  >;
type RetentionSetting =
  | 'RETENTION_INTERVAL_MS'
  | 'RETENTION_BATCH_SIZE'
  | 'RETENTION_MAX_BATCHES_PER_RUN'
  | 'INBOX_RETENTION_DAYS'
  | 'OUTBOX_RETENTION_HOURS'
  | 'DEAD_LETTER_RETENTION_DAYS';

export interface ServiceMessagingOptions {
  config: BrokerSettings;
  sql: Sql;
  service: ServiceName;
  /** The schema whose outbox the relay drains. */
  schema: string;
  logger: Logger;
  metrics: Registry;
  /** The events the service consumes; none: no consumer and no dead-letter keeper. */
  handlers?: EventHandlers;
  /** Set-based handlers for runs of one type (see startEventConsumer). */
  batchHandlers?: EventBatchHandlers;
  /** Messages per consumer transaction, transactions at once and how long a batch gathers (see startEventConsumer). */
  batchSize?: number;
  concurrency?: number;
  gatherMs?: number;
  /** Deliveries in hand unacknowledged; default AMQP_PREFETCH. */
  prefetch?: number;
  /** The service's own tables to purge, besides the outbox, inbox and dead letters (see startRetention). */
  purges?: Purge[];
}

export interface ServiceMessaging {
  broker: Broker;
  /** Stops consuming and waits for messages in hand, then stops the relay and closes the connection. */
  stop(): Promise<void>;
}

/**
 * A service's side of the bus: the connection, its consumer and dead-letter keeper, its outbox relay,
 * and the retention of its outbox, inbox and dead letters (plus the service's own `purges`).
 */
export async function startServiceMessaging(options: ServiceMessagingOptions): Promise<ServiceMessaging> {
  const { config, sql, service, schema, logger, metrics } = options;
  const broker = new Broker({
    ...brokerOptionsOf(config, service, logger),
    ...(config.AMQP_QUEUE_MAX_LENGTH ? { queueMaxLength: config.AMQP_QUEUE_MAX_LENGTH } : {}),
    streamRetention: {
      maxAge: config.AMQP_STREAM_MAX_AGE ?? DEFAULT_STREAM_RETENTION.maxAge,
      maxLengthBytes: config.AMQP_STREAM_MAX_LENGTH_BYTES ?? DEFAULT_STREAM_RETENTION.maxLengthBytes,
    },
  });
  await broker.start();
  // A consumer refused at start (a queue declared with other arguments) leaves no connection open.
  const consuming = await startConsuming(options, broker).catch(async (error: unknown) => {
    await broker.close().catch(() => {});
    throw error;
  });
  const relay = startOutboxRelay({ sql, broker, schema, logger, metrics });
  const retention = startRetention({
    sql,
    purges: [
      ...messagingPurges({
        inboxDays: config.INBOX_RETENTION_DAYS ?? 14,
        outboxHours: config.OUTBOX_RETENTION_HOURS ?? 1,
        deadLetterDays: config.DEAD_LETTER_RETENTION_DAYS ?? 7,
      }),
      ...(options.purges ?? []),
    ],
    logger,
    metrics,
    ...definedRetentionPace(config),
  });
  return {
    broker,
    async stop() {
      await retention.stop();
      await consuming?.consumer.stop();
      await consuming?.deadLetters.stop();
      await relay.stop();
      await broker.close();
    },
  };
}

/** A connection of `service` to the broker of `config`: its URL, prefix and delivery limit. */
export function brokerOptionsOf(
  config: Pick<BaseConfig, 'AMQP_URL' | 'AMQP_PREFIX' | 'AMQP_DELIVERY_LIMIT'>,
  service: ServiceName,
  logger: Logger,
): BrokerOptions {
  return {
    url: config.AMQP_URL,
    // With the prefix, one stack's connection can be told from another's on a shared broker.
    connectionName: config.AMQP_PREFIX ? `${service} ${config.AMQP_PREFIX}` : service,
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    logger,
  };
}

/** The service's consumer and dead-letter keeper, when it consumes events. */
async function startConsuming(options: ServiceMessagingOptions, broker: Broker) {
  const { config, sql, service, logger, metrics, handlers } = options;
  if (!handlers) return undefined;
  return {
    consumer: await startEventConsumer({
      sql,
      broker,
      service,
      handlers,
      logger,
      metrics,
      ...(options.batchHandlers ? { batchHandlers: options.batchHandlers } : {}),
      prefetch: options.prefetch ?? config.AMQP_PREFETCH,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.gatherMs ? { gatherMs: options.gatherMs } : {}),
    }),
    deadLetters: await startDeadLetterKeeper({ sql, broker, service, logger, metrics }),
  };
}

function definedRetentionPace(config: BrokerSettings) {
  return Object.fromEntries(
    Object.entries({
      intervalMs: config.RETENTION_INTERVAL_MS,
      batchSize: config.RETENTION_BATCH_SIZE,
      maxBatchesPerRun: config.RETENTION_MAX_BATCHES_PER_RUN,
    }).filter(([, value]) => value !== undefined),
  );
}
