import type { Queryable } from '@shop/platform';
import type { Order, OrderStatus, Rejection, RejectionReason, RequestedLine } from '../orders/order.js';
import { userDeletedUnderSharedLock } from './deleted-users.repository.js';
import { MAX_TOTAL } from './order-items.repository.js';

interface OrderRow {
  id: number;
  user_id: number;
  status: OrderStatus;
  location: string;
  country_code: string;
  total: string;
  rejection: { rejected_at: string; reason?: RejectionReason; shortages: Rejection['shortages'] } | null;
  created_at: Date;
  updated_at: Date;
  executed_at: Date | null;
  cancelled_at: Date | null;
  restocked_at: Date | null;
  items: {
    product_id: number;
    product_name: string;
    quantity: number;
    unit_price: number;
    line_total: number;
  }[];
}

/** The columns of an order with its lines (line totals computed in SQL), for `from orders o`. */
function orderColumns(sql: Queryable) {
  return sql`
    o.id, o.user_id, o.status, o.location, o.country_code, o.total, o.rejection,
    o.created_at, o.updated_at, o.executed_at, o.cancelled_at, o.restocked_at,
    coalesce((
      select json_agg(json_build_object(
        'product_id', i.product_id, 'product_name', i.product_name, 'quantity', i.quantity,
        'unit_price', i.unit_price, 'line_total', i.quantity * i.unit_price) order by i.product_id)
      from order_items i where i.order_id = o.id), '[]') as items`;
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    location: row.location,
    countryCode: row.country_code,
    items: row.items.map((item) => ({
      productId: item.product_id,
      productName: item.product_name,
      quantity: item.quantity,
      unitPrice: Number(item.unit_price),
      lineTotal: Number(item.line_total),
    })),
    total: Number(row.total),
    rejection: row.rejection
      ? {
          rejectedAt: new Date(row.rejection.rejected_at).toISOString(),
          // Rejections stored before reasons existed were all catalog's.
          reason: row.rejection.reason ?? 'stock_unavailable',
          shortages: row.rejection.shortages,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    executedAt: row.executed_at,
    cancelledAt: row.cancelled_at,
    restockedAt: row.restocked_at,
  };
}

/**
 * Each order of the CTE `settled` (rows of orders, every column) with its lines as JSON text, for a
 * notification: `orderFromJson` reads it back as `findOrder` would answer.
 */
export function ordersAsJson(sql: Queryable, settled: string) {
  return sql`
    select o.id, row_to_json(r)::text as json
    from ${sql(settled)} o cross join lateral (select ${orderColumns(sql)}) r`;
}

const TIMESTAMPS = ['created_at', 'updated_at', 'executed_at', 'cancelled_at', 'restocked_at'] as const;

/** An order from its `ordersAsJson` text. */
export function orderFromJson(json: string): Order {
  const row = JSON.parse(json) as Record<string, unknown>;
  for (const column of TIMESTAMPS)
    row[column] = row[column] === null ? null : new Date(row[column] as string);
  return toOrder(row as unknown as OrderRow);
}

/** One order with its lines, or undefined. */
export async function findOrder(sql: Queryable, id: number): Promise<Order | undefined> {
  const [row] = await sql<OrderRow[]>`select ${orderColumns(sql)} from orders o where o.id = ${id}`;
  return row && toOrder(row);
}

/** A page of a user's orders, newest first, starting below `beforeId`; fetches `limit + 1` to tell if more follow. */
export async function listUserOrders(
  sql: Queryable,
  query: { userId: number; status?: OrderStatus; limit: number; beforeId?: number },
): Promise<Order[]> {
  const rows = await sql<OrderRow[]>`
    select ${orderColumns(sql)} from orders o
    where o.user_id = ${query.userId}
      ${query.status ? sql`and o.status = ${query.status}` : sql``}
      ${query.beforeId ? sql`and o.id < ${query.beforeId}` : sql``}
    order by o.id desc
    limit ${query.limit + 1}`;
  return rows.map(toOrder);
}

