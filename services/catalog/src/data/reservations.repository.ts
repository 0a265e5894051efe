import type { Queryable } from '@shop/platform';

export type ReservationStatus = 'reserved' | 'rejected' | 'released' | 'cancelled';

/** A line as the reservation stores it: unit_cost is known once the stock was taken. */
export interface ReservationLine {
  product_id: number;
  quantity: number;
  unit_cost?: number;
}

/**
 * Opens an order's reservation: true when the order is new here, or its last attempt was rejected
 * (the order was executed again); false when it already holds stock or is settled.
 */
export async function openReservation(
  sql: Queryable,
  orderId: number,
  lines: ReservationLine[],
): Promise<boolean> {
  const rows = await sql`
    insert into stock_reservations (order_id, status, items)
    values (${orderId}, 'reserved', ${sql.json(lines as never)})
    on conflict (order_id) do update
      set status = 'reserved', items = excluded.items, shortages = null,
        attempts = stock_reservations.attempts + 1, updated_at = now()
      where stock_reservations.status = 'rejected'
    returning order_id`;
  return rows.length > 0;
}

/** Records what an open reservation took, with unit costs. */
export async function recordReserved(
  sql: Queryable,
  orderId: number,
  lines: ReservationLine[],
): Promise<void> {
  await sql`
    update stock_reservations set items = ${sql.json(lines as never)}, updated_at = now()
    where order_id = ${orderId}`;
}

/** Records that an open reservation took nothing, and why. */
export async function recordRejected(sql: Queryable, orderId: number, shortages: object[]): Promise<void> {
  await sql`
    update stock_reservations set status = 'rejected', shortages = ${sql.json(shortages as never)}, updated_at = now()
    where order_id = ${orderId}`;
}

/** The order's reservation, locked until the transaction ends. */
export async function lockReservation(
  sql: Queryable,
  orderId: number,
): Promise<{ status: ReservationStatus; items: ReservationLine[] } | undefined> {
  const [row] = await sql<{ status: ReservationStatus; items: ReservationLine[] }[]>`
    select status, items from stock_reservations where order_id = ${orderId} for update`;
  return row;
}

/** Closes an order's reservation with a final status; a missing one is recorded as closed. */
export async function closeReservation(
  sql: Queryable,
  orderId: number,
  status: 'released' | 'cancelled',
): Promise<void> {
  await sql`
    insert into stock_reservations (order_id, status, items) values (${orderId}, ${status}, '[]')
    on conflict (order_id) do update set status = excluded.status, updated_at = now()`;
}
