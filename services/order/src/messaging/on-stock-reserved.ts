import type { EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { completeExecution } from '../execution/complete-execution.js';

/** Saga step 3: catalog took the stock, so the order is executed. */
export const onStockReserved: EventHandler<'stock.reserved'> = async (tx, event) => {
  await completeExecution(tx, event.data, causedBy(event));
};
