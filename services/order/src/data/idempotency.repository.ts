import type { Queryable } from '@shop/platform';

/** An Idempotency-Key of one user on one route, with the hash of the request that first used it. */
export interface IdempotencyClaim {
  userId: number;
  route: string;
  key: string;
  requestHash: string;
}

/** An HTTP reply as stored for replays. */
export interface StoredReply {
  status: number;
  body: unknown;
}

/** What the key held when claimed: nothing (this request is the first), or the first one's hash and reply. */
export type KeyState = { claimed: true } | { claimed: false; requestHash: string; reply: StoredReply | null };

/**
 * Claims the key inside the caller's transaction. A concurrent request with the same key waits on the
 * unique index until this transaction ends, then reads what it stored (or claims the key if it rolled back).
 */
export async function claimKey(sql: Queryable, claim: IdempotencyClaim): Promise<KeyState> {
  const inserted = await sql`
    insert into idempotency_keys (user_id, route, key, request_hash)
    values (${claim.userId}, ${claim.route}, ${claim.key}, ${claim.requestHash})
    on conflict do nothing
    returning key`;
  if (inserted.length > 0) return { claimed: true };
  const [row] = await sql<{ request_hash: string; reply_status: number | null; reply_body: string | null }[]>`
    select request_hash, reply_status, reply_body from idempotency_keys
    where user_id = ${claim.userId} and route = ${claim.route} and key = ${claim.key}`;
  if (!row) throw new Error('idempotency key vanished between its claim and its read');
  return {
    claimed: false,
    requestHash: row.request_hash,
    reply:
      row.reply_status === null
        ? null
        : { status: row.reply_status, body: JSON.parse(row.reply_body ?? 'null') },
  };
}

/** Stores the reply of the request that claimed the key. */
export async function storeReply(sql: Queryable, claim: IdempotencyClaim, reply: StoredReply): Promise<void> {
  await sql`
    update idempotency_keys set reply_status = ${reply.status}, reply_body = ${JSON.stringify(reply.body)}
    where user_id = ${claim.userId} and route = ${claim.route} and key = ${claim.key}`;
}
