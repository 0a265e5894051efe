import type { z } from '@hono/zod-openapi';
import { listDeadLetters } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import type { deadLetterSchema } from './dead-letter.schemas.js';
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from './dead-letter-cursor.js';

/** A dead letter as the admin API shows it (the body as `payload`, not the replay's raw parts). */
export type DeadLetterJson = z.infer<typeof deadLetterSchema>;

/** One page of the service's dead letters, newest first, from `cursor` on. */
export async function listDeadLetterPage(
  sql: Sql,
  { limit, cursor }: { limit: number; cursor?: string | undefined },
): Promise<{ items: DeadLetterJson[]; next_cursor: string | null }> {
  const after = cursor === undefined ? undefined : decodeDeadLetterCursor(cursor);
  const rows = await listDeadLetters(sql, { limit: limit + 1, after });
  const items = rows.slice(0, limit).map(
    (row): DeadLetterJson => ({
      id: row.id,
      service: row.service,
      message_id: row.message_id,
      type: row.type,
      reason: row.reason,
      count: row.count,
      dead_lettered_at: row.dead_lettered_at.toISOString(),
      payload: payloadOf(row.body),
    }),
  );
  const last = items.at(-1);
  const more = rows.length > limit && last;
  return {
    items,
    next_cursor: more ? encodeDeadLetterCursor({ deadLetteredAt: last.dead_lettered_at, id: last.id }) : null,
  };
}

/** The body as JSON when it parses, else as text. */
function payloadOf(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
