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
}

/** Opens a postgres.js pool bound to one schema. */
export function createSql(url: string, { schema, max = 10, applicationName = schema }: SqlOptions): Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    connection: { search_path: schema, application_name: applicationName },
  });
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

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
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
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
