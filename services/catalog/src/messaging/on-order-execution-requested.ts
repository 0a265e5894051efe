import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { lockProducts } from '../data/stock.repository.js';
import { reserveStock } from '../stock/reserve-stock.js';

/** Saga step 2: reserves the order's stock in the transaction that records the message. */
export const onOrderExecutionRequested: EventHandler<'order.execution-requested'> = (tx, event) =>
  reserveStock(tx, event.data, causedBy(event));

/**
 * Saga step 2 for a run of requests in one transaction: every product of the run is locked first, in
 * id order, so concurrent batches (other replicas) never deadlock; then each order is reserved in turn.
 */
export const onOrdersExecutionRequested: EventBatchHandler<'order.execution-requested'> = async (
  tx,
  events,
) => {
  await lockProducts(
    tx,
    events.flatMap((event) => event.data.items.map((item) => item.product_id)),
  );
  for (const event of events) await reserveStock(tx, event.data, causedBy(event));
};