/**
 * Why an order was not stored: its user is gone, its total does not fit numeric(12,2), or (priced from
 * the replica) a line's product is unknown to the replica or no longer sold.
 */
export type OrderRefusal = 'user_deleted' | 'total_too_large' | 'unpriceable';

/**
 * Stores a pending order with its lines (merged: one per product), priced from the catalog replica, and
 * its total in one statement (its own transaction, which holds the user's lock shared), and answers it
 * as read back; nothing is stored when the replica does not sell a line's product, auth deleted the
 * user or the total would not fit.
 */
export async function insertPricedOrder(
  sql: Queryable,
  order: { userId: number; location: string; countryCode: string; lines: RequestedLine[] },
): Promise<Order | OrderRefusal> {
  const { lines } = order;
  const [row] = await sql<(OrderRow & { refusal: OrderRefusal | null })[]>`
    with priced (product_id, product_name, category_id, category_name, quantity, unit_price) as (
      select p.id, p.name, p.category_id, coalesce(c.name, ''), line.quantity, p.price
      from unnest(${lines.map((line) => line.product_id)}::int[], ${lines.map((line) => line.quantity)}::int[])
        as line (product_id, quantity)
      join catalog_products p on p.id = line.product_id and p.name is not null and p.active
      left join catalog_categories c on c.id = p.category_id),
    checks as (
      select (select count(*) from priced) = ${lines.length} as all_priced,
        ${userDeletedUnderSharedLock(sql, order.userId)} as user_deleted,
        (select sum(quantity * unit_price) from priced) as total),
    o as (
      insert into orders (user_id, status, location, country_code, total)
      select ${order.userId}, 'pending', ${order.location}, ${order.countryCode}, checks.total
      from checks where checks.all_priced and not checks.user_deleted and checks.total <= ${MAX_TOTAL}::numeric
      returning *),
    items as (
      insert into order_items (order_id, product_id, product_name, category_id, category_name, quantity, unit_price)
      select o.id, priced.* from o, priced
      returning *)
    select o.id, o.user_id, o.status, o.location, o.country_code, o.total, o.rejection,
      o.created_at, o.updated_at, o.executed_at, o.cancelled_at, o.restocked_at,
      (select json_agg(json_build_object(
        'product_id', i.product_id, 'product_name', i.product_name, 'quantity', i.quantity,
        'unit_price', i.unit_price, 'line_total', i.quantity * i.unit_price) order by i.product_id)
       from items i) as items,
      null as refusal
    from o
    union all
    select null, null, null, null, null, null, null, null, null, null, null, null, null,
      case when not checks.all_priced then 'unpriceable'
        when checks.user_deleted then 'user_deleted' else 'total_too_large' end
    from checks where not exists (select 1 from o)`;
  const stored = row as OrderRow & { refusal: OrderRefusal | null };
  return stored.refusal ?? toOrder(stored);
}

/** The owner and status of an order, locked until the transaction ends. */
export async function lockOrder(
  sql: Queryable,
  id: number,
): Promise<{ userId: number; status: OrderStatus } | undefined> {
  const [row] = await sql<{ user_id: number; status: OrderStatus }[]>`
    select user_id, status from orders where id = ${id} for update`;
  return row && { userId: row.user_id, status: row.status };
}

/** Changes where a pending order ships to. */
export async function setLocation(
  sql: Queryable,
  id: number,
  location: { location: string; countryCode: string },
): Promise<void> {
  await sql`
    update orders set location = ${location.location}, country_code = ${location.countryCode}, updated_at = now()
    where id = ${id}`;
}

/** Remembers that auth deleted a user. */
export async function recordUserDeleted(sql: Queryable, userId: number): Promise<void> {
  await sql`insert into deleted_users (user_id) values (${userId}) on conflict do nothing`;
}
