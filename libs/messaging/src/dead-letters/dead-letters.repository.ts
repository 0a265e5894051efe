import type { Queryable, TransactionSql } from '@shop/platform';
import type { DeadLetter } from './dead-letter.js';

/** A stored dead letter, as the list and the replay read it. */
export interface StoredDeadLetter {
  id: string;
  service: string;
  message_id: string;
  type: string;
  reason: string;
  count: number;
  body: Buffer;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  dead_lettered_at: Date;
}

/** Where a page of the newest-first list starts: after this dead letter. */
export interface DeadLetterPosition {
  deadLetteredAt: Date;
  id: string;
}

/** Stores a dead letter; false when its message id is already stored (a redelivery). */
export async function insertDeadLetter(sql: Queryable, letter: DeadLetter): Promise<boolean> {
  const inserted = await sql`
    insert into dead_letters
      (service, message_id, type, reason, count, body, properties, headers, dead_lettered_at)
    values (${letter.service}, ${letter.messageId}, ${letter.type}, ${letter.reason}, ${letter.count},
      ${letter.body}, ${sql.json(letter.properties as never)}, ${sql.json(letter.headers as never)},
      ${letter.deadLetteredAt})
    on conflict (message_id) do nothing
    returning id`;
  return inserted.length > 0;
}

/** Up to `limit` dead letters, newest first, after `after` when given. */
export async function listDeadLetters(
  sql: Queryable,
  { limit, after }: { limit: number; after?: DeadLetterPosition | undefined },
): Promise<StoredDeadLetter[]> {
  return sql<StoredDeadLetter[]>`
    select id, service, message_id, type, reason, count, body, properties, headers, dead_lettered_at
    from dead_letters
    where ${after ? sql`(dead_lettered_at, id) < (${after.deadLetteredAt}::timestamptz, ${after.id}::uuid)` : sql`true`}
    order by dead_lettered_at desc, id desc
    limit ${limit}`;
}

/** Deletes a dead letter and returns it; the deletion holds until the transaction commits. */
export async function takeDeadLetter(tx: TransactionSql, id: string): Promise<StoredDeadLetter | undefined> {
  const [letter] = await tx<StoredDeadLetter[]>`
    delete from dead_letters where id = ${id}
    returning id, service, message_id, type, reason, count, body, properties, headers, dead_lettered_at`;
  return letter;
}
