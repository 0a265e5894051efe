import type { Queryable } from '@shop/platform';

/** An executing order the sweeper claimed: its attempt, and whether that attempt is past its deadline. */
export interface OverdueExecution {
  orderId: number;
  userId: number;
  attempt: number;
  expired: boolean;
}

/**
 * Locks up to `limit` executing orders whose catalog answer is overdue (last asked longer than
 * `retryAfterMs` ago) or whose attempt is past `timeoutMs`; rows another replica holds are skipped.
 */
export async function claimOverdueExecutions(
  sql: Queryable,
  due: { retryAfterMs: number; timeoutMs: number; limit: number },
): Promise<OverdueExecution[]> {
  const rows = await sql<{ id: number; user_id: number; execution_attempt: number; expired: boolean }[]>`
    select id, user_id, execution_attempt,
      execution_started_at < now() - make_interval(secs => ${due.timeoutMs / 1000}) as expired
    from orders
    where status = 'executing'
      and (execution_requested_at < now() - make_interval(secs => ${due.retryAfterMs / 1000})
        or execution_started_at < now() - make_interval(secs => ${due.timeoutMs / 1000}))
    order by execution_requested_at
    limit ${due.limit}
    for update skip locked`;
  return rows.map((row) => ({
    orderId: row.id,
    userId: row.user_id,
    attempt: row.execution_attempt,
    expired: row.expired,
  }));
}

/** Records that catalog was asked again now for these orders' current attempts. */
export async function markRequestedAgain(sql: Queryable, orderIds: number[]): Promise<void> {
  if (orderIds.length === 0) return;
  await sql`update orders set execution_requested_at = now() where id = any(${orderIds}::int[])`;
}
