import type { Queryable, Sql } from '@shop/platform';
import type { Order } from '../orders/order.js';
import { orderFromJson, ordersAsJson } from './orders.repository.js';

// Notified in the transaction that settles an execution, so the waiter in any replica wakes on commit.
// The payload is the order's id, or its id, ':' and the order as JSON when that fits a notification.
const CHANNEL = 'orders_settled';
// PostgreSQL refuses a payload of 8000 bytes or more: a larger order is announced by its id alone.
const PAYLOAD_LIMIT_BYTES = 8_000;

/** Announces, on commit, that an order's execution attempt ended (executed, rejected or cancelled). */
export async function notifySettled(sql: Queryable, orderId: number): Promise<void> {
  await sql`select pg_notify(${CHANNEL}, ${String(orderId)})`;
}

/**
 * The same announcement, carrying each order, as a query over the CTE `settled` (rows of orders,
 * every column) for the statement that settles them: the waiter needs no read.
 */
export function settledNotices(sql: Queryable, settled: string) {
  return sql`
    select pg_notify(${CHANNEL},
      case when octet_length(n.payload) < ${PAYLOAD_LIMIT_BYTES} then n.payload else n.id::text end)
    from (select o.id, o.id || ':' || o.json as payload from (${ordersAsJson(sql, settled)}) o) n`;
}

/**
 * Listens for settled orders on postgres.js's dedicated LISTEN connection, with a reader of the order
 * when the notification carried it (every replica hears every order; only the one waiting reads it);
 * `onListening` runs after every (re)connect, when notifications may have been missed.
 */
export async function listenForSettlements(
  sql: Sql,
  onSettled: (orderId: number, readOrder?: () => Order) => void,
  onListening: () => void,
): Promise<{ unlisten(): Promise<void> }> {
  return sql.listen(
    CHANNEL,
    (payload) => {
      const colon = payload.indexOf(':');
      if (colon < 0) onSettled(Number(payload));
      else onSettled(Number(payload.slice(0, colon)), () => orderFromJson(payload.slice(colon + 1)));
    },
    onListening,
  );
}
