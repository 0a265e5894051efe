import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;
/** Anything that runs tagged SQL: the pool or a transaction. */
export type Queryable = Sql | TransactionSql;

export interface SqlOptions {
  /** The service's own schema; it becomes the connection's search_path, so queries never reach another. */
  schema: string;
  max?: number;
  applicationName?: string;
  /** statement_timeout: a statement running longer is cancelled (57014); 0 turns it off. */
  statementTimeoutMs?: number;
  /** lock_timeout: waiting longer for a lock (row, table, advisory) fails with 55P03; 0 turns it off. */
  lockTimeoutMs?: number;
  /** idle_in_transaction_session_timeout: a transaction left idle longer is ended (25P03); 0 turns it off. */
  idleInTransactionTimeoutMs?: number;
}

/** The pools' timeouts unless configured (DATABASE_*_TIMEOUT_MS): nothing hangs on a stuck statement or lock. */
export const defaultDatabaseTimeouts = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
};

/**
 * This process among the replicas: every session of its pools carries it as the setting
 * `shop.instance`, which the outbox trigger sends as its notification's payload, so a relay wakes
 * for the rows its own process committed and leaves the others' to their own relays.
 */
export const processInstance = randomUUID();

/** Opens a postgres.js pool bound to one schema, with statement, lock and idle-in-transaction timeouts. */
export function createSql(url: string, options: SqlOptions): Sql {
  const { schema, max = 10, applicationName = schema } = options;
  const timeouts = { ...defaultDatabaseTimeouts, ...definedOnly(options) };
  return postgres(url, {
    max,
    onnotice: () => {},
    backoff: reconnectDelaySeconds,
    connection: {
      search_path: schema,
      application_name: applicationName,
      statement_timeout: timeouts.statementTimeoutMs,
      lock_timeout: timeouts.lockTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
      'shop.instance': processInstance,
    },
  });
}

/**
 * Seconds a pool waits before its next connection attempt after `failures` in a row: doubling from
 * 50 ms, at most 1 s, jittered. postgres.js's default grows to 20 s, so a 5 s database outage kept a
 * service away for ~15 s after the database was back (the faults suite's "database refusing").
 */
function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 1) * (0.5 + Math.random() / 2);
}

function definedOnly({ statementTimeoutMs, lockTimeoutMs, idleInTransactionTimeoutMs }: SqlOptions) {
  return Object.fromEntries(
    Object.entries({ statementTimeoutMs, lockTimeoutMs, idleInTransactionTimeoutMs }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as Partial<typeof defaultDatabaseTimeouts>;
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/** True when `error` is PostgreSQL refusing a duplicate (23505), in the unique index `constraint` when named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint_name } = (error ?? {}) as { code?: unknown; constraint_name?: unknown };
  return code === UNIQUE_VIOLATION && (constraint === undefined || constraint_name === constraint);
}

/** Creates the database named in `url` when it does not exist yet (safe when replicas race). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = postgres({ ...connectionParts(target), database: 'postgres', max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found) await admin`create database ${admin(name)}`;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_DATABASE && !isUniqueViolation(error)) throw error;
  } finally {
    await admin.end();
  }
}

function connectionParts(url: URL) {
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    username: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || undefined,
  };
}

/** True when the database answers a trivial query. */
export async function databaseIsReady(sql: Sql): Promise<boolean> {
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  }
}
