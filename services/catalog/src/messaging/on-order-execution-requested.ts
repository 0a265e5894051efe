import type { EventHandler } from '@shop/messaging';
import { reserveStock } from '../stock/reserve-stock.js';
import { causedBy } from './causation.js';

/** Saga step 2: reserves the order's stock in the transaction that records the message. */
export const onOrderExecutionRequested: EventHandler<'order.execution-requested'> = (tx, event) =>
  reserveStock(tx, event.data, causedBy(event));
