import type { Queryable } from '@shop/platform';

// One advisory key per user (two-int4 form, so it never meets the single-bigint keys used elsewhere):
// creating an order holds it shared, handling user.deleted exclusively, so neither misses the other.
const USER_ORDERS_LOCK = 0x6f726472; // 'ordr'

/** Holds the user's lock exclusively until the transaction ends, to handle the user's deletion. */
export async function lockUserOrders(sql: Queryable, userId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${USER_ORDERS_LOCK}, ${userId})`;
}

/**
 * An expression, for the statement that creates an order: true when auth deleted the user, asked only
 * once the user's lock is held shared (until that statement's transaction ends), in a fresh snapshot
 * (migration 0004), so a deletion handled meanwhile is seen.
 */
export function userDeletedUnderSharedLock(sql: Queryable, userId: number) {
  return sql`user_deleted_under_shared_lock(${USER_ORDERS_LOCK}, ${userId})`;
}

/** True when auth deleted this user. */
export async function isUserDeleted(sql: Queryable, userId: number): Promise<boolean> {
  const rows = await sql`select 1 from deleted_users where user_id = ${userId}`;
  return rows.length > 0;
}
