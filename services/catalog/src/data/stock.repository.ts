import type { Queryable } from '@shop/platform';
import type { StockLine } from '../stock/stock-line.js';

// Ids and quantities from messages are cast to bigint: one beyond int4 must miss, not fail the statement.

/** Takes the units of one line if the active product has them all; its unit cost, or undefined. */
export async function takeStock(sql: Queryable, line: StockLine): Promise<number | undefined> {
  const [row] = await sql<{ cost: string }[]>`
    update products set quantity = quantity - ${line.quantity}::bigint, updated_at = now()
    where id = ${line.productId}::bigint and active and quantity >= ${line.quantity}::bigint
    returning cost`;
  return row ? Number(row.cost) : undefined;
}

/** Puts the units of one line back, even into a product removed since (its row is still there). */
export async function returnStock(sql: Queryable, line: StockLine): Promise<void> {
  await sql`
    update products set quantity = quantity + ${line.quantity}, updated_at = now()
    where id = ${line.productId}`;
}

export interface StockLevel {
  quantity: number;
  active: boolean;
}

/** Stock and state of the products that exist among `productIds`. */
export async function stockLevels(sql: Queryable, productIds: number[]): Promise<Map<number, StockLevel>> {
  const rows = await sql<(StockLevel & { id: number })[]>`
    select id, quantity, active from products where id = any(${productIds}::bigint[])`;
  return new Map(rows.map(({ id, quantity, active }) => [id, { quantity, active }]));
}
