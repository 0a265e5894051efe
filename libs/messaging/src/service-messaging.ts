import type { ServiceName } from '@shop/contracts';
import {
  type BaseConfig,
  createSql,
  ensureDatabase,
  type Logger,
  type MigrationSource,
  migrate,
  type Registry,
  type Sql,
} from '@shop/platform';
import { Broker } from './broker.js';
import { startDeadLetterKeeper } from './dead-letters/dead-letter-keeper.js';
import { type EventHandlers, startEventConsumer } from './event-consumer.js';
import { messagingMigrations } from './migrations.js';
import { startOutboxRelay } from './outbox-relay.js';

type DatabaseSettings = Pick<BaseConfig, 'DATABASE_URL' | 'DATABASE_POOL_MAX'> &
  Partial<
    Pick<
      BaseConfig,
      'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_LOCK_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'
    >
  >;
type BrokerSettings = Pick<BaseConfig, 'AMQP_URL' | 'AMQP_PREFIX' | 'AMQP_DELIVERY_LIMIT' | 'AMQP_PREFETCH'>;

/**
 * A service's database: created if missing, a pool bound to its schema, the messaging tables and
 * then the service's own migrations applied.
 */
export async function openServiceDatabase(
  config: DatabaseSettings,
  { schema, migrations, logger }: { schema: string; migrations: MigrationSource; logger: Logger },
): Promise<Sql> {
  await ensureDatabase(config.DATABASE_URL);
  const sql = createSql(config.DATABASE_URL, {
    schema,
    max: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  await migrate(sql, { schema, sources: [messagingMigrations, migrations], logger });
  return sql;
}

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
  /** Messages per consumer transaction and transactions at once (see startEventConsumer). */
  batchSize?: number;
  concurrency?: number;
}

export interface ServiceMessaging {
  broker: Broker;
  /** Stops consuming and waits for messages in hand, then stops the relay and closes the connection. */
  stop(): Promise<void>;
}

/** A service's side of the bus: the connection, its consumer and dead-letter keeper, its outbox relay. */
export async function startServiceMessaging(options: ServiceMessagingOptions): Promise<ServiceMessaging> {
  const { config, sql, service, schema, logger, metrics, handlers } = options;
  const broker = new Broker({
    url: config.AMQP_URL,
    connectionName: service,
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    logger,
  });
  await broker.start();
  const consuming = handlers && {
    consumer: await startEventConsumer({
      sql,
      broker,
      service,
      handlers,
      logger,
      metrics,
      prefetch: config.AMQP_PREFETCH,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    }),
    deadLetters: await startDeadLetterKeeper({ sql, broker, service, logger, metrics }),
  };
  const relay = startOutboxRelay({ sql, broker, schema, logger, metrics });
  return {
    broker,
    async stop() {
      await consuming?.consumer.stop();
      await consuming?.deadLetters.stop();
      await relay.stop();
      await broker.close();
    },
  };
}
