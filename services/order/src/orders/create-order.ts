import type { TransactionSql } from '@shop/platform';
import { findOrder, insertOrder } from '../data/orders.repository.js';
import type { Order, RequestedLine } from './order.js';
import { priceLines, setOrderLines } from './price-lines.js';
import { resolveShippingCountry, type ShippingCountries } from './shipping-country.js';

export interface NewOrder {
  location: string;
  items: RequestedLine[];
}

/** Creates a pending order for the user, its lines merged and priced from the catalog replica. */
export async function createOrder(
  tx: TransactionSql,
  userId: number,
  order: NewOrder,
  shipsTo: ShippingCountries,
): Promise<Order> {
  const country = resolveShippingCountry(order.location, shipsTo);
  const lines = await priceLines(tx, order.items);
  const id = await insertOrder(tx, { userId, ...country });
  await setOrderLines(tx, id, lines);
  return (await findOrder(tx, id)) as Order;
}
