import type postgres from 'postgres';

/** A connection of its own for one import, holding the names its rows have used so far. */
export type NameLedgerConnection = postgres.ReservedSql;

export async function createNameLedger(connection: NameLedgerConnection): Promise<void> {
  await connection`create temp table if not exists import_names (name text primary key)`;
  await connection`truncate import_names`;
}

/** Records lower-cased names; answers those that were not recorded before. */
export async function recordNewNames(
  connection: NameLedgerConnection,
  names: string[],
): Promise<Set<string>> {
  const rows = await connection<{ name: string }[]>`
    insert into import_names (name) select * from unnest(${names}::text[])
    on conflict do nothing returning name`;
  return new Set(rows.map((row) => row.name));
}

export async function dropNameLedger(connection: NameLedgerConnection): Promise<void> {
  await connection`drop table if exists import_names`;
}
