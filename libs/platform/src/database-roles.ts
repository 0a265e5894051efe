import postgres from 'postgres';
import { ensureDatabase, isUniqueViolation, type Sql } from './database.js';

/** A service's own login role and the one schema it owns. */
export interface ServiceRole {
  role: string;
  password: string;
  schema: string;
  /** Extensions its migrations use, created by the bootstrap (the role may not create them). */
  extensions?: string[];
}

const DUPLICATE_OBJECT = '42710';

/** `url` (host, port, database) as `role` with its password: what a service connects with. */
export function urlForRole(url: string, { role, password }: Pick<ServiceRole, 'role' | 'password'>): string {
  const target = new URL(url);
  target.username = encodeURIComponent(role);
  target.password = encodeURIComponent(password);
  return target.toString();
}

/**
 * With an admin URL: creates the database if missing, then gives each service a login role (password
 * set to the one given) with CONNECT on the database, owning its schema and what is in it — no other
 * privilege, so a service cannot read or change another's tables. The extensions the roles need are
 * created here (in the admin's default schema). Safe to run again and concurrently.
 */
export async function bootstrapServiceRoles(adminUrl: string, roles: ServiceRole[]): Promise<void> {
  await ensureDatabase(adminUrl);
  const database = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (const role of roles) {
      await ensureRole(sql, role);
      for (const extension of role.extensions ?? [])
        await sql`create extension if not exists ${sql(extension)}`;
      await sql`grant connect on database ${sql(database)} to ${sql(role.role)}`;
      await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${`shop.migrations.${role.schema}`}))`;
        await ownSchema(tx, role);
      });
    }
  } finally {
    await sql.end();
  }
}

/** Creates the role, or sets its password (rotation: run again with the new one). Roles are cluster-wide. */
async function ensureRole(sql: Sql, { role, password }: ServiceRole): Promise<void> {
  const [found] = await sql`select 1 from pg_roles where rolname = ${role}`;
  if (!found) {
    await run(sql, 'create role %I login password %L', role, password).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code !== DUPLICATE_OBJECT && !isUniqueViolation(error)) throw error;
    });
  }
  await run(sql, 'alter role %I login password %L', role, password);
}

/** The schema, created for the role or handed to it with its tables, views and functions (a database from before roles). */
async function ownSchema(tx: postgres.TransactionSql, { role, schema }: ServiceRole): Promise<void> {
  const [found] = await tx`select 1 from pg_namespace where nspname = ${schema}`;
  if (!found) {
    await tx`create schema ${tx(schema)} authorization ${tx(role)}`;
    return;
  }
  await tx`alter schema ${tx(schema)} owner to ${tx(role)}`;
  const statements = await tx<{ statement: string }[]>`
    select format('alter %s %s owner to %I',
                  case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
                  c.oid::regclass, ${role}::text) as statement
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm')
       and c.relowner <> (select oid from pg_roles where rolname = ${role})
    union all
    select format('alter function %s owner to %I', p.oid::regprocedure, ${role}::text)
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = ${schema} and p.proowner <> (select oid from pg_roles where rolname = ${role})`;
  for (const { statement } of statements) await tx.unsafe(statement);
}

/** A utility statement (no bind parameters there) with its names and literals quoted by the server's format(). */
async function run(sql: Sql, template: string, ...values: string[]): Promise<void> {
  const [row] = await sql<
    { statement: string }[]
  >`select format(${template}, variadic ${sql.array(values)}::text[]) as statement`;
  if (row) await sql.unsafe(row.statement);
}
