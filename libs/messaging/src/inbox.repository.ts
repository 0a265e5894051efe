import type { TransactionSql } from 'postgres';

/**
 * Records the events' ids in the inbox with one statement; answers the ids that were not there
 * yet (lower-case, as the uuid column answers them).
 */
export async function recordInInbox(
  tx: TransactionSql,
  events: Array<{ id: string; type: string }>,
): Promise<Set<string>> {
  const rows = await tx<{ message_id: string }[]>`
    insert into inbox (message_id, type)
    select * from unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.type)}::text[])
    on conflict do nothing
    returning message_id`;
  return new Set(rows.map((row) => row.message_id));
}
