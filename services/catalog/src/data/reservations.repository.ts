import type { Queryable } from '@shop/platform';

export type ReservationStatus = 'reserved' | 'rejected' | 'abandoned' | 'released' | 'cancelled';

/** A line as the reservation stores it: unit_cost is known once the stock was taken. */
export interface ReservationLine {
  product_id: number;
  quantity: number;
  unit_cost?: number;
}

/** An order's reservation as stored: the attempt it answers is null when the request carried none. */
export interface Reservation {
  status: ReservationStatus;
  items: ReservationLine[];
  shortages: object[] | null;
  attempt: number | null;
}

/**
 * Opens an order's reservation for a request without an attempt (sent before attempts existed): true
 * when the order is new here, or its last attempt was rejected; false when it holds stock or is settled.
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

/** Records that an open reservation took nothing, and why. */
export async function recordRejected(sql: Queryable, orderId: number, shortages: object[]): Promise<void> {
  await sql`
    update stock_reservations set status = 'rejected', shortages = ${sql.json(shortages as never)}, updated_at = now()
    where order_id = ${orderId}`;
}

/** Opens the reservation of an order new here for one attempt; false when the order has one already. */
export async function insertReservation(
  sql: Queryable,
  orderId: number,
  attempt: number,
  lines: ReservationLine[],
): Promise<boolean> {
  const rows = await sql`
    insert into stock_reservations (order_id, status, items, attempt)
    values (${orderId}, 'reserved', ${sql.json(lines as never)}, ${attempt})
    on conflict (order_id) do nothing
    returning order_id`;
  return rows.length > 0;
}

/** Reopens an order's reservation for a later attempt (the caller has given back what it held). */
export async function reopenReservation(
  sql: Queryable,
  orderId: number,
  attempt: number,
  lines: ReservationLine[],
): Promise<void> {
  await sql`
    update stock_reservations
    set status = 'reserved', items = ${sql.json(lines as never)}, shortages = null, attempt = ${attempt},
      attempts = attempts + 1, updated_at = now()
    where order_id = ${orderId}`;
}

/** Records an abandoned attempt for an order new here; false when the order has a reservation already. */
export async function insertAbandoned(sql: Queryable, orderId: number, attempt: number): Promise<boolean> {
  const rows = await sql`
    insert into stock_reservations (order_id, status, items, attempt)
    values (${orderId}, 'abandoned', '[]', ${attempt})
    on conflict (order_id) do nothing
    returning order_id`;
  return rows.length > 0;
}

/** Marks an order's reservation abandoned at this attempt (the caller has given back what it held). */
export async function markAbandoned(sql: Queryable, orderId: number, attempt: number): Promise<void> {
  await sql`
    update stock_reservations set status = 'abandoned', attempt = ${attempt}, updated_at = now()
    where order_id = ${orderId}`;
}

/** The order's reservation, locked until the transaction ends. */
export async function lockReservation(sql: Queryable, orderId: number): Promise<Reservation | undefined> {
  const [row] = await sql<Reservation[]>`
    select status, items, shortages, attempt from stock_reservations where order_id = ${orderId} for update`;
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
