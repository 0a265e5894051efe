import type { Queryable } from '@shop/platform';

/** A line priced from the replica, as stored on the order. */
export interface PricedLine {
  productId: number;
  productName: string;
  categoryId: number;
  categoryName: string;
  quantity: number;
  unitPrice: number;
}

// Largest value of numeric(12,2), the type of an order's total.
export const MAX_TOTAL = '9999999999.99';

/** Replaces the lines of an order and recomputes its total in SQL; false when the total would not fit. */
export async function replaceLines(sql: Queryable, orderId: number, lines: PricedLine[]): Promise<boolean> {
  await sql`delete from order_items where order_id = ${orderId}`;
  const rows = lines.map((line) => ({
    order_id: orderId,
    product_id: line.productId,
    product_name: line.productName,
    category_id: line.categoryId,
    category_name: line.categoryName,
    quantity: line.quantity,
    unit_price: line.unitPrice,
  }));
  await sql`insert into order_items ${sql(rows)}`;
  const updated = await sql`
    update orders o set total = sums.total, updated_at = now()
    from (select sum(quantity * unit_price) as total from order_items where order_id = ${orderId}) sums
    where o.id = ${orderId} and sums.total <= ${MAX_TOTAL}::numeric
    returning o.id`;
  return updated.length > 0;
}

/** A line as catalog is asked to reserve it. */
export interface LineToReserve {
  product_id: number;
  quantity: number;
}

/** Product ids and quantities of an order, in product-id order (what catalog is asked to reserve). */
export async function linesToReserve(sql: Queryable, orderId: number): Promise<LineToReserve[]> {
  return sql<LineToReserve[]>`
    select product_id, quantity from order_items where order_id = ${orderId} order by product_id`;
}

/** A line row with the replica's names (replicaLineColumns), before toPricedLine. */
export interface PricedLineRow {
  product_id: number;
  product_name: string;
  category_id: number;
  category_name: string;
  quantity: number;
  unit_price: string;
}

/** The columns of a line `i` (order_items) with product and category names from the replica, falling back to the stored ones. */
export function replicaLineColumns(sql: Queryable) {
  return sql`
    i.product_id, coalesce(p.name, i.product_name) as product_name,
    coalesce(c.id, i.category_id) as category_id, coalesce(c.name, i.category_name) as category_name,
    i.quantity, i.unit_price`;
}

/** Joins the replica's product `p` and category `c` of a line `i`, for replicaLineColumns. */
export function replicaNamesJoin(sql: Queryable) {
  return sql`
    left join catalog_products p on p.id = i.product_id
    left join catalog_categories c on c.id = p.category_id`;
}

export function toPricedLine(row: PricedLineRow): PricedLine {
  return {
    productId: row.product_id,
    productName: row.product_name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    quantity: row.quantity,
    unitPrice: Number(row.unit_price),
  };
}
