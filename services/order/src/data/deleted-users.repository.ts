import type { Queryable } from '@shop/platform';

// One advisory key per user (two-int4 form, so it never meets the single-bigint keys used elsewhere):
// creating an order holds it shared, handling user.deleted exclusively, so neither misses the other.
const USER_ORDERS_LOCK = 0x6f726472; // 'ordr'

/** Holds the user's lock until the transaction ends: shared to create an order, exclusive to delete the user. */
export async function lockUserOrders(
  sql: Queryable,
  userId: number,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  if (mode === 'shared') await sql`select pg_advisory_xact_lock_shared(${USER_ORDERS_LOCK}, ${userId})`;
  else await sql`select pg_advisory_xact_lock(${USER_ORDERS_LOCK}, ${userId})`;
}

/** True when auth deleted this user. */
export async function isUserDeleted(sql: Queryable, userId: number): Promise<boolean> {
  const rows = await sql`select 1 from deleted_users where user_id = ${userId}`;
  return rows.length > 0;
}
