import { messagingMigrations } from '@shop/messaging';
import {
  type BaseConfig,
  createSql,
  ensureDatabase,
  type Logger,
  type MigrationSource,
  migrate,
  type Sql,
} from '@shop/platform';

/** The database settings a service opens its pool with (the timeouts default as createSql's). */
export type DatabaseSettings = Pick<BaseConfig, 'DATABASE_URL' | 'DATABASE_POOL_MAX'> &
  Partial<
    Pick<
      BaseConfig,
      'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_LOCK_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'
    >
  >;

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
  await migrate(sql, { schema, sources: [messagingMigrations, migrations], logger }).catch(
    async (error: unknown) => {
      await sql.end({ timeout: 5 });
      throw error;
    },
  );
  return sql;
}
