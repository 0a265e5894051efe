import type { Purge } from '@shop/platform';

/**
 * Idempotency keys older than `hours` (IDEMPOTENCY_KEY_TTL_HOURS). The contract: a key is
 * remembered at least that long; a retry after it (once retention has run) is a new request.
 */
export function idempotencyKeysPurge(hours: number): Purge {
  return {
    table: 'idempotency_keys',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from idempotency_keys where ctid = any(array(
          select ctid from idempotency_keys where created_at < now() - make_interval(hours => ${hours})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/** The order tables retention keeps small, besides the messaging ones. */
export function orderPurges(config: { IDEMPOTENCY_KEY_TTL_HOURS: number }): Purge[] {
  return [idempotencyKeysPurge(config.IDEMPOTENCY_KEY_TTL_HOURS)];
}
