import type { Queryable, Sql } from '@shop/platform';

// Notified in the transaction that settles an execution, so the waiter in any replica wakes on commit.
const CHANNEL = 'orders_settled';

/** Announces, on commit, that an order's execution attempt ended (executed, rejected or cancelled). */
export async function notifySettled(sql: Queryable, orderId: number): Promise<void> {
  await sql`select pg_notify(${CHANNEL}, ${String(orderId)})`;
}

/** The same announcement as a select-list item over rows with an order `id`, for a statement that settles them. */
export function settledNotice(sql: Queryable) {
  return sql`pg_notify(${CHANNEL}, id::text)`;
}

/**
 * Listens for settled orders on postgres.js's dedicated LISTEN connection; `onListening` runs after
 * every (re)connect, when notifications may have been missed.
 */
export async function listenForSettlements(
  sql: Sql,
  onSettled: (orderId: number) => void,
  onListening: () => void,
): Promise<{ unlisten(): Promise<void> }> {
  return sql.listen(CHANNEL, (payload) => onSettled(Number(payload)), onListening);
}
