import { ConflictError, type Queryable, type Sql, UnprocessableError } from '@shop/platform';
import {
  claimKey,
  type IdempotencyClaim,
  type KeyState,
  type StoredReply,
  storeReply,
} from '../data/idempotency.repository.js';

/**
 * Runs `work` in one transaction with the claim of its Idempotency-Key and the reply it produced: a
 * retry with the same key and request gets the stored reply, nothing runs twice. Without a key, `work`
 * runs on its own (its statements must be safe outside a transaction).
 */
export async function runIdempotently(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  work: (sql: Queryable) => Promise<StoredReply>,
): Promise<StoredReply> {
  if (!claim) return work(sql);
  return sql.begin(async (tx) => {
    const state = await claimKey(tx, claim);
    if (!state.claimed) {
      const reply = earlierReply(state, claim);
      if (!reply) throw new ConflictError('A request with this Idempotency-Key is still in progress');
      return reply;
    }
    const reply = await work(tx);
    await storeReply(tx, claim, reply);
    return reply;
  }) as Promise<StoredReply>;
}

/** The reply stored for a key already used by this request; null while the first is in flight; 422 for another request. */
export function earlierReply(
  state: Extract<KeyState, { claimed: false }>,
  claim: IdempotencyClaim,
): StoredReply | null {
  if (state.requestHash !== claim.requestHash) {
    throw new UnprocessableError('This Idempotency-Key was already used with a different request', [
      { path: 'Idempotency-Key', message: 'Reused with a different request body' },
    ]);
  }
  return state.reply;
}
