import { type TransactionSql, UnauthorizedError } from '@shop/platform';
import { isUserDeleted, lockUserOrders } from '../data/deleted-users.repository.js';
import { findOrder, insertOrder } from '../data/orders.repository.js';
import type { Order, RequestedLine } from './order.js';
import { priceLines, setOrderLines } from './price-lines.js';
import { resolveShippingCountry, type ShippingCountries } from './shipping-country.js';

export interface NewOrder {
  location: string;
  items: RequestedLine[];
}

/**
 * Creates a pending order for the user, its lines merged and priced from the catalog replica; 401 for
 * a user auth deleted (checked under the user's lock, so user.deleted handled meanwhile still sees it).
 */
export async function createOrder(
  tx: TransactionSql,
  userId: number,
  order: NewOrder,
  shipsTo: ShippingCountries,
): Promise<Order> {
  const country = resolveShippingCountry(order.location, shipsTo);
  await lockUserOrders(tx, userId, 'shared');
  if (await isUserDeleted(tx, userId)) throw new UnauthorizedError(`User ${userId} was deleted`);
  const lines = await priceLines(tx, order.items);
  const id = await insertOrder(tx, { userId, ...country });
  await setOrderLines(tx, id, lines);
  return (await findOrder(tx, id)) as Order;
}
