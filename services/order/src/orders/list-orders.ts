import { ForbiddenError, type Queryable } from '@shop/platform';
import { listUserOrders } from '../data/orders.repository.js';
import type { Caller, Order, OrderStatus } from './order.js';

export interface OrderPage {
  items: Order[];
  /** The id the next page starts below; null on the last page. */
  nextBeforeId: number | null;
}

/**
 * A page of one user's orders, newest first, optionally of one status: the caller's own, or (for an
 * admin) any user's; a customer asking for another user's orders is refused with 403.
 */
export async function listOrders(
  sql: Queryable,
  caller: Caller,
  query: { userId?: number; status?: OrderStatus; limit: number; beforeId?: number },
): Promise<OrderPage> {
  const userId = query.userId ?? caller.userId;
  if (userId !== caller.userId && !caller.isAdmin) {
    throw new ForbiddenError('Only an admin may list another user’s orders');
  }
  const rows = await listUserOrders(sql, { ...query, userId });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextBeforeId: rows.length > query.limit && last ? last.id : null };
}
