import type { Queryable } from '@shop/platform';
import type { StockLine } from '../stock/stock-line.js';
import type { ReservationLine } from './reservations.repository.js';

// Ids and quantities from messages are cast to bigint: one beyond int4 must miss, not fail the statement.

export interface StockLevel {
  quantity: number;
  active: boolean;
  cost: number;
}

/**
 * Locks the products that exist among `productIds` in id order (so reservations never deadlock) and
 * answers their stock, state and cost.
 */
export async function lockStockLevels(
  sql: Queryable,
  productIds: number[],
): Promise<Map<number, StockLevel>> {
  const rows = await sql<{ id: number; quantity: number; active: boolean; cost: string }[]>`
    select id, quantity, active, cost from products where id = any(${productIds}::bigint[])
    order by id for update`;
  return new Map(
    rows.map(({ id, quantity, active, cost }) => [id, { quantity, active, cost: Number(cost) }]),
  );
}

/**
 * Takes the units of every line from active products that have them all (guarded) and records what
 * the order's open reservation took (with unit costs), in one statement; the ids it took from.
 */
export async function takeStockFor(
  sql: Queryable,
  orderId: number,
  lines: StockLine[],
  reserved: ReservationLine[],
): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    with taken as (
      update products p set quantity = p.quantity - l.quantity, updated_at = now()
      from unnest(${lines.map((line) => line.productId)}::bigint[], ${lines.map((line) => line.quantity)}::bigint[])
        as l(id, quantity)
      where p.id = l.id and p.active and p.quantity >= l.quantity
      returning p.id),
    recorded as (
      update stock_reservations set items = ${sql.json(reserved as never)}, updated_at = now()
      where order_id = ${orderId})
    select id from taken`;
  return rows.map((row) => row.id);
}

// The largest quantity a product holds (its column is an int4).
const MAX_QUANTITY = 2_147_483_647;

/**
 * Puts the units of one line back, even into a product removed since (its row is still there); a
 * product restocked meanwhile to the largest quantity stays there, so the release is never refused.
 */
export async function returnStock(sql: Queryable, line: StockLine): Promise<void> {
  await sql`
    update products set quantity = least(quantity::bigint + ${line.quantity}::bigint, ${MAX_QUANTITY}),
      updated_at = now()
    where id = ${line.productId}::bigint`;
}
