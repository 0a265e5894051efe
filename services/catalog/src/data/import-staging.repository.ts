import type postgres from 'postgres';
import { isTransientDatabaseError } from './transient-database-error.js';

/** A connection of its own for one import: its temporary table holds the file's valid rows. */
export type StagingConnection = postgres.ReservedSql;

/** A valid row to stage, keyed by its lower-cased name; `refused` rows only keep their name taken. */
export interface StagedRow {
  key: string;
  name: string;
  category: string;
  price: number;
  cost: number;
  quantity: number;
  refused: boolean;
}

export async function createStaging(connection: StagingConnection): Promise<void> {
  await connection`
    create temp table if not exists import_rows (
      key text primary key, name text not null, category text not null, price numeric(12, 2) not null,
      cost numeric(12, 2) not null, quantity integer not null, refused boolean not null)`;
  await connection`truncate import_rows`;
}

/** Stages rows whose key is new to the file; answers the keys that were staged. */
export async function stageRows(connection: StagingConnection, rows: StagedRow[]): Promise<Set<string>> {
  const column = <K extends keyof StagedRow>(key: K) => rows.map((row) => row[key]);
  const staged = await connection<{ key: string }[]>`
    insert into import_rows (key, name, category, price, cost, quantity, refused)
    select * from unnest(
      ${connection.array(column('key'))}::text[],
      ${connection.array(column('name'))}::text[],
      ${connection.array(column('category'))}::text[],
      ${connection.array(column('price').map(String))}::numeric[],
      ${connection.array(column('cost').map(String))}::numeric[],
      ${connection.array(column('quantity'))}::int[],
      ${connection.array(column('refused'))}::boolean[])
    on conflict do nothing returning key`;
  return new Set(staged.map((row) => row.key));
}

/** Statistics for the planner: a temporary table is never analyzed by autovacuum. */
export async function analyzeStaging(connection: StagingConnection): Promise<void> {
  await connection`analyze import_rows`;
}

/** The staged rows to write with keys in (after, last]; a range, as a key list would be scanned per row. */
export interface StagedChunk {
  after: string | undefined;
  last: string;
  size: number;
}

/** The next chunk of at most `limit` rows to write after `after`, in key order (the order rows are locked in). */
export async function nextStagedChunk(
  connection: StagingConnection,
  after: string | undefined,
  limit: number,
): Promise<StagedChunk | undefined> {
  const [row] = await connection<{ last: string | null; size: number }[]>`
    select max(key) as last, count(*)::int as size from (
      select key from import_rows
      where not refused ${after === undefined ? connection`` : connection`and key > ${after}`}
      order by key limit ${limit}) chunk`;
  return row?.last ? { after, last: row.last, size: row.size } : undefined;
}

/** The condition selecting a chunk's rows of import_rows `r`. */
export function inChunk(connection: StagingConnection, chunk: StagedChunk) {
  return connection`not r.refused and r.key <= ${chunk.last}
    ${chunk.after === undefined ? connection`` : connection`and r.key > ${chunk.after}`}`;
}

export async function dropStaging(connection: StagingConnection): Promise<void> {
  await connection`drop table if exists import_rows`;
}

const ATTEMPTS = 3;

/**
 * Runs `work` in a transaction on the import's own connection (begin/commit by hand: postgres.js
 * has no `begin` on a reserved connection). A deadlock, serialization failure or lock timeout is
 * retried from the start, at most three times in all.
 */
export async function inStagingTransaction<T>(
  connection: StagingConnection,
  work: (tx: StagingConnection) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await connection`begin`;
    try {
      const result = await work(connection);
      await connection`commit`;
      return result;
    } catch (error) {
      await connection`rollback`.catch(() => {});
      if (attempt >= ATTEMPTS || !isTransientDatabaseError(error)) throw error;
    }
  }
}
