import type { Queryable } from '@shop/platform';
import { findOrder } from '../data/orders.repository.js';
import { type Caller, canRead, type Order } from './order.js';
import { orderNotFound } from './order-errors.js';

/** One order, for its owner or an admin; 404 for anyone else, as for a missing one. */
export async function getOrder(sql: Queryable, id: number, caller: Caller): Promise<Order> {
  const order = await findOrder(sql, id);
  if (!order || !canRead(order, caller)) throw orderNotFound(id);
  return order;
}
