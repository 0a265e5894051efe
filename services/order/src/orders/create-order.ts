import { type Queryable, UnauthorizedError } from '@shop/platform';
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
 * Order, lines and total are stored by one statement, which takes the lock, after the prices.
 */
export async function createOrder(
  sql: Queryable,
  userId: number,
  order: NewOrder,
  shipsTo: ShippingCountries,
): Promise<Order> {
  const country = resolveShippingCountry(order.location, shipsTo);
  const lines = await priceLines(sql, order.items);
  const stored = await insertPricedOrder(sql, { userId, ...country, lines });
  if (stored === 'user_deleted') throw new UnauthorizedError(`User ${userId} was deleted`);
  if (stored === 'total_too_large') throw totalTooLarge();
  return stored;
}
