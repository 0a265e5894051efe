import type { Queryable } from '@shop/platform';
import { listUserOrders } from '../data/orders.repository.js';
import type { Order, OrderStatus } from './order.js';

export interface OrderPage {
  items: Order[];
  /** The id the next page starts below; null on the last page. */
  nextBeforeId: number | null;
}

/** A page of the user's own orders, newest first, optionally of one status. */
export async function listOrders(
  sql: Queryable,
  query: { userId: number; status?: OrderStatus; limit: number; beforeId?: number },
): Promise<OrderPage> {
  const rows = await listUserOrders(sql, query);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextBeforeId: rows.length > query.limit && last ? last.id : null };
}
