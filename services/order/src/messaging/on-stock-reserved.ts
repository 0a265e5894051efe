import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { completeExecution } from '../execution/complete-execution.js';

/**
 * Saga step 3 for a run of replies: catalog took the stock, so each order is executed. Their
 * statements go out together (postgres.js pipelines them on the transaction's connection) and run in
 * delivery order, so a reply repeated in the run finds its order executed, as it would one by one.
 */
export const onStockReservedRun: EventBatchHandler<'stock.reserved'> = async (tx, events) => {
  await Promise.all(events.map((event) => completeExecution(tx, event.data, causedBy(event))));
};

/** Saga step 3: catalog took the stock, so the order is executed. */
export const onStockReserved: EventHandler<'stock.reserved'> = (tx, event) => onStockReservedRun(tx, [event]);
