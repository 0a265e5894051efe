import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Sql } from './database.js';

export interface MigrationSource {
  /** Prefix of the migration ids from this folder, e.g. 'messaging' or the service name. */
  name: string;
  dir: string;
}

interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

/** Raised when a migration file was edited after it was applied. */
export class MigrationChecksumError extends Error {}

/**
 * Applies the not-yet-applied `.sql` files of each source, in order, into `schema`.
 * Each file runs in its own transaction under one advisory lock per schema, so replicas
 * starting together apply each file exactly once; an edited applied file stops start-up.
 */
export async function migrate(
  sql: Sql,
  { schema, sources, logger }: { schema: string; sources: MigrationSource[]; logger?: Logger },
): Promise<string[]> {
  const migrations = (await Promise.all(sources.map(readSource))).flat();
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`shop.migrations.${schema}`}))`;
      // Only when missing: a service's own role (see bootstrapServiceRoles) owns its schema but may not create one.
      const [schemaFound] = await tx`select 1 from pg_namespace where nspname = ${schema}`;
      if (!schemaFound) await tx`create schema ${tx(schema)}`;
      await tx`create table if not exists ${tx(schema)}.schema_migrations (
        id text primary key, checksum text not null, applied_at timestamptz not null default now())`;
      const [done] = await tx<{ checksum: string }[]>`
        select checksum from ${tx(schema)}.schema_migrations where id = ${migration.id}`;
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationChecksumError(
            `migration ${schema}/${migration.id} was edited after it was applied`,
          );
        }
        return false;
      }
      await tx`select set_config('search_path', ${schema}, true)`;
      // The file is the project's own SQL, never input: it may hold several statements.
      await tx.unsafe(migration.sql);
      await tx`insert into ${tx(schema)}.schema_migrations (id, checksum) values (${migration.id}, ${migration.checksum})`;
      return true;
    });
    if (ran) {
      applied.push(migration.id);
      logger?.info({ migration: migration.id, schema }, 'migration applied');
    }
  }
  return applied;
}

async function readSource({ name, dir }: MigrationSource): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(dir, file), 'utf8');
      return { id: `${name}/${file}`, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}
