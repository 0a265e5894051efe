import {
  ConflictError,
  type Queryable,
  type Sql,
  type TransactionSql,
  UnprocessableError,
} from '@shop/platform';
import {
  claimKey,
  type IdempotencyClaim,
  type KeyState,
  type StoredReply,
  storeReply,
} from '../data/idempotency.repository.js';

/** A request answered from the transaction that claims its key (create): its work, and its reply. */
export interface AnsweredInTransaction<Result> {
  /** Runs once per key, in the claim's transaction; without a key on `sql` alone (its statements must be safe so). */
  start(db: Queryable): Promise<Result>;
  finish?: undefined;
  /** The reply stored for the key and sent. */
  present(result: Result): StoredReply;
}

/** A request that starts something in the transaction claiming its key and waits for it after the commit (execute). */
export interface StartedThenFinished<Result> {
  /** Runs once per key, in the claim's transaction (in one of its own without a key). */
  start(tx: TransactionSql): Promise<void>;
  /** Runs after the commit, and for a retry while the first is in flight (which gets the same result, not stored). */
  finish(): Promise<Result>;
  /** The reply stored for the key and sent. */
  present(result: Result): StoredReply;
}

/**
 * Runs a request at most once per Idempotency-Key: the claim of the key and the request's start commit
 * together (with its reply when answered in the transaction); a retry with the same key and request
 * gets the stored reply; the same key with another request is a 422.
 */
export function runIdempotently<Result>(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  request: AnsweredInTransaction<Result>,
): Promise<StoredReply>;
export function runIdempotently<Result>(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  request: StartedThenFinished<Result>,
): Promise<StoredReply>;
export async function runIdempotently<Result>(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  request: AnsweredInTransaction<Result> | StartedThenFinished<Result>,
): Promise<StoredReply> {
  return request.finish ? startThenFinish(sql, claim, request) : answerInTransaction(sql, claim, request);
}

async function answerInTransaction<Result>(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  { start, present }: AnsweredInTransaction<Result>,
): Promise<StoredReply> {
  if (!claim) return present(await start(sql));
  return sql.begin(async (tx) => {
    const earlier = await claimOrReplay(tx, claim);
    if (earlier === 'in flight')
      throw new ConflictError('A request with this Idempotency-Key is still in progress');
    if (earlier) return earlier;
    const reply = present(await start(tx));
    await storeReply(tx, claim, reply);
    return reply;
  }) as Promise<StoredReply>;
}

async function startThenFinish<Result>(
  sql: Sql,
  claim: IdempotencyClaim | undefined,
  { start, finish, present }: StartedThenFinished<Result>,
): Promise<StoredReply> {
  const earlier = await sql.begin(async (tx) => {
    const replay = claim ? await claimOrReplay(tx, claim) : null;
    if (!replay) await start(tx);
    return replay;
  });
  if (earlier && earlier !== 'in flight') return earlier;
  const reply = present(await finish());
  if (claim && !earlier) await storeReply(sql, claim, reply);
  return reply;
}

/** Claims the key: null when this request is the first; else the first one's reply, or 'in flight' before it has one. */
async function claimOrReplay(
  tx: TransactionSql,
  claim: IdempotencyClaim,
): Promise<StoredReply | 'in flight' | null> {
  const state = await claimKey(tx, claim);
  if (state.claimed) return null;
  return earlierReply(state, claim) ?? 'in flight';
}

/** The reply stored for a key already used by this request; null while the first is in flight; 422 for another request. */
function earlierReply(
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
