import { type TransactionSql, UnauthorizedError } from '@shop/platform';
import { lockUserOrders } from '../data/deleted-users.repository.js';
import { insertPricedOrder } from '../data/orders.repository.js';
import type { Order, RequestedLine } from './order.js';
import { totalTooLarge } from './order-errors.js';
import { priceLines } from './price-lines.js';
import { resolveShippingCountry, type ShippingCountries } from './shipping-country.js';

export interface NewOrder {
  location: string;
  items: RequestedLine[];
}

/**
 * Creates a pending order for the user, its lines merged and priced from the catalog replica; 401 for
 * a user auth deleted (checked under the user's lock, so user.deleted handled meanwhile still sees it).
 * Three round trips: the lock and the prices together, then one statement storing order, lines and total.
 */
export async function createOrder(
  tx: TransactionSql,
  userId: number,
  order: NewOrder,
  shipsTo: ShippingCountries,
): Promise<Order> {
  const country = resolveShippingCountry(order.location, shipsTo);
  const [, lines] = await Promise.all([lockUserOrders(tx, userId, 'shared'), priceLines(tx, order.items)]);
  const stored = await insertPricedOrder(tx, { userId, ...country, lines });
  if (stored === 'user_deleted') throw new UnauthorizedError(`User ${userId} was deleted`);
  if (stored === 'total_too_large') throw totalTooLarge();
  return stored;
}
