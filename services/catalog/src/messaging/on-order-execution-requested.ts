import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { reserveStock } from '../stock/reserve-stock.js';

/** Saga step 2 for a run of requests in the transaction that records them (see reserveStock). */
export const onOrdersExecutionRequested: EventBatchHandler<'order.execution-requested'> = (tx, events) =>
  reserveStock(
    tx,
    events.map((event) => ({ order: event.data, causation: causedBy(event) })),
  );

/** Saga step 2: reserves the order's stock in the transaction that records the message; a run of one. */
export const onOrderExecutionRequested: EventHandler<'order.execution-requested'> = (tx, event) =>
  onOrdersExecutionRequested(tx, [event]);
