import type { EventHandler } from '@shop/messaging';
import { recordSale } from '../sales/record-sale.js';

/** Saga step 4: the executed order becomes sales facts and moves its day's aggregates. */
export const onOrderExecuted: EventHandler<'order.executed'> = async (tx, event) => {
  await recordSale(tx, event.data);
};
