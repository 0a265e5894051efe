import { type Queryable, UnauthorizedError, UnprocessableError } from '@shop/platform';
import { insertPricedOrder } from '../data/orders.repository.js';
import { mergeLines, type Order, type RequestedLine } from './order.js';
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
 * Order, lines and total are priced and stored by one statement, which takes the lock.
 */
export async function createOrder(
  sql: Queryable,
  userId: number,
  order: NewOrder,
  shipsTo: ShippingCountries,
): Promise<Order> {
  const country = resolveShippingCountry(order.location, shipsTo);
  const pending = { userId, ...country, lines: mergeLines(order.items) };
  let stored = await insertPricedOrder(sql, pending);
  if (stored === 'unpriceable') {
    // Throws the 422 naming every product the replica does not sell; passes when it changed meanwhile.
    await priceLines(sql, order.items);
    stored = await insertPricedOrder(sql, pending);
  }
  if (stored === 'unpriceable')
    throw new UnprocessableError('The catalog changed while the order was priced: send it again');
  if (stored === 'user_deleted') throw new UnauthorizedError(`User ${userId} was deleted`);
  if (stored === 'total_too_large') throw totalTooLarge();
  return stored;
}
