import type { Sql } from '@shop/platform';
import { findOrder, lockOrder, setLocation } from '../data/orders.repository.js';
import type { Order, RequestedLine } from './order.js';
import { orderNotFound, wrongState } from './order-errors.js';
import { priceLines, setOrderLines } from './price-lines.js';
import { resolveShippingCountry, type ShippingCountries } from './shipping-country.js';

export interface OrderChanges {
  id: number;
  items: RequestedLine[];
  location?: string | undefined;
}

/** Replaces a pending order's lines (prices taken again from the replica) and maybe its location. */
export async function updateOrder(
  sql: Sql,
  userId: number,
  changes: OrderChanges,
  shipsTo: ShippingCountries,
): Promise<Order> {
  return sql.begin(async (tx) => {
    const current = await lockOrder(tx, changes.id);
    if (!current || current.userId !== userId) throw orderNotFound(changes.id);
    if (current.status !== 'pending') {
      throw wrongState(changes.id, current.status, 'only a pending order can be changed');
    }
    if (changes.location !== undefined) {
      await setLocation(tx, changes.id, resolveShippingCountry(changes.location, shipsTo));
    }
    await setOrderLines(tx, changes.id, await priceLines(tx, changes.items));
    return (await findOrder(tx, changes.id)) as Order;
  }) as Promise<Order>;
}
