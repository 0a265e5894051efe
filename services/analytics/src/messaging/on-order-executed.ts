import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { recordSales } from '../sales/record-sale.js';

/** Saga step 4: executed orders become sales facts and move their days' aggregates; a run at once. */
export const onOrderExecutedRun: EventBatchHandler<'order.executed'> = (tx, events) =>
  recordSales(
    tx,
    events.map((event) => event.data),
  );

/** One order.executed: a run of one. */
export const onOrderExecuted: EventHandler<'order.executed'> = (tx, event) => onOrderExecutedRun(tx, [event]);
