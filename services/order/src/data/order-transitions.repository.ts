import type { Queryable } from '@shop/platform';
import type { OrderStatus, Rejection } from '../orders/order.js';
import {
  type LineToReserve,
  type PricedLine,
  type PricedLineRow,
  replicaLineColumns,
  replicaNamesJoin,
  toPricedLine,
} from './order-items.repository.js';
import { settledNotices } from './settlements.channel.js';

// A saga reply without an attempt (sent before attempts existed) stands for the current one.
function ofAttempt(sql: Queryable, attempt: number | undefined) {
  return attempt === undefined ? sql`` : sql`and execution_attempt = ${attempt}`;
}

// A row of an order left-joined to its lines: an order without lines (there are none) gives one without.
function hasLine(row: { product_id: number | null }): boolean {
  return row.product_id !== null;
}

// Every status change is one guarded UPDATE: the WHERE names the statuses it may start from, so an
// illegal transition, a late or a repeated event changes nothing.

/**
 * Moves a pending order of this user to executing as its next execution attempt, in one statement
 * that also reads the lines catalog is asked to reserve (in product-id order); undefined when the
 * order is not there, not theirs or not pending.
 */
export async function startExecution(
  sql: Queryable,
  id: number,
  userId: number,
): Promise<{ attempt: number; items: LineToReserve[] } | undefined> {
  const rows = await sql<({ execution_attempt: number } & LineToReserve)[]>`
    with started as (
      update orders set status = 'executing', execution_attempt = execution_attempt + 1,
        execution_started_at = now(), execution_requested_at = now(), updated_at = now()
      where id = ${id} and user_id = ${userId} and status = 'pending'
      returning id, execution_attempt)
    select s.execution_attempt, i.product_id, i.quantity
    from started s left join order_items i on i.order_id = s.id
    order by i.product_id`;
  const [first] = rows;
  return (
    first && {
      attempt: first.execution_attempt,
      items: rows.filter(hasLine).map(({ product_id, quantity }) => ({ product_id, quantity })),
    }
  );
}

/**
 * Moves an executing order to executed, clearing any earlier rejection, and announces the settlement
 * (with the order) on commit, in one statement that also reads the order's lines with the replica's names
 * (the saga's order.executed carries them); undefined when it was not executing this attempt.
 */
export async function markExecuted(
  sql: Queryable,
  id: number,
  attempt: number | undefined,
): Promise<
  { userId: number; countryCode: string; total: number; executedAt: Date; lines: PricedLine[] } | undefined
> {
  const rows = await sql<
    ({ user_id: number; country_code: string; total: string; executed_at: Date } & PricedLineRow)[]
  >`
    with executed as (
      update orders set status = 'executed', executed_at = now(), updated_at = now(), rejection = null
      where id = ${id} and status = 'executing' ${ofAttempt(sql, attempt)}
      returning *),
    announced as (${settledNotices(sql, 'executed')})
    select e.user_id, e.country_code, e.total, e.executed_at, ${replicaLineColumns(sql)}
    from executed e cross join (select count(*) from announced) a
    left join order_items i on i.order_id = e.id ${replicaNamesJoin(sql)}
    order by i.product_id`;
  const [row] = rows;
  return (
    row && {
      userId: row.user_id,
      countryCode: row.country_code,
      total: Number(row.total),
      executedAt: row.executed_at,
      lines: rows.filter(hasLine).map(toPricedLine),
    }
  );
}

/**
 * Ends an executing order's attempt with a rejection: back to pending, or cancelled when its user is
 * gone. The new status, or undefined when the order was not executing this attempt.
 */
export async function markRejected(
  sql: Queryable,
  id: number,
  rejection: Pick<Rejection, 'reason' | 'shortages'>,
  attempt: number | undefined,
): Promise<{ status: OrderStatus; userId: number } | undefined> {
  const [row] = await sql<{ status: OrderStatus; user_id: number }[]>`
    with gone as (select exists (
      select 1 from deleted_users d join orders o on o.user_id = d.user_id where o.id = ${id}) as user_deleted)
    update orders set
      status = case when gone.user_deleted then 'cancelled' else 'pending' end,
      cancelled_at = case when gone.user_deleted then now() end,
      rejection = jsonb_build_object('rejected_at', now(), 'reason', ${rejection.reason}::text,
        'shortages', ${sql.json(rejection.shortages as never)}::jsonb),
      updated_at = now()
    from gone
    where id = ${id} and status = 'executing' ${ofAttempt(sql, attempt)}
    returning status, user_id`;
  return row && { status: row.status, userId: row.user_id };
}

/** Cancels an order of this user that is pending or executed; the status it had, or undefined. */
export async function cancelOrder(
  sql: Queryable,
  id: number,
  userId: number,
): Promise<'pending' | 'executed' | undefined> {
  const [row] = await sql<{ was: 'pending' | 'executed' }[]>`
    with current as (
      select id, status from orders
      where id = ${id} and user_id = ${userId} and status in ('pending', 'executed')
      for update)
    update orders o set status = 'cancelled', cancelled_at = now(), updated_at = now()
    from current where o.id = current.id
    returning current.status as was`;
  return row?.was;
}

/** Cancels every pending order of a user; their ids. */
export async function cancelPendingOrdersOf(sql: Queryable, userId: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update orders set status = 'cancelled', cancelled_at = now(), updated_at = now()
    where user_id = ${userId} and status = 'pending'
    returning id`;
  return rows.map((row) => row.id);
}

/** The current execution attempt of an order and whether that attempt executed it, locked; undefined if none. */
export async function lockExecution(
  sql: Queryable,
  id: number,
): Promise<{ attempt: number; executed: boolean } | undefined> {
  const [row] = await sql<{ execution_attempt: number; executed: boolean }[]>`
    select execution_attempt, executed_at is not null as executed from orders where id = ${id} for update`;
  return row && { attempt: row.execution_attempt, executed: row.executed };
}

/** Records that catalog put back a cancelled order's stock; false when already recorded or not cancelled. */
export async function markRestocked(sql: Queryable, id: number): Promise<boolean> {
  const rows = await sql`
    update orders set restocked_at = now(), updated_at = now()
    where id = ${id} and status = 'cancelled' and restocked_at is null
    returning id`;
  return rows.length > 0;
}
